package net.aitbc.chain.crypto;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 (JCS) canonical form, by the maintained reference library: the bytes the chain signs and hashes. */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonObject object) {
        return bytes(object.toString());
    }

    public static byte[] bytes(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException("not canonicalisable JSON", e);
        }
    }

    public static String string(JsonObject object) {
        try {
            return new JsonCanonicalizer(object.toString()).getEncodedString();
        } catch (IOException e) {
            throw new UncheckedIOException("not canonicalisable JSON", e);
        }
    }
}
