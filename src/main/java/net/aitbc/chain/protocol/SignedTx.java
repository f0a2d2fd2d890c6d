package net.aitbc.chain.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;

/**
 * A signed transaction as it travels ({@code /rpc/sendTx} body, blocks) with what follows from it: the signing
 * bytes = RFC 8785 form of {@code {chain_id, type, sender, nonce, fee, payload}}, {@code tx_hash} = 0x + SHA-256 of
 * them. Construction checks form only; {@link #checkSignature()} checks the key and signature. The payload is
 * canonicalised once ({@code canonicalPayload}); a transaction read back from the database carries its stored
 * canonical payload and hash, and computes its signing bytes only if something verifies it.
 */
public record SignedTx(String chainId, TxType type, String sender, long nonce, long fee, JsonObject payload,
                       String publicKey, String sig, byte[] signingBytes, String hash, String canonicalPayload) {

    /** A transaction as stored (its hash and canonical payload known): signing bytes on demand. */
    public static SignedTx stored(String chainId, TxType type, String sender, long nonce, long fee,
                                  JsonObject payload, String canonicalPayload, String publicKey, String sig,
                                  String hash) {
        return new SignedTx(chainId, type, sender, nonce, fee, payload, publicKey, sig, null, hash, canonicalPayload);
    }

    @Override
    public byte[] signingBytes() {
        return signingBytes != null ? signingBytes : signingBytes(chainId, type, sender, nonce, fee, canonicalPayload());
    }

    @Override
    public String canonicalPayload() {
        return canonicalPayload != null ? canonicalPayload : CanonicalJson.string(payload);
    }

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
        String canonical = canonicalWithinLimit(payload);
        byte[] signing = signingBytes(chainId, type, sender, nonce, fee, canonical);
        return new SignedTx(chainId, type, sender, nonce, fee, payload, publicKey, sig, signing,
                Hashes.prefixed(Hashes.sha256(signing)), canonical);
    }

    /** Builds and signs a transaction (client library, faucet, tests). */
    public static SignedTx sign(String chainId, TxType type, long nonce, long fee, JsonObject payload,
                                Ed25519.KeyPair key) {
        String sender = key.address();
        String canonical = canonicalWithinLimit(payload);
        byte[] signing = signingBytes(chainId, type, sender, nonce, fee, canonical);
        return new SignedTx(chainId, type, sender, nonce, fee, payload, key.publicKeyHex(),
                Hashes.hex(key.sign(signing)), signing, Hashes.prefixed(Hashes.sha256(signing)), canonical);
    }

    private static String canonicalWithinLimit(JsonObject payload) {
        String canonical = CanonicalJson.string(payload);
        int bytes = canonical.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new TxRejectedException(RejectReason.PAYLOAD_TOO_LARGE, "the canonical payload has " + bytes
                    + " bytes; the limit is " + MAX_PAYLOAD_BYTES, "payload");
        }
        return canonical;
    }

    public static byte[] signingBytes(String chainId, TxType type, String sender, long nonce, long fee,
                                      JsonObject payload) {
        return signingBytes(chainId, type, sender, nonce, fee, CanonicalJson.string(payload));
    }

    /**
     * The canonical {chain_id, fee, nonce, payload, sender, type} from an already canonical payload: the library
     * canonicalises the object without its payload, and the payload's canonical form goes in where JCS orders it,
     * between "nonce" and "sender" (keys sort as chain_id, fee, nonce, payload, sender, type). The text
     * {@code ,"sender":} cannot occur earlier, inside a string value, because a quote there is escaped. So the
     * payload is canonicalised once per transaction, not once alone and again inside the whole.
     */
    static byte[] signingBytes(String chainId, TxType type, String sender, long nonce, long fee,
                               String canonicalPayload) {
        String rest = CanonicalJson.string(JsonCodec.createObjectBuilder()
                .add("chain_id", chainId).add("type", type.name()).add("sender", sender)
                .add("nonce", nonce).add("fee", fee).build());
        int at = rest.indexOf(",\"sender\":");
        return (rest.substring(0, at) + ",\"payload\":" + canonicalPayload + rest.substring(at))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The public key derives the sender and the signature verifies over the signing bytes. */
    public void checkSignature() {
        byte[] key = Hashes.parseHex(publicKey, 32);
        if (!Address.of(key).equals(sender)) {
            throw new TxRejectedException(RejectReason.KEY_MISMATCH,
                    "public_key does not belong to sender " + sender + " (it derives " + Address.of(key) + ")",
                    "public_key");
        }
        if (!Ed25519.verify(key, signingBytes(), Hashes.parseHex(sig, 64))) {
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
        return signingBytes().length + 32 + 64;
    }

    public JsonObject toWire() {
        return JsonCodec.createObjectBuilder()
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
