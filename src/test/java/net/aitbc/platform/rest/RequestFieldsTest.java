package net.aitbc.platform.rest;

import net.aitbc.platform.rest.RequestFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import net.aitbc.platform.error.ApiException;
import org.junit.jupiter.api.Test;

/** Bodies taken as text (the original miner sends none) get the same reading as every JSON body. */
class RequestFieldsTest {

    @Test
    void anAbsentBodyIsEmptyAndAMalformedOrDeepOneIsA400() {
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, RequestFields.objectOrEmpty(""));
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, RequestFields.objectOrEmpty("null"));
        assertEquals(3, RequestFields.objectOrEmpty("{\"inflight\": 3}").getInt("inflight"));
        for (String bad : new String[] {"{\"a\":", "[1, 2]", "{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}"}) {
            ApiException e = assertThrows(ApiException.class, () -> RequestFields.objectOrEmpty(bad));
            assertEquals(400, e.status());
            assertEquals("malformed_json", e.code());
        }
    }
}
