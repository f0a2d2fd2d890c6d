package net.aitbc.marketplace;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.platform.error.ApiException;

/** Request fields the marketplace reads beyond the coordinator's: decimal prices and sizes, first of two names. */
final class MarketFields {

    private MarketFields() {
    }

    /** A number ≥ min and ≤ max (a numeric string too, as the original page sends form values); null if absent. */
    static BigDecimal decimal(JsonObject body, String name, double min, double max) {
        if (!RequestFields.present(body, name)) {
            return null;
        }
        BigDecimal v;
        if (body.get(name) instanceof JsonNumber n) {
            v = n.bigDecimalValue();
        } else if (body.get(name) instanceof JsonString s) {
            try {
                v = new BigDecimal(s.getString().strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalidField(name, name + " must be a number, not \"" + s.getString() + "\"");
            }
        } else {
            throw ApiException.invalidField(name, name + " must be a number");
        }
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.invalidField(name, name + " must be from " + min + " to " + max + ", not " + v);
        }
        return v;
    }

    static BigDecimal required(JsonObject body, String name, double min, double max) {
        BigDecimal v = decimal(body, name, min, max);
        if (v == null) {
            throw ApiException.invalidField(name, name + " is required");
        }
        return v;
    }

    /** The first of two spellings present (the original's clients use both), as a decimal. */
    static BigDecimal eitherDecimal(JsonObject body, String first, String second, double min, double max) {
        return RequestFields.present(body, first) ? decimal(body, first, min, max) : decimal(body, second, min, max);
    }

    static String newId(String prefix) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return prefix + java.util.HexFormat.of().formatHex(b);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
}
