package net.aitbc.platform.rest;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import net.aitbc.platform.error.ApiException;

/**
 * Reading request members with errors that name the field. Integers accept an integral JSON number ({@code 10.0},
 * what the original CLI sends) and refuse a fractional one (compat.md).
 */
public final class RequestFields {

    private RequestFields() {
    }

    /** A body that may be absent (the original miner's heartbeat sends none): empty means {}. */
    public static JsonObject objectOrEmpty(String raw) {
        if (raw == null || raw.isBlank() || raw.strip().equals("null")) {
            return JsonObject.EMPTY_JSON_OBJECT;
        }
        // the API's one body reader: the same depth bound and the same 400s as every JSON body
        return JsonObjectBodyReader.parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static boolean present(JsonObject body, String name) {
        return body.containsKey(name) && body.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    public static Long integer(JsonObject body, String name, long min, long max) {
        if (!present(body, name)) {
            return null;
        }
        if (!(body.get(name) instanceof JsonNumber n)) {
            throw ApiException.invalidField(name, name + " must be an integer");
        }
        if (!n.isIntegral() && n.bigDecimalValue().stripTrailingZeros().scale() > 0) {
            throw ApiException.invalidField(name, name + " must be an integer, not " + n);
        }
        long v;
        try {
            v = n.bigDecimalValue().longValueExact();
        } catch (ArithmeticException e) {
            throw ApiException.invalidField(name, name + " is out of range");
        }
        if (v < min || v > max) {
            throw ApiException.invalidField(name, name + " must be from " + min + " to " + max + ", not " + v);
        }
        return v;
    }

    public static String text(JsonObject body, String name, int maxLength) {
        if (!present(body, name)) {
            return null;
        }
        if (!(body.get(name) instanceof JsonString s)) {
            throw ApiException.invalidField(name, name + " must be a string");
        }
        if (s.getString().length() > maxLength) {
            throw ApiException.invalidField(name, name + " must be at most " + maxLength + " characters");
        }
        return s.getString().strip();
    }

    public static JsonObject object(JsonObject body, String name) {
        if (!present(body, name)) {
            return null;
        }
        if (!(body.get(name) instanceof JsonObject o)) {
            throw ApiException.invalidField(name, name + " must be a JSON object");
        }
        return o;
    }
}
