package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.aitbc.chain.protocol.JsonCodec;

/**
 * The miner's client of a local Ollama: {@code GET /api/tags} and a streamed {@code POST /api/generate} read
 * line by line (NDJSON) to the chunk with {@code done: true}, where Ollama puts its statistics.
 */
public final class OllamaClient {

    private final String base;
    private final HttpClient http;
    private final Duration tagsTimeout;

    public OllamaClient(URI base) {
        this(base, Duration.ofSeconds(10));
    }

    /** @param tagsTimeout bound of the tags call; a generation is bounded by the caller's {@link Cancellation} */
    public OllamaClient(URI base, Duration tagsTimeout) {
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.tagsTimeout = tagsTimeout;
        // HTTP/1.1: Ollama speaks nothing else, and the JDK's h2c upgrade attempt only costs a round trip
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return base;
    }

    /** The local models, in Ollama's order. */
    public List<OllamaModel> tags() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/tags")).timeout(tagsTimeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OllamaException("interrupted while listing Ollama's models", e);
        }
        if (r.statusCode() != 200) {
            throw new OllamaException(r.statusCode(), "ollama /api/tags: " + errorOf(r.statusCode(), r.body()));
        }
        JsonObject body = JsonCodec.objectOrNull(r.body());
        if (body == null || !(body.get("models") instanceof jakarta.json.JsonArray models)) {
            throw new OllamaException(r.statusCode(), "ollama /api/tags did not answer {models: [...]}");
        }
        List<OllamaModel> out = new ArrayList<>();
        for (JsonValue m : models) {
            if (m instanceof JsonObject o) {
                out.add(OllamaModel.fromJson(o));
            }
        }
        return List.copyOf(out);
    }

    public Generation generate(LlmRequest request) {
        return generate(request, new Cancellation());
    }

    /**
     * Runs a generation, streamed, and reads it to its last chunk.
     *
     * @throws OllamaException when Ollama refuses (unknown model: status 404), fails mid-stream or is unreachable
     * @throws CancellationException when {@code cancellation} fires first; its reason is the message
     */
    public Generation generate(LlmRequest request, Cancellation cancellation) {
        JsonObject body = JsonCodec.createObjectBuilder().add("model", request.model()).add("prompt", request.prompt())
                .add("options", request.options()).add("stream", true).build();
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(base + "/api/generate"))
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        // sendAsync, so that a cancellation can abort the wait for the first byte (a model load can take minutes)
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(httpRequest,
                HttpResponse.BodyHandlers.ofInputStream());
        cancellation.onCancel(() -> pending.cancel(true));
        HttpResponse<InputStream> response = awaitHeaders(pending, cancellation);
        try (InputStream in = response.body()) {
            // closing the stream is what unblocks a read in progress (the reader then sees an IOException)
            cancellation.onCancel(() -> closeQuietly(in));
            if (response.statusCode() != 200) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw new OllamaException(response.statusCode(), "ollama: " + errorOf(response.statusCode(), text));
            }
            return readStream(in, request.model());
        } catch (IOException e) {
            if (cancellation.cancelled()) {
                throw new CancellationException(cancellation.reason());
            }
            throw new OllamaException("ollama stream from " + base + " broke: " + e.getMessage(), e);
        }
    }

    private HttpResponse<InputStream> awaitHeaders(CompletableFuture<HttpResponse<InputStream>> pending,
            Cancellation cancellation) {
        try {
            return pending.get();
        } catch (CancellationException e) {
            throw new CancellationException(cancellation.reason());
        } catch (ExecutionException e) {
            if (cancellation.cancelled()) {
                throw new CancellationException(cancellation.reason());
            }
            Throwable cause = e.getCause();
            throw unreachable(cause instanceof IOException io ? io : new IOException(cause));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static Generation readStream(InputStream in, String model) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject chunk = JsonCodec.objectOrNull(line);
            if (chunk == null) {
                throw new OllamaException(200, "ollama sent a line that is not a JSON object: " + abbreviate(line));
            }
            if (chunk.get("error") instanceof JsonString error) {
                // Ollama reports failures after the 200 (out of memory, runner crashed) as an error line
                throw new OllamaException(200, "ollama: " + error.getString());
            }
            chunks++;
            if (chunk.get("response") instanceof JsonString piece) {
                text.append(piece.getString());
            }
            if (chunk.getBoolean("done", false)) {
                return Generation.fromFinalChunk(text.toString(), model, chunks, chunk);
            }
        }
        throw new OllamaException(200, "ollama's stream ended before its final (done) chunk");
    }

    private OllamaException unreachable(IOException e) {
        return new OllamaException("ollama unreachable at " + base + ": " + NetworkErrors.describe(e), e);
    }

    /** Ollama's errors are {@code {"error": "..."}}; anything else is shown as it came, shortened. */
    private static String errorOf(int status, String body) {
        JsonObject o = JsonCodec.objectOrNull(body);
        if (o != null && o.get("error") instanceof JsonString s) {
            return s.getString();
        }
        return "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is only the way to unblock a reader; nothing to report
        }
    }
}
