package net.aitbc.platform.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.aitbc.platform.error.ApiException;
import org.junit.jupiter.api.Test;

/** Bodies that are valid JSON but not an object, or absurdly deep, are a 400 naming the problem. */
class JsonObjectBodyReaderTest {

    private final JsonObjectBodyReader reader = new JsonObjectBodyReader();

    private JsonObject read(String body) throws IOException {
        return reader.readFrom(JsonObject.class, JsonObject.class, null, null, null,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private String refusal(String body) {
        ApiException e = assertThrows(ApiException.class, () -> read(body));
        assertEquals(400, e.status());
        assertEquals("malformed_json", e.code());
        return e.getMessage();
    }

    @Test
    void objectsAreRead() throws IOException {
        assertEquals(1, read("{\"a\": {\"b\": [1, {\"c\": \"]]]\"}]}}").getJsonObject("a").size());
        assertNull(read("  \n"), "an empty body is left to the resource");
    }

    @Test
    void otherJsonValuesAreRefusedByName() {
        assertTrue(refusal("[1,2]").contains("not an array"));
        assertTrue(refusal("\"x\"").contains("not a string"));
        assertTrue(refusal("42").contains("not a number"));
        assertTrue(refusal("true").contains("not a boolean"));
        assertTrue(refusal("{\"a\":").contains("not valid JSON"));
    }

    @Test
    void nestingIsBoundedOutsideStringsOnly() {
        assertTrue(refusal("[".repeat(20_000) + "]".repeat(20_000)).contains("deeper than"));
        String deepButLegal = "{\"a\":" + "[".repeat(JsonObjectBodyReader.MAX_DEPTH - 1)
                + "]".repeat(JsonObjectBodyReader.MAX_DEPTH - 1) + "}";
        assertDoesNotThrow(() -> read(deepButLegal));
        assertDoesNotThrow(() -> read("{\"s\": \"" + "[".repeat(1000) + "\\\"\"}"), "brackets inside strings");
    }
}
