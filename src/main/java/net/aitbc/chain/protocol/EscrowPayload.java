package net.aitbc.chain.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Hashes;

/**
 * The payloads of the escrow transactions (chain.md, "Escrow on chain"), read with every form rule that needs
 * no state, and built for clients that sign them. Each problem is a 400 naming the payload field.
 */
public final class EscrowPayload {

    public static final int MAX_PAYOUTS = 16;
    public static final int MAX_REFERENCE_LENGTH = 128;
    public static final int MAX_RECEIPT_ID_LENGTH = 128;

    private EscrowPayload() {
    }

    /** {@code ESCROW_LOCK}: {@code amount} from the sender into an escrow that {@code arbiter} may pay out. */
    public record Lock(long amount, String arbiter, long expiresAtHeight, String reference) {
    }

    /** {@code ESCROW_SETTLE}: the arbiter pays the whole locked amount out, optionally naming a receipt. */
    public record Settle(String escrowId, List<Payout> payouts, String receiptId) {

        public long total() {
            return payouts.stream().mapToLong(Payout::amount).sum();
        }
    }

    public record Payout(String recipient, long amount) {

        public JsonObject toJson() {
            return JsonCodec.createObjectBuilder().add("recipient", recipient).add("amount", amount).build();
        }
    }

    public static JsonObject lock(long amount, String arbiter, long expiresAtHeight, String reference) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("amount", amount).add("arbiter", arbiter)
                .add("expires_at_height", expiresAtHeight);
        if (reference != null) {
            b.add("reference", reference);
        }
        return b.build();
    }

    public static JsonObject settle(String escrowId, List<Payout> payouts, String receiptId) {
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        payouts.forEach(p -> list.add(p.toJson()));
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("escrow_id", escrowId).add("payouts", list);
        if (receiptId != null) {
            b.add("receipt_id", receiptId);
        }
        return b.build();
    }

    public static JsonObject reclaim(String escrowId) {
        return JsonCodec.createObjectBuilder().add("escrow_id", escrowId).build();
    }

    /** Reads a lock payload of {@code sender}: amount ≥ 1, a well-formed arbiter other than the sender. */
    public static Lock readLock(JsonObject p, String sender) {
        long amount = integer(p, "amount");
        if (amount < 1) {
            throw WireFields.invalid("payload.amount", "payload.amount must be at least 1");
        }
        String arbiter = address(p, "arbiter");
        if (arbiter.equals(sender)) {
            throw WireFields.invalid("payload.arbiter", "payload.arbiter must be another address than the sender");
        }
        long expires = integer(p, "expires_at_height");
        if (expires < 1) {
            throw WireFields.invalid("payload.expires_at_height", "payload.expires_at_height must be at least 1");
        }
        String reference = optionalString(p, "reference", MAX_REFERENCE_LENGTH);
        return new Lock(amount, arbiter, expires, reference);
    }

    public static Settle readSettle(JsonObject p) {
        String escrowId = escrowId(p);
        JsonValue list = p.get("payouts");
        if (list == null || list.getValueType() != JsonValue.ValueType.ARRAY) {
            throw WireFields.invalid("payload.payouts", "payload.payouts must be an array of {recipient, amount}");
        }
        int n = list.asJsonArray().size();
        if (n < 1 || n > MAX_PAYOUTS) {
            throw WireFields.invalid("payload.payouts", "payload.payouts must hold 1 to " + MAX_PAYOUTS
                    + " entries, not " + n);
        }
        List<Payout> payouts = new ArrayList<>();
        long total = 0;
        for (JsonValue v : list.asJsonArray()) {
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw WireFields.invalid("payload.payouts", "each payout must be {recipient, amount}");
            }
            JsonObject o = v.asJsonObject();
            String recipient = addressIn(o, "recipient", "payload.payouts");
            long amount = integerIn(o, "amount", "payload.payouts");
            total += amount;
            if (total > WireFields.MAX_SAFE_INTEGER) {
                throw WireFields.invalid("payload.payouts", "the payouts add up to more than 2^53 - 1");
            }
            payouts.add(new Payout(recipient, amount));
        }
        String receiptId = optionalString(p, "receipt_id", MAX_RECEIPT_ID_LENGTH);
        if (receiptId != null && receiptId.isEmpty()) {
            throw WireFields.invalid("payload.receipt_id", "payload.receipt_id must not be empty");
        }
        return new Settle(escrowId, List.copyOf(payouts), receiptId);
    }

    /** The escrow a settle or reclaim closes: the lock's tx_hash, 0x + 64 lowercase hex. */
    public static String escrowId(JsonObject p) {
        JsonValue v = p.get("escrow_id");
        if (!(v instanceof JsonString s) || !Hashes.isHash(s.getString())) {
            throw WireFields.invalid("payload.escrow_id", "payload.escrow_id must be the lock's tx_hash (0x + 64 hex)");
        }
        String id = s.getString();
        if (!id.equals(id.toLowerCase(java.util.Locale.ROOT))) {
            throw WireFields.invalid("payload.escrow_id", "payload.escrow_id must be written in lowercase, as signed");
        }
        return id;
    }

    private static long integer(JsonObject o, String field) {
        return integerIn(o, field, "payload." + field);
    }

    private static long integerIn(JsonObject o, String field, String qualified) {
        try {
            return WireFields.integer(o, field);
        } catch (TxRejectedException e) {
            throw WireFields.invalid(qualified, qualified + ": " + e.getMessage());
        }
    }

    private static String address(JsonObject o, String field) {
        return addressIn(o, field, "payload." + field);
    }

    private static String addressIn(JsonObject o, String field, String qualified) {
        JsonValue v = o.get(field);
        if (!(v instanceof JsonString s)) {
            throw WireFields.invalid(qualified, qualified + ": " + field + " must be an address string");
        }
        String canonical = Address.normalise(s.getString());
        if (canonical == null) {
            throw WireFields.invalid(qualified, qualified + ": " + field + " is not an address (ait1 + 40 hex characters)");
        }
        if (!canonical.equals(s.getString())) {
            throw WireFields.invalid(qualified, qualified + ": " + field + " must be written in lowercase, as signed");
        }
        return canonical;
    }

    private static String optionalString(JsonObject o, String field, int maxLength) {
        JsonValue v = o.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw WireFields.invalid("payload." + field, "payload." + field + " must be a string");
        }
        if (s.getString().length() > maxLength) {
            throw WireFields.invalid("payload." + field, "payload." + field + " must be at most " + maxLength
                    + " characters");
        }
        return s.getString();
    }
}
