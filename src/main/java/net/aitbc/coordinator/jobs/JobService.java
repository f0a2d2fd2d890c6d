package net.aitbc.coordinator.jobs;

import net.aitbc.platform.rest.RequestFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.access.Caller;
import net.aitbc.coordinator.matching.Constraints;
import net.aitbc.platform.error.ApiException;

/**
 * Jobs as clients see them: submit, read, list, cancel. A client sees only its own jobs: another client's id is a
 * 404, like an unknown one, so ids cannot be probed. Ids are 128 random bits.
 */
@ApplicationScoped
public class JobService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DEFAULT_TTL_SECONDS = 900;

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    JobTransitions transitions;
    @Inject
    CoordinatorSettings settings;
    @Inject
    ChainFacts chain;
    @Inject
    JobSignals signals;
    @Inject
    Event<JobBecameAssignable> assignable;

    @Transactional
    public Job submit(Caller client, JsonObject body) {
        JsonObject payload = RequestFields.object(body, "payload");
        if (payload == null) {
            throw ApiException.invalidField("payload", "payload (a JSON object, e.g. {\"model\": ..., \"prompt\": ...}) is required");
        }
        String model = payload.get("model") instanceof JsonString s ? s.getString() : null;
        Constraints constraints = Constraints.read(body.get("constraints")).requiringModel(model);
        Long ttlGiven = RequestFields.integer(body, "ttl_seconds", 1, settings.maxTtlSeconds());
        long ttl = ttlGiven == null ? DEFAULT_TTL_SECONDS : ttlGiven;
        Long amount = RequestFields.integer(body, "payment_amount", 1, Long.MAX_VALUE / 4);
        String currency = RequestFields.text(body, "payment_currency", 16);
        if (currency != null && !currency.equals("AITBC")) {
            throw ApiException.invalidField("payment_currency", "payment_currency must be \"AITBC\"");
        }
        if (amount == null && !settings.freeJobs()) {
            throw ApiException.invalidField("payment_amount", "this coordinator takes paid jobs only: give "
                    + "payment_amount (integer smallest units), then fund the job's escrow (POST /v1/payments)");
        }
        Long expiresHeight = amount == null ? null
                : chain.height() + (ttl + settings.blockTimeSeconds() - 1) / settings.blockTimeSeconds() + settings.escrowMarginBlocks();
        Job job = new Job(newId("job_"), client.id(), payload.toString(), constraints, System.currentTimeMillis(),
                ttl * 1000, amount, expiresHeight);
        em.persist(job);
        transitions.note(job, null, JobState.QUEUED, null, amount == null ? "submitted" : "submitted_awaiting_escrow",
                null);
        if (job.assignable) {
            announce(job, constraints);
        }
        return job;
    }

    /** The caller's job (404 for an unknown one and for another client's, so ids cannot be probed). */
    @Transactional
    public Job own(Caller client, String jobId) {
        Job job = jobId == null ? null : em.find(Job.class, jobId);
        if (job == null || !job.clientId.equals(client.id())) {
            throw ApiException.notFound("no job " + jobId);
        }
        return job;
    }

    @Transactional
    public Job any(String jobId) {
        Job job = jobId == null ? null : em.find(Job.class, jobId);
        if (job == null) {
            throw ApiException.notFound("no job " + jobId);
        }
        return job;
    }

    @Transactional
    public List<Job> list(String clientId, JobState state, int limit, int offset) {
        String where = (clientId == null ? "" : "j.clientId = :client") + (state == null ? ""
                : (clientId == null ? "" : " AND ") + "j.state = :state");
        var q = em.createQuery("SELECT j FROM Job j" + (where.isEmpty() ? "" : " WHERE " + where)
                + " ORDER BY j.requestedAt DESC, j.jobId", Job.class);
        if (clientId != null) {
            q.setParameter("client", clientId);
        }
        if (state != null) {
            q.setParameter("state", state);
        }
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public java.util.Optional<String> jobOfEscrow(String escrowId) {
        return em.createQuery("SELECT j.jobId FROM Job j WHERE j.escrowId = :e", String.class)
                .setParameter("e", escrowId).getResultList().stream().findFirst();
    }

    @Transactional
    public List<Job> ofMiner(String minerId, int limit, int offset) {
        return em.createQuery("SELECT j FROM Job j WHERE j.assignedMinerId = :m ORDER BY j.requestedAt DESC, j.jobId",
                Job.class).setParameter("m", minerId).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** A miner's completed jobs and what they earned it (price less the coordinator's share). */
    @Transactional
    public JsonObject earnings(String minerId) {
        List<Job> done = em.createQuery("SELECT j FROM Job j WHERE j.assignedMinerId = :m AND j.state = :s", Job.class)
                .setParameter("m", minerId).setParameter("s", JobState.COMPLETED).getResultList();
        long gross = 0;
        long earned = 0;
        long units = 0;
        for (Job j : done) {
            long price = j.price == null ? 0 : j.price;
            gross += price;
            earned += j.paymentAmount == null ? 0 : price - settings.coordinatorShare(price);
            units += j.units == null ? 0 : j.units;
        }
        return JsonCodec.createObjectBuilder().add("miner_id", minerId)
                .add("jobs_completed", done.size()).add("units", units).add("gross", gross).add("earned", earned)
                .build();
    }

    @Transactional
    public List<JobEvent> events(Job job) {
        return em.createNamedQuery("JobEvent.ofJob", JobEvent.class).setParameter("jobId", job.jobId).getResultList();
    }

    @Transactional
    public Job cancel(Caller client, String jobId) {
        Job job = own(client, jobId);
        em.lock(job, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(job);
        transitions.move(job, JobState.CANCELED, "canceled_by_client", job.assignedMinerId, null);
        return job;
    }

    /** Locks a job of the caller for a change (payments). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job lockOwn(Caller client, String jobId) {
        Job job = own(client, jobId);
        em.lock(job, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(job);
        return job;
    }

    /** The chain admitted the job's lock: record it and let miners have the job. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void escrowed(Job job, String escrowId, String payer) {
        job.escrowed(escrowId, payer);
        transitions.note(job, job.state, job.state, null, "escrow_admitted", "escrow " + escrowId + " by " + payer);
        if (job.assignable) {
            announce(job, Assignment.constraints(job));
        }
    }

    /** A claimed job whose poll answer could not be sent goes back to the queue. */
    @Transactional
    public void requeueUndelivered(String jobId, String minerId) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job != null && job.state == JobState.RUNNING && minerId.equals(job.assignedMinerId)) {
            job.attempt--; // not the miner's fault: the attempt did not happen
            transitions.move(job, JobState.QUEUED, "undelivered", minerId, "the poll answer could not be sent");
            announce(job, Assignment.constraints(job));
        }
    }

    void announce(Job job, Constraints constraints) {
        JobBecameAssignable event = new JobBecameAssignable(job.jobId, constraints, job.paymentAmount != null);
        signals.notifyOtherServers(event);
        assignable.fire(event);
    }

    static String newId(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }
}
