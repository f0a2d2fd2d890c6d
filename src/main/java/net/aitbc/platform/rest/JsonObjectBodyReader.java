package net.aitbc.platform.rest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import net.aitbc.platform.error.ApiException;

/**
 * Reads every JSON object body of the API. The JSON-P provider answers a body that is valid JSON but not an
 * object (an array, a string, a number) and one nested thousands of levels deep with a 500 (a cast or a stack
 * overflow); here each is the usual 400 naming the problem. An empty body reads as null, which the resources
 * refuse with their own message.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
public class JsonObjectBodyReader implements MessageBodyReader<JsonObject> {

    /** Far deeper than any body of this API (a block with transactions is 4 levels), far below a stack overflow. */
    static final int MAX_DEPTH = 64;
    /** Looked up once: Json.createReader would scan for the provider on every request. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(Class<JsonObject> type, Type genericType, Annotation[] annotations,
                               MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body)
            throws IOException {
        return parse(body.readAllBytes());
    }

    /**
     * The same reading for a body a resource took as text (where the original clients send none): null when
     * blank, else a JSON object or the 400.
     */
    public static JsonObject parse(byte[] bytes) {
        if (isBlank(bytes)) {
            return null;
        }
        checkDepth(bytes);
        JsonValue parsed;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            parsed = reader.readValue();
        } catch (JsonException e) {
            throw ApiException.badRequest("malformed_json", "request body is not valid JSON: " + firstLine(e));
        }
        if (parsed.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("malformed_json", "request body must be a JSON object, not "
                    + article(parsed.getValueType()));
        }
        return parsed.asJsonObject();
    }

    /** Counts nesting outside strings before anything recursive sees the body. */
    static void checkDepth(byte[] json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    throw ApiException.badRequest("malformed_json", "request body is nested deeper than "
                            + MAX_DEPTH + " levels");
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String article(JsonValue.ValueType type) {
        return switch (type) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case NULL -> "null";
            default -> "a boolean";
        };
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
