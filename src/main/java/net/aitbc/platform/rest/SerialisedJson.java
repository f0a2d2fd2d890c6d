package net.aitbc.platform.rest;

import jakarta.json.JsonStructure;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A JSON answer serialised once, plain and gzipped, for reads that many clients ask for between two changes (a
 * list of a thousand offers is half a megabyte: writing and compressing it per request was the whole cost).
 */
public record SerialisedJson(byte[] plain, byte[] gzip) {

    /** Looked up once: Json.createWriter looks for the provider on every call (a failed class load each time). */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static SerialisedJson of(JsonStructure json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (JsonWriter w = JSON.createWriter(out)) {
            w.write(json);
        }
        byte[] plain = out.toByteArray();
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(plain.length / 8 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SerialisedJson(plain, zipped.toByteArray());
    }

    /** The answer, gzipped when the client accepts it. */
    public Response response(String acceptEncoding) {
        boolean gzipped = acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
        Response.ResponseBuilder r = Response.ok(gzipped ? gzip : plain, MediaType.APPLICATION_JSON_TYPE)
                .header("Vary", "Accept-Encoding");
        return (gzipped ? r.header("Content-Encoding", "gzip") : r).build();
    }
}
