package net.aitbc.chain.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Locale;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;

/**
 * A signed transaction as it travels ({@code /rpc/sendTx} body, blocks) with what follows from it: the signing
 * bytes = RFC 8785 form of {@code {chain_id, type, sender, nonce, fee, payload}}, {@code tx_hash} = 0x + SHA-256 of
 * them. Construction checks form only; {@link #checkSignature()} checks the key and signature.
 */
public record SignedTx(String chainId, TxType type, String sender, long nonce, long fee, JsonObject payload,
                       String publicKey, String sig, byte[] signingBytes, String hash) {

    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Reads and form-checks a wire body; every problem is a {@link TxRejectedException} naming the field. */
    public static SignedTx fromWire(JsonObject body) {
        String typeName = WireFields.string(body, "type");
        TxType type = TxType.parse(typeName).orElseThrow(() -> new TxRejectedException(RejectReason.UNKNOWN_TYPE,
                "unknown transaction type '" + abbreviate(typeName) + "'; known: " + TxType.known(), "type"));
        String chainId = WireFields.string(body, "chain_id");
        String sender = canonicalAddress(body, "sender");
        long nonce = WireFields.integer(body, "nonce");
        long fee = WireFields.integer(body, "fee");
        JsonObject payload = WireFields.object(body, "payload");
        if (!body.containsKey("sig") || body.isNull("sig") || !body.containsKey("public_key") || body.isNull("public_key")) {
            throw new TxRejectedException(RejectReason.MISSING_SIGNATURE,
                    "the transaction is not signed: public_key and sig are required (this chain accepts only "
                            + "Ed25519-signed transactions)", body.containsKey("public_key") ? "sig" : "public_key");
        }
        String publicKey = WireFields.string(body, "public_key").toLowerCase(Locale.ROOT);
        if (Hashes.parseHex(publicKey, 32) == null) {
            throw WireFields.invalid("public_key", "public_key must be 64 hex characters (raw Ed25519 key)");
        }
        String sig = WireFields.string(body, "sig").toLowerCase(Locale.ROOT);
        if (Hashes.parseHex(sig, 64) == null) {
            throw WireFields.invalid("sig", "sig must be 128 hex characters (Ed25519 signature)");
        }
        checkPayload(type, payload, sender);
        return create(chainId, type, sender, nonce, fee, payload, publicKey, sig);
    }

    private static SignedTx create(String chainId, TxType type, String sender, long nonce, long fee,
                                   JsonObject payload, String publicKey, String sig) {
        byte[] payloadBytes = CanonicalJson.bytes(payload);
        if (payloadBytes.length > MAX_PAYLOAD_BYTES) {
            throw new TxRejectedException(RejectReason.PAYLOAD_TOO_LARGE, "the canonical payload has "
                    + payloadBytes.length + " bytes; the limit is " + MAX_PAYLOAD_BYTES, "payload");
        }
        byte[] signing = signingBytes(chainId, type, sender, nonce, fee, payload);
        return new SignedTx(chainId, type, sender, nonce, fee, payload, publicKey, sig, signing,
                Hashes.prefixed(Hashes.sha256(signing)));
    }

    /** Builds and signs a transaction (client library, faucet, tests). */
    public static SignedTx sign(String chainId, TxType type, long nonce, long fee, JsonObject payload,
                                Ed25519.KeyPair key) {
        String sender = key.address();
        byte[] signing = signingBytes(chainId, type, sender, nonce, fee, payload);
        return create(chainId, type, sender, nonce, fee, payload, key.publicKeyHex(), Hashes.hex(key.sign(signing)));
    }

    public static byte[] signingBytes(String chainId, TxType type, String sender, long nonce, long fee,
                                      JsonObject payload) {
        return CanonicalJson.bytes(Json.createObjectBuilder()
                .add("chain_id", chainId).add("type", type.name()).add("sender", sender)
                .add("nonce", nonce).add("fee", fee).add("payload", payload).build());
    }

    /** The public key derives the sender and the signature verifies over the signing bytes. */
    public void checkSignature() {
        byte[] key = Hashes.parseHex(publicKey, 32);
        if (!Address.of(key).equals(sender)) {
            throw new TxRejectedException(RejectReason.KEY_MISMATCH,
                    "public_key does not belong to sender " + sender + " (it derives " + Address.of(key) + ")",
                    "public_key");
        }
        if (!Ed25519.verify(key, signingBytes, Hashes.parseHex(sig, 64))) {
            throw new TxRejectedException(RejectReason.BAD_SIGNATURE,
                    "sig does not verify over the canonical {chain_id, type, sender, nonce, fee, payload}", "sig");
        }
    }

    /** Transfers and mints: who receives; null for other types. */
    public String recipient() {
        return type == TxType.TRANSFER || type == TxType.MINT ? payload.getString("recipient") : null;
    }

    /** Transfers, mints and locks: how much moves; 0 for other types. */
    public long amount() {
        return type == TxType.TRANSFER || type == TxType.MINT || type == TxType.ESCROW_LOCK
                ? payload.getJsonNumber("amount").longValueExact() : 0;
    }

    /** What the sender's balance must cover: the fee, and what a transfer or lock takes from it. */
    public long cost() {
        return (type == TxType.TRANSFER || type == TxType.ESCROW_LOCK ? amount() : 0) + fee;
    }

    /** The escrow a settle or reclaim closes (null for other types). */
    public String closedEscrowId() {
        return type.closesEscrow() ? payload.getString("escrow_id") : null;
    }

    /** Size counted against block limits: the signing bytes plus key and signature. */
    public int size() {
        return signingBytes.length + 32 + 64;
    }

    public JsonObject toWire() {
        return Json.createObjectBuilder()
                .add("chain_id", chainId).add("type", type.name()).add("sender", sender)
                .add("nonce", nonce).add("fee", fee).add("payload", payload)
                .add("public_key", publicKey).add("sig", sig).build();
    }

    private static void checkPayload(TxType type, JsonObject payload, String sender) {
        switch (type) {
            case ESCROW_LOCK -> EscrowPayload.readLock(payload, sender);
            case ESCROW_SETTLE -> EscrowPayload.readSettle(payload);
            case ESCROW_RECLAIM -> EscrowPayload.escrowId(payload);
            case TRANSFER, MINT -> {
                canonicalAddressIn(payload, "recipient", "payload.recipient");
                long amount = integerIn(payload, "amount", "payload.amount");
                if (amount < 1) {
                    throw WireFields.invalid("payload.amount", "payload.amount must be at least 1");
                }
            }
            case RECEIPT_CLAIM -> {
                JsonValue receipt = payload.get("receipt");
                if (receipt == null || receipt.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw WireFields.invalid("payload.receipt", "payload.receipt must be a signed receipt object");
                }
            }
        }
    }

    private static long integerIn(JsonObject o, String field, String qualified) {
        try {
            return WireFields.integer(o, field);
        } catch (TxRejectedException e) {
            throw WireFields.invalid(qualified, "payload." + e.getMessage());
        }
    }

    private static String canonicalAddress(JsonObject o, String field) {
        return canonicalAddressIn(o, field, field);
    }

    private static String canonicalAddressIn(JsonObject o, String field, String qualified) {
        String value;
        try {
            value = WireFields.string(o, field);
        } catch (TxRejectedException e) {
            throw WireFields.invalid(qualified, qualified + " must be an address string");
        }
        String canonical = Address.normalise(value);
        if (canonical == null) {
            throw WireFields.invalid(qualified, qualified + " is not an address (ait1 + 40 hex characters)");
        }
        if (!canonical.equals(value)) {
            throw WireFields.invalid(qualified, qualified + " must be written in lowercase, as signed: " + canonical);
        }
        return canonical;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
