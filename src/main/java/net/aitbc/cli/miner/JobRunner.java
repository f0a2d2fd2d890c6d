package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import net.aitbc.chain.protocol.JsonCodec;

/**
 * Runs one job: the payload on Ollama, then {@code result} with the metrics receipts are priced and bound by, or
 * {@code fail} with an error code. Only a fatal coordinator refusal (401/403) escapes; every other outcome is
 * logged and the worker moves on.
 */
public final class JobRunner {

    /** Attempts to deliver a result or a failure while the coordinator is briefly away (about 7 s in all). */
    private static final int DELIVERY_ATTEMPTS = 4;

    private final CoordinatorApi coordinator;
    private final OllamaClient ollama;
    private final LocalModels models;
    private final EventLog log;

    public JobRunner(CoordinatorApi coordinator, OllamaClient ollama, LocalModels models, EventLog log) {
        this.coordinator = coordinator;
        this.ollama = ollama;
        this.models = models;
        this.log = log;
    }

    /** @throws CoordinatorException only when fatal (the key was refused) */
    public void run(Job job, Cancellation cancellation) {
        LlmRequest request;
        try {
            request = LlmRequest.fromPayload(job.payload(), models.defaultModel());
        } catch (IllegalArgumentException e) {
            log.event("job " + job.jobId() + " received: cannot run it: " + e.getMessage());
            fail(job, "invalid_payload", e.getMessage(), JsonValue.EMPTY_JSON_OBJECT);
            return;
        }
        log.event("job " + job.jobId() + " received: model " + request.model() + ", prompt of "
                + request.prompt().length() + " characters");
        long start = System.nanoTime();
        Generation g;
        try {
            g = ollama.generate(request, cancellation);
        } catch (CancellationException e) {
            String code = cancellation.cancelled() ? cancellation.reason() : "shutdown";
            fail(job, code, "timeout".equals(code) ? "the job ran longer than the miner's job timeout"
                    : "the miner stopped before the job finished", durationOnly(start));
            return;
        } catch (OllamaException e) {
            fail(job, "ollama_error", e.getMessage(), durationOnly(start));
            return;
        }
        long durationMs = elapsedMillis(start);
        long units = Math.max(1, (durationMs + 999) / 1000);
        JsonObjectBuilder result = JsonCodec.createObjectBuilder().add("output", g.response()).add("model", g.model());
        if (g.doneReason() != null) {
            result.add("done_reason", g.doneReason());
        }
        JsonObject output = result.build(); // built once: a JSON-P builder is empty after build()
        JsonObject metrics = metrics(g, durationMs, units);
        JsonObject receipt;
        try {
            receipt = deliver(job, () -> coordinator.submitResult(job.jobId(), output, metrics));
        } catch (CoordinatorException e) {
            if (e.fatal()) {
                throw e;
            }
            log.event("job " + job.jobId() + " result refused: " + e.getMessage());
            return;
        }
        String receiptId = receipt.get("receipt_id") instanceof JsonString s ? s.getString() : "(none)";
        String tokens = g.evalCount() == null ? "?" : g.evalCount().toString();
        log.event("job " + job.jobId() + " done: " + units + (units == 1 ? " unit (" : " units (") + durationMs
                + " ms), " + tokens + " tokens, receipt " + receiptId);
    }

    private JsonObject metrics(Generation g, long durationMs, long units) {
        JsonObjectBuilder m = JsonCodec.createObjectBuilder().add("duration_ms", durationMs).add("units", units)
                .add("model", g.model());
        String digest = models.digestOf(g.model());
        if (digest != null) {
            m.add("model_digest", digest);
        }
        addIfPresent(m, "prompt_eval_count", g.promptEvalCount());
        addIfPresent(m, "eval_count", g.evalCount());
        addIfPresent(m, "eval_duration", g.evalDuration());
        addIfPresent(m, "total_duration", g.totalDuration());
        addIfPresent(m, "load_duration", g.loadDuration());
        return m.build();
    }

    private void fail(Job job, String code, String message, JsonObject metrics) {
        log.event("job " + job.jobId() + " failed (" + code + "): " + message);
        try {
            deliver(job, () -> {
                coordinator.fail(job.jobId(), code, message, metrics);
                return JsonValue.EMPTY_JSON_OBJECT;
            });
        } catch (CoordinatorException e) {
            if (e.fatal()) {
                throw e;
            }
            log.event("job " + job.jobId() + " failure report refused: " + e.getMessage());
        }
    }

    /** Retries a delivery while the coordinator is unreachable or overloaded; other refusals are final. */
    private JsonObject deliver(Job job, Supplier<JsonObject> call) {
        Backoff backoff = new Backoff(Duration.ofSeconds(4));
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CoordinatorException e) {
                if (!e.transientFailure() || attempt >= DELIVERY_ATTEMPTS) {
                    throw e;
                }
                Duration d = e.retryAfter() != null ? e.retryAfter() : backoff.next();
                log.event("coordinator unreachable, retrying in " + Backoff.seconds(d) + "s (job " + job.jobId()
                        + ": " + e.getMessage() + ")");
                try {
                    Thread.sleep(d.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static JsonObject durationOnly(long start) {
        return JsonCodec.createObjectBuilder().add("duration_ms", elapsedMillis(start)).build();
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void addIfPresent(JsonObjectBuilder b, String field, Long value) {
        if (value != null) {
            b.add(field, value);
        }
    }
}
