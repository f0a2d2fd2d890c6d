package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.aitbc.chain.protocol.JsonCodec;

/**
 * The coordinator's miner API (coordinator.md, Miners) as the miner calls it: every call carries the miner key in
 * {@code X-Api-Key}; every refusal or unreachable coordinator is a {@link CoordinatorException}.
 */
public final class CoordinatorApi {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How much longer than the long poll's own wait the miner waits for the coordinator's answer. */
    private static final Duration POLL_SLACK = Duration.ofSeconds(15);

    private final String base;
    private final String apiKey;
    private final HttpClient http;

    /** @param apiKey the miner key; may be null for the public calls ({@link #receiptPublicKey()}) */
    public CoordinatorApi(URI base, String apiKey) {
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.apiKey = apiKey;
        // HTTP/1.1: the JDK client's h2c upgrade attempts cost seconds under load against Liberty (as ChainClient)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return base;
    }

    /** {@code POST /v1/miners/register}. */
    public Registration register(JsonObject body) {
        JsonObject r = call(post("/v1/miners/register", body, CALL_TIMEOUT)).orElse(JsonValue.EMPTY_JSON_OBJECT);
        return new Registration(text(r, "miner_id"), text(r, "session_token"));
    }

    /** {@code POST /v1/miners/heartbeat}. */
    public void heartbeat(int inflight) {
        call(post("/v1/miners/heartbeat", JsonCodec.createObjectBuilder().add("inflight", inflight)
                .add("status", "ONLINE").add("metadata", JsonValue.EMPTY_JSON_OBJECT).build(), CALL_TIMEOUT));
    }

    /**
     * Starts a long poll ({@code POST /v1/miners/poll}); {@link Poll#cancel()} abandons it at once, which is how a
     * shutdown stops a miner that is waiting for work.
     */
    public Poll startPoll(int maxWaitSeconds) {
        HttpRequest request = post("/v1/miners/poll", JsonCodec.createObjectBuilder()
                .add("max_wait_seconds", maxWaitSeconds).build(),
                Duration.ofSeconds(maxWaitSeconds).plus(POLL_SLACK));
        return new Poll(http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /** {@code POST /v1/miners/{job_id}/result}; returns the signed receipt (empty when the answer had none). */
    public JsonObject submitResult(String jobId, JsonObject result, JsonObject metrics) {
        JsonObject body = JsonCodec.createObjectBuilder().add("result", result).add("metrics", metrics).build();
        JsonObject r = call(post("/v1/miners/" + segment(jobId) + "/result", body, CALL_TIMEOUT))
                .orElse(JsonValue.EMPTY_JSON_OBJECT);
        return r.get("receipt") instanceof JsonObject receipt ? receipt : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** {@code POST /v1/miners/{job_id}/fail}. */
    public void fail(String jobId, String errorCode, String message, JsonObject metrics) {
        call(post("/v1/miners/" + segment(jobId) + "/fail", JsonCodec.createObjectBuilder()
                .add("error_code", errorCode).add("error_message", message).add("metrics", metrics).build(),
                CALL_TIMEOUT));
    }

    /** {@code GET /v1/receipts/public-key}: {@code {alg, key_id, public_key}} of the coordinator's receipt key. */
    public JsonObject receiptPublicKey() {
        return call(request("/v1/receipts/public-key", CALL_TIMEOUT).GET().build())
                .orElseThrow(() -> new CoordinatorException(204, "no_content",
                        "GET /v1/receipts/public-key answered without a body", null, null));
    }

    /** A long poll in flight. */
    public final class Poll {

        private final CompletableFuture<HttpResponse<String>> pending;

        private Poll(CompletableFuture<HttpResponse<String>> pending) {
            this.pending = pending;
        }

        /** Waits for the answer: a job, or empty on 204 or after {@link #cancel()}. */
        public Optional<Job> await() {
            HttpResponse<String> r;
            try {
                r = pending.get();
            } catch (CancellationException e) {
                return Optional.empty();
            } catch (ExecutionException e) {
                throw unreachable(e.getCause());
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            return answer(r).map(CoordinatorApi::job);
        }

        /** Abandons the poll; since JDK 16 cancelling the future also aborts the HTTP exchange. */
        public void cancel() {
            pending.cancel(true);
        }
    }

    private static Job job(JsonObject o) {
        String id = text(o, "job_id");
        if (id == null || id.isBlank()) {
            throw new CoordinatorException(200, "bad_job", "poll answered a job without a job_id", null, null);
        }
        JsonObject payload = o.get("payload") instanceof JsonObject p ? p : null;
        JsonObject constraints = o.get("constraints") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        return new Job(id, payload, constraints);
    }

    private HttpRequest post(String path, JsonObject body, Duration timeout) {
        return request(path, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (apiKey != null) {
            b.header("X-Api-Key", apiKey);
        }
        return b;
    }

    private Optional<JsonObject> call(HttpRequest request) {
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            // JDK 16+ aborts the exchange on interrupt; the caller is stopping
            Thread.currentThread().interrupt();
            throw CoordinatorException.unreachable("interrupted", e);
        }
    }

    /** 2xx with a JSON object, or empty on 204; anything else is thrown. */
    private static Optional<JsonObject> answer(HttpResponse<String> r) {
        int status = r.statusCode();
        JsonObject body = JsonCodec.objectOrNull(r.body());
        if (status == 204) {
            return Optional.empty();
        }
        if (status >= 200 && status < 300) {
            if (body == null) {
                throw new CoordinatorException(status, "not_json",
                        "the coordinator answered " + status + " without a JSON object", null, null);
            }
            return Optional.of(body);
        }
        throw CoordinatorException.fromBody(status, body, retryAfter(r));
    }

    private CoordinatorException unreachable(Throwable cause) {
        return CoordinatorException.unreachable(base + ": " + NetworkErrors.describe(cause), cause);
    }

    private static Duration retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: the miner's own backoff is good enough
            }
        }).orElse(null);
    }

    private static String text(JsonObject o, String field) {
        return o.get(field) instanceof JsonString s ? s.getString() : null;
    }

    /** Job ids are opaque: encoded, so that an odd one cannot change the path. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
