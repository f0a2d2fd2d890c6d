package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.matching.Capabilities;
import net.aitbc.coordinator.matching.Constraints;
import net.aitbc.coordinator.matching.MatchRules;

/**
 * Gives a miner the oldest queued, unexpired job it can run, exactly once: the miner's row is locked (its
 * concurrency), candidate jobs are locked with {@code FOR UPDATE SKIP LOCKED} (another server's or thread's
 * claim skips them rather than waiting or taking them too), and the chosen one moves to RUNNING in the same
 * transaction. What SQL cannot check cheaply (GPU name, CUDA version, further models) is checked on the window.
 */
@ApplicationScoped
public class Assignment {

    /** small: each candidate row is locked (a write in PostgreSQL), and the SQL already filters most mismatches */
    private static final int WINDOW = 8;

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    JobTransitions transitions;
    @Inject
    CoordinatorSettings settings;

    /** An assigned job, as the poll answers it. */
    public record Offer(String jobId, String payload, String constraints) {
    }

    @Transactional
    public Optional<Offer> claim(String minerId) {
        long now = System.currentTimeMillis();
        Miner miner = em.find(Miner.class, minerId, LockModeType.PESSIMISTIC_WRITE);
        if (miner == null || !miner.active || running(minerId) >= miner.concurrency) {
            return Optional.empty();
        }
        // a claim is made for a poll that is waiting right now: the miner is alive
        miner.lastHeartbeat = now;
        miner.status = "ONLINE";
        Capabilities caps = miner.parsedCapabilities();
        long unitPrice = miner.unitPrice(settings.unitPrice());
        for (String jobId : candidates(miner, caps, unitPrice, now)) {
            Job job = em.find(Job.class, jobId);
            if (job == null || !job.assignable || job.state != JobState.QUEUED) {
                continue;
            }
            if (MatchRules.exclusion(constraints(job), caps, miner.region, unitPrice).isEmpty()) {
                transitions.move(job, JobState.RUNNING, "assigned", minerId, null);
                return Optional.of(new Offer(job.jobId, job.payload, job.constraintsJson));
            }
        }
        return Optional.empty();
    }

    /** Whether any job is waiting for a miner at all (cheap; lets the safety-net sweep skip idle rounds). */
    @Transactional
    public boolean anyAssignable() {
        return !em.createNativeQuery("SELECT job_id FROM coord_job WHERE assignable = TRUE AND expires_at > ?")
                .setParameter(1, System.currentTimeMillis()).setMaxResults(1).getResultList().isEmpty();
    }

    long running(String minerId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM coord_job WHERE assigned_miner_id = ? AND state = 'RUNNING'")
                .setParameter(1, minerId).getSingleResult()).longValue();
    }

    @SuppressWarnings("unchecked")
    private List<String> candidates(Miner miner, Capabilities caps, long unitPrice, long now) {
        List<String> models = caps.models().stream().map(Capabilities::bare).distinct().toList();
        StringBuilder sql = new StringBuilder("SELECT job_id FROM coord_job WHERE assignable = TRUE AND expires_at > ?"
                + " AND (c_min_vram_gb IS NULL OR c_min_vram_gb <= ?) AND (c_max_price IS NULL OR c_max_price >= ?)"
                + " AND (c_region IS NULL OR c_region = ?)");
        if (miner.walletAddress == null) {
            sql.append(" AND payment_amount IS NULL"); // a miner without a wallet is never assigned a paid job
        }
        sql.append(" AND (c_model IS NULL");
        if (!models.isEmpty()) {
            sql.append(" OR c_model IN (").append("?,".repeat(models.size() - 1)).append("?)");
        }
        sql.append(") ORDER BY requested_at, job_id LIMIT ").append(WINDOW).append(" FOR UPDATE SKIP LOCKED");
        Query q = em.createNativeQuery(sql.toString());
        int i = 1;
        q.setParameter(i++, now);
        q.setParameter(i++, caps.vramGb() == null ? -1.0 : caps.vramGb());
        q.setParameter(i++, unitPrice);
        q.setParameter(i++, miner.region == null ? "" : miner.region.toLowerCase(Locale.ROOT));
        for (String m : models) {
            q.setParameter(i++, m);
        }
        return new ArrayList<>((List<String>) q.getResultList());
    }

    static Constraints constraints(Job job) {
        try (var r = JsonCodec.createReader(new StringReader(job.constraintsJson))) {
            return Constraints.read(r.readObject());
        }
    }
}
