package net.aitbc.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.JsonCodec;

/**
 * A stand-in for Ollama (none is installed where the tests run) on a free loopback port, answering the two calls a
 * miner makes in Ollama's shapes: {@code GET /api/tags} and {@code POST /api/generate}, streamed as NDJSON (one
 * {@code {model, created_at, response, done: false}} per piece, then a {@code done: true} chunk with
 * {@code done_reason}, {@code context} and the counts and nanosecond durations) or, with {@code "stream": false},
 * as one object. An unknown model is a 404 {@code {"error": "model \"x\" not found, try pulling it first"}}.
 *
 * <p>The output is deterministic so tests can assert it: the prompt's words in reverse order
 * ({@link #expectedResponse}), one word per chunk; {@code options.num_predict} cuts it short with
 * {@code done_reason: "length"}. Switches make it slow ({@link #setDelay}, {@link #setChunkDelay}), hang after the
 * first chunk ({@link #setHanging}, for shutdown tests) or fail ({@link #failGenerate}, {@link #setMidStreamError}).
 */
public final class OllamaStandIn implements AutoCloseable {

    /** A local model as {@code /api/tags} lists it. */
    public record Model(String name, String digest, long size, String family, String parameterSize,
            String quantizationLevel) {

        /** A llama-family Q4_K_M model whose digest is the SHA-256 of its name (stable across runs). */
        public static Model of(String name) {
            return new Model(name, Hashes.hex(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8))), 2_019_393_189L,
                    "llama", "3.2B", "Q4_K_M");
        }

        JsonObject toJson(String modifiedAt) {
            return JsonCodec.createObjectBuilder().add("name", name).add("model", name).add("modified_at", modifiedAt)
                    .add("size", size).add("digest", digest)
                    .add("details", JsonCodec.createObjectBuilder().add("parent_model", "").add("format", "gguf")
                            .add("family", family).add("families", JsonCodec.createArrayBuilder().add(family))
                            .add("parameter_size", parameterSize).add("quantization_level", quantizationLevel))
                    .build();
        }
    }

    private static final String MODIFIED_AT = "2026-11-20T10:15:30.123456789Z";
    private static final long LOAD_NANOS = 1_000_000L;
    private static final long PROMPT_WORD_NANOS = 250_000L;
    private static final long PIECE_NANOS = 1_000_000L;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile List<Model> models;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration chunkDelay = Duration.ZERO;
    private volatile CountDownLatch hang;
    private volatile int failStatus;
    private volatile String failError;
    private volatile String midStreamError;
    private volatile boolean closed;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger tagsRequests = new AtomicInteger();
    private final AtomicInteger generateRequests = new AtomicInteger();
    private final AtomicInteger completedGenerations = new AtomicInteger();
    private final AtomicInteger brokenStreams = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<JsonObject> generateBodies = new CopyOnWriteArrayList<>();

    private OllamaStandIn(List<Model> models) throws IOException {
        this.models = List.copyOf(models);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // one thread per request, daemon: a hanging generation must neither block others nor keep the JVM alive
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ollama-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serving {@code llama3.2:latest}. */
    public static OllamaStandIn start() {
        return start(Model.of("llama3.2:latest"));
    }

    public static OllamaStandIn start(Model... models) {
        try {
            return new OllamaStandIn(Arrays.asList(models));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Ollama stand-in", e);
        }
    }

    public URI uri() {
        return URI.create(url());
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What {@code /api/tags} lists from now on (a pull or a removal). */
    public void setModels(Model... list) {
        models = List.of(list);
    }

    /** Waited before a generation's first chunk (a model load). */
    public void setDelay(Duration d) {
        delay = d;
    }

    /** Waited between chunks. */
    public void setChunkDelay(Duration d) {
        chunkDelay = d;
    }

    /**
     * While on, a generation sends its first chunk and then waits (until switched off or {@link #close()}) before
     * sending the rest: a job that outlives any grace period.
     */
    public void setHanging(boolean on) {
        CountDownLatch old = hang;
        hang = on ? new CountDownLatch(1) : null;
        if (old != null) {
            old.countDown();
        }
    }

    /** Every generation answers this status with {@code {"error": error}} until {@link #clearFailure()}. */
    public void failGenerate(int status, String error) {
        failError = error;
        failStatus = status;
    }

    public void clearFailure() {
        failStatus = 0;
        failError = null;
    }

    /** A streamed generation sends one chunk, then {@code {"error": message}} and ends (null: off). */
    public void setMidStreamError(String message) {
        midStreamError = message;
    }

    /** Requests served on any path. */
    public int requests() {
        return requests.get();
    }

    public int tagsRequests() {
        return tagsRequests.get();
    }

    public int generateRequests() {
        return generateRequests.get();
    }

    /** Generations whose final chunk (or single answer) was written out. */
    public int completedGenerations() {
        return completedGenerations.get();
    }

    /** Generations whose client went away before the end (a write failed). */
    public int brokenStreams() {
        return brokenStreams.get();
    }

    /** Generations being answered right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The bodies of the generate requests, in order of arrival. */
    public List<JsonObject> generateBodies() {
        return Collections.unmodifiableList(generateBodies);
    }

    /** The response a prompt gets: its words (split on white space) in reverse order, joined by single spaces. */
    public static String expectedResponse(String prompt) {
        return String.join("", pieces(prompt, Integer.MAX_VALUE));
    }

    /** The response pieces, one per chunk: the first word, then each further one with a leading space. */
    public static List<String> pieces(String prompt, int limit) {
        List<String> words = words(prompt);
        Collections.reverse(words);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size() && i < limit; i++) {
            out.add(i == 0 ? words.get(i) : " " + words.get(i));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        setHanging(false);
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/api/tags") && method.equals("GET")) {
                tagsRequests.incrementAndGet();
                JsonArrayBuilder list = JsonCodec.createArrayBuilder();
                models.forEach(m -> list.add(m.toJson(MODIFIED_AT)));
                send(ex, 200, JsonCodec.createObjectBuilder().add("models", list).build());
            } else if (path.equals("/api/generate") && method.equals("POST")) {
                generateRequests.incrementAndGet();
                inFlight.incrementAndGet();
                try {
                    generate(ex);
                } finally {
                    inFlight.decrementAndGet();
                }
            } else if (path.equals("/api/version") && method.equals("GET")) {
                send(ex, 200, JsonCodec.createObjectBuilder().add("version", "0.0.0-stand-in").build());
            } else if (path.equals("/") && (method.equals("GET") || method.equals("HEAD"))) {
                sendText(ex, 200, "Ollama is running");
            } else {
                sendText(ex, 404, "404 page not found"); // what Ollama's router answers
            }
        }
    }

    private void generate(HttpExchange ex) throws IOException {
        JsonObject body;
        try (var reader = JsonCodec.createReader(new StringReader(
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))) {
            body = reader.readObject();
        } catch (RuntimeException e) {
            send(ex, 400, error("invalid request body: " + e.getMessage()));
            return;
        }
        generateBodies.add(body);
        String model = body.get("model") instanceof JsonString s ? s.getString() : "";
        if (model.isEmpty()) {
            send(ex, 400, error("model is required"));
            return;
        }
        if (models.stream().noneMatch(m -> m.name().equals(model) || m.name().equals(model + ":latest"))) {
            send(ex, 404, error("model \"" + model + "\" not found, try pulling it first"));
            return;
        }
        if (failStatus != 0) {
            send(ex, failStatus, error(failError));
            return;
        }
        String prompt = body.get("prompt") instanceof JsonString s ? s.getString() : "";
        JsonObject options = body.get("options") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        int limit = options.get("num_predict") instanceof JsonNumber n && n.intValue() >= 0 ? n.intValue()
                : Integer.MAX_VALUE;
        List<String> pieces = pieces(prompt, limit);
        String doneReason = pieces.size() < words(prompt).size() ? "length" : "stop";
        boolean stream = !(body.get("stream") == JsonValue.FALSE);
        sleep(delay);
        JsonObject last = finalChunk(model, prompt, pieces, doneReason);
        if (!stream) {
            send(ex, 200, JsonCodec.createObjectBuilder(last).add("response", String.join("", pieces)).build());
            completedGenerations.incrementAndGet();
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0); // chunked, like Ollama
        OutputStream out = ex.getResponseBody();
        try {
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0) {
                    sleep(chunkDelay);
                }
                line(out, JsonCodec.createObjectBuilder().add("model", model).add("created_at", now())
                        .add("response", pieces.get(i)).add("done", false).build());
                if (i == 0) {
                    String error = midStreamError;
                    if (error != null) {
                        line(out, error(error));
                        return;
                    }
                    waitWhileHanging();
                    if (closed) {
                        return;
                    }
                }
            }
            line(out, last);
            completedGenerations.incrementAndGet();
        } catch (IOException e) {
            brokenStreams.incrementAndGet(); // the client hung up: what a cancelled job looks like from here
        }
    }

    private JsonObject finalChunk(String model, String prompt, List<String> pieces, String doneReason) {
        List<String> promptWords = words(prompt);
        JsonArrayBuilder context = JsonCodec.createArrayBuilder();
        promptWords.forEach(w -> context.add(token(w)));
        pieces.forEach(p -> context.add(token(p.strip())));
        long load = LOAD_NANOS + delay.toNanos();
        long promptEval = promptWords.size() * PROMPT_WORD_NANOS;
        long eval = pieces.size() * PIECE_NANOS + Math.max(0, pieces.size() - 1) * chunkDelay.toNanos();
        return JsonCodec.createObjectBuilder().add("model", model).add("created_at", now()).add("response", "")
                .add("done", true).add("done_reason", doneReason).add("context", context)
                .add("total_duration", load + promptEval + eval).add("load_duration", load)
                .add("prompt_eval_count", promptWords.size()).add("prompt_eval_duration", promptEval)
                .add("eval_count", pieces.size()).add("eval_duration", eval).build();
    }

    private void waitWhileHanging() {
        CountDownLatch latch = hang;
        if (latch == null) {
            return;
        }
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> words(String prompt) {
        String t = prompt == null ? "" : prompt.strip();
        return t.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(t.split("\\s+")));
    }

    /** A stable stand-in for a token id. */
    private static int token(String word) {
        return Math.floorMod(word.hashCode(), 128_000);
    }

    private static JsonObject error(String message) {
        return JsonCodec.createObjectBuilder().add("error", message == null ? "error" : message).build();
    }

    private static String now() {
        return Instant.now().toString();
    }

    private static void line(OutputStream out, JsonObject o) throws IOException {
        out.write((o + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
