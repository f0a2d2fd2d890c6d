package net.aitbc.chain.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/**
 * Reads fields of a JSON body the way the chain's rules need: integers in 0 … 2^53 − 1 (JCS writes numbers as
 * doubles), an integral {@code 10.0} read as 10, anything else a 400 naming the field.
 */
public final class WireFields {

    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private WireFields() {
    }

    public static long integer(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(field, field + " is missing");
        }
        if (!(v instanceof JsonNumber n)) {
            throw invalid(field, field + " must be an integer");
        }
        BigDecimal d = n.bigDecimalValue();
        if (d.signum() < 0) {
            throw invalid(field, field + " must not be negative");
        }
        BigDecimal whole;
        try {
            whole = d.stripTrailingZeros().scale() <= 0 ? d : null;
        } catch (ArithmeticException e) {
            whole = null;
        }
        if (whole == null) {
            throw invalid(field, field + " must be a whole number");
        }
        if (whole.compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
            throw invalid(field, field + " must be at most 2^53 - 1 (" + MAX_SAFE_INTEGER + ")");
        }
        return whole.longValueExact();
    }

    public static String string(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(field, field + " is missing");
        }
        if (!(v instanceof JsonString s)) {
            throw invalid(field, field + " must be a string");
        }
        return s.getString();
    }

    public static JsonObject object(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(field, field + " is missing");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(field, field + " must be a JSON object");
        }
        return v.asJsonObject();
    }

    public static TxRejectedException invalid(String field, String message) {
        return new TxRejectedException(RejectReason.INVALID_FIELD, message, field);
    }
}
