package net.aitbc.chain.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;

/**
 * A job receipt with its signature (coordinator.md, Receipts): {@code signature: {alg: "Ed25519", key_id: <signer
 * address>, public_key, sig}}, where {@code sig} signs the canonical form of the receipt without its signature.
 */
public record SignedReceipt(JsonObject json, String receiptId, String jobId, String provider, String signer) {

    public static SignedReceipt parse(JsonObject receipt) {
        String id = string(receipt, "receipt_id");
        if (id == null || id.isBlank() || id.length() > 128) {
            throw invalid("receipt.receipt_id must be a string of 1 to 128 characters");
        }
        JsonValue sigValue = receipt.get("signature");
        if (sigValue == null || sigValue.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("receipt.signature must be {alg, key_id, public_key, sig}");
        }
        JsonObject signature = sigValue.asJsonObject();
        if (!"Ed25519".equals(string(signature, "alg"))) {
            throw invalid("receipt.signature.alg must be Ed25519");
        }
        byte[] key = Hashes.parseHex(lower(string(signature, "public_key")), 32);
        byte[] sig = Hashes.parseHex(lower(string(signature, "sig")), 64);
        if (key == null || sig == null) {
            throw invalid("receipt.signature needs a 64-hex public_key and a 128-hex sig");
        }
        String signer = Address.of(key);
        if (!signer.equals(Address.normalise(string(signature, "key_id")))) {
            throw invalid("receipt.signature.key_id must be the address of its public_key (" + signer + ")");
        }
        if (!Ed25519.verify(key, signingBytes(receipt), sig)) {
            throw invalid("receipt signature does not verify over the canonical receipt without its signature");
        }
        return new SignedReceipt(receipt, id, string(receipt, "job_id"), string(receipt, "provider"), signer);
    }

    /** The canonical receipt without its {@code signature} member: what the signer signs. */
    public static byte[] signingBytes(JsonObject receipt) {
        var unsigned = JsonCodec.createObjectBuilder(receipt);
        unsigned.remove("signature");
        return CanonicalJson.bytes(unsigned.build());
    }

    /** Signs a receipt (tests and, later, the coordinator). */
    public static JsonObject sign(JsonObject receipt, Ed25519.KeyPair key) {
        String sig = Hashes.hex(key.sign(signingBytes(receipt)));
        return JsonCodec.createObjectBuilder(receipt).add("signature", JsonCodec.createObjectBuilder()
                .add("alg", "Ed25519").add("key_id", key.address()).add("public_key", key.publicKeyHex())
                .add("sig", sig)).build();
    }

    private static String string(JsonObject o, String field) {
        JsonValue v = o.get(field);
        return v instanceof JsonString s ? s.getString() : null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static TxRejectedException invalid(String message) {
        return new TxRejectedException(RejectReason.INVALID_RECEIPT, message, "payload.receipt");
    }
}
