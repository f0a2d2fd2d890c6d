package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.receipts.InferenceReceipt;
import net.aitbc.coordinator.receipts.ReceiptKey;
import net.aitbc.coordinator.receipts.ReceiptStore;
import net.aitbc.platform.error.ApiException;

/**
 * A miner's result or failure for the job it runs. Only the assigned miner, only while RUNNING (a second result
 * is a 409). A result ends the job COMPLETED with a signed receipt in the same transaction; price is computed
 * here (units × unit price), never read from the miner.
 */
@ApplicationScoped
public class ResultService {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    JobTransitions transitions;
    @Inject
    CoordinatorSettings settings;
    @Inject
    ReceiptKey receiptKey;
    @Inject
    ReceiptStore receipts;

    /** What a result became: a receipt, or (result reported a failure) none. */
    public record Outcome(Job job, JsonObject receipt) {
    }

    @Transactional
    public Outcome result(String minerId, String jobId, JsonObject body) {
        Job job = runningJobOf(minerId, jobId);
        JsonValue raw = body.get("result");
        JsonObject result = raw instanceof JsonObject o ? o
                : JsonCodec.createObjectBuilder().add("output", raw == null ? JsonValue.NULL : raw).build();
        JsonObject metrics = body.get("metrics") instanceof JsonObject m ? m : JsonObject.EMPTY_JSON_OBJECT;
        boolean failed = "failed".equals(text(result, "status"))
                || (result.containsKey("error") && !result.containsKey("output"));
        if (failed) {
            job.error = truncate("miner reported failure: " + (result.containsKey("error") ? result.get("error") : result));
            job.result = result.toString();
            job.metrics = metrics.toString();
            endReceipt(job, minerId, "FAILED");
            transitions.move(job, JobState.FAILED, "result_failed", minerId, null);
            return new Outcome(job, null);
        }
        Miner miner = em.find(Miner.class, minerId);
        long units = units(metrics);
        long unitPrice = miner == null ? settings.unitPrice() : miner.unitPrice(settings.unitPrice());
        long price = Math.multiplyExact(units, unitPrice);
        if (job.paymentAmount != null && price > job.paymentAmount) {
            price = job.paymentAmount; // the lock caps what a job can cost
        }
        long now = System.currentTimeMillis();
        String receiptId = JobService.newId("rcpt_");
        JsonObject receipt = InferenceReceipt.sign(new InferenceReceipt.Facts(receiptId, job.jobId, minerId,
                job.clientId, "COMPLETED", units, unitPrice, Instant.ofEpochMilli(job.assignedAt),
                Instant.ofEpochMilli(now), parse(job.payload), parse(job.constraintsJson), result, metrics,
                price), receiptKey.keyPair());
        receipts.add(receiptId, job.jobId, now, receipt);
        job.result = result.toString();
        job.metrics = metrics.toString();
        job.units = units;
        job.unitPrice = unitPrice;
        job.price = price;
        job.receiptId = receiptId;
        transitions.move(job, JobState.COMPLETED, "result", minerId, "receipt " + receiptId);
        return new Outcome(job, receipt);
    }

    @Transactional
    public Job fail(String minerId, String jobId, JsonObject body) {
        Job job = runningJobOf(minerId, jobId);
        String code = body.get("error_code") instanceof JsonString s ? s.getString() : "miner_error";
        String message = body.get("error_message") instanceof JsonString s ? s.getString() : "";
        job.error = truncate(code + (message.isEmpty() ? "" : ": " + message));
        if (body.get("metrics") instanceof JsonObject m) {
            job.metrics = m.toString();
        }
        endReceipt(job, minerId, "FAILED");
        transitions.move(job, JobState.FAILED, "failed_by_miner", minerId, job.error);
        return job;
    }

    /**
     * A signed receipt for a job that ended on a miner without a result (FAILED, or EXPIRED while running): no
     * units, no price. It is claimed on chain like any receipt, so a miner's failures are on record beside its
     * completions and anyone can count both (the marketplace's reliability).
     */
    void endReceipt(Job job, String minerId, String status) {
        if (minerId == null || job.receiptId != null) {
            return;
        }
        long now = System.currentTimeMillis();
        Miner miner = em.find(Miner.class, minerId);
        long unitPrice = miner == null ? settings.unitPrice() : miner.unitPrice(settings.unitPrice());
        String receiptId = JobService.newId("rcpt_");
        JsonObject outcome = JsonCodec.createObjectBuilder().add("error", job.error == null
                ? status.toLowerCase(java.util.Locale.ROOT) : job.error).build();
        JsonObject metrics = job.metrics == null ? JsonObject.EMPTY_JSON_OBJECT : parse(job.metrics);
        long started = job.assignedAt == null ? now : job.assignedAt;
        JsonObject receipt = InferenceReceipt.sign(new InferenceReceipt.Facts(receiptId, job.jobId, minerId,
                job.clientId, status, 0, unitPrice, Instant.ofEpochMilli(started), Instant.ofEpochMilli(now),
                parse(job.payload), parse(job.constraintsJson), outcome, metrics, 0), receiptKey.keyPair());
        receipts.add(receiptId, job.jobId, now, receipt);
        job.units = 0L;
        job.unitPrice = unitPrice;
        job.price = 0L;
        job.receiptId = receiptId;
    }

    private Job runningJobOf(String minerId, String jobId) {
        Job job = jobId == null ? null : em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw ApiException.notFound("no job " + jobId);
        }
        if (job.state != JobState.RUNNING) {
            throw new ApiException(409, "invalid_transition", "job " + jobId + " is " + job.state
                    + "; a result or failure is taken only while it is RUNNING");
        }
        if (!minerId.equals(job.assignedMinerId)) {
            throw new ApiException(403, "not_assigned", "job " + jobId + " is assigned to another miner");
        }
        return job;
    }

    /**
     * Gpu seconds from the miner's metrics: {@code units}, else {@code duration_ms}/1000; a fraction of a second
     * rounds up (a started second is charged), nothing reported is 0.
     */
    static long units(JsonObject metrics) {
        BigDecimal v = null;
        if (metrics.get("units") instanceof JsonNumber n) {
            v = n.bigDecimalValue();
        } else if (metrics.get("duration_ms") instanceof JsonNumber n) {
            v = n.bigDecimalValue().divide(BigDecimal.valueOf(1000));
        }
        if (v == null || v.signum() <= 0) {
            return 0;
        }
        return v.setScale(0, RoundingMode.CEILING).min(BigDecimal.valueOf(Integer.MAX_VALUE)).longValueExact();
    }

    private static String text(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    static JsonObject parse(String json) {
        try (var r = JsonCodec.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
