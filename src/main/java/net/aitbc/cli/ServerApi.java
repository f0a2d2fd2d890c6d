package net.aitbc.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.aitbc.chain.protocol.JsonCodec;

/**
 * The coordinator's JSON API as a client calls it (coordinator.md): the client key as {@code X-Api-Key}, each
 * answer parsed; a refusal becomes a {@link CliException} carrying the server's own error and detail, so the one
 * line the user reads is what the server said.
 */
public final class ServerApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ServerApi(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public String base() {
        return base;
    }

    public JsonObject get(String path) {
        return call(request(path).GET().build());
    }

    public JsonObject post(String path, JsonObject body) {
        return call(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** The call needs the client key: a clear usage error before any request without it. */
    public ServerApi requireKey() {
        if (apiKey == null) {
            throw CliException.usage("no client API key: give --api-key, set AITBC_API_KEY or api_key in the config "
                    + "file");
        }
        return this;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        return apiKey == null ? b : b.header("X-Api-Key", apiKey);
    }

    private JsonObject call(HttpRequest request) {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("cannot reach " + base + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonObject body = JsonCodec.objectOrNull(r.body());
        if (r.statusCode() / 100 != 2) {
            String error = body != null && body.get("error") instanceof JsonString s ? s.getString() : "HTTP "
                    + r.statusCode();
            String detail = body != null && body.get("detail") instanceof JsonString s ? s.getString() : r.body();
            throw new CliException(request.method() + " " + request.uri().getPath() + ": " + r.statusCode() + " "
                    + error + (detail == null || detail.isBlank() ? "" : ": " + detail));
        }
        return body == null ? JsonObject.EMPTY_JSON_OBJECT : body;
    }
}
