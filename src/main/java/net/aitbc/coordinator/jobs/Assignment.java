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
import net.aitbc.platform.error.ApiException;
import net.aitbc.coordinator.matching.Capabilities;
import net.aitbc.coordinator.matching.Constraints;
import net.aitbc.coordinator.matching.MatchRules;

/**
 * Gives a miner the oldest queued, unexpired job it can run, exactly once: the miner's row is locked (its
 * concurrency), the chosen job is locked with {@code FOR UPDATE SKIP LOCKED} and re-checked as still queued
 * (another server's or thread's claim skips it rather than waiting or taking it too), and it moves to RUNNING in
 * the same transaction. What SQL cannot check cheaply (GPU name, CUDA version, further models) is checked in Java
 * on a window of the oldest candidates.
 */
@ApplicationScoped
public class Assignment {

    /** candidates read per claim: the SQL already filters most mismatches, and concurrent claims skip locked ones */
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

    /** What a poll learns in its first transaction: who the miner is, and a job when one waits. */
    public record FirstClaim(MinerProfile profile, Optional<Offer> offer) {
    }

    /**
     * A poll's start in one transaction: the miner (404 unregistered, 403 deactivated), marked alive, and a claim.
     * Polls are the coordinator's hottest path, so the profile and the claim share the miner's row lock.
     */
    @Transactional
    public FirstClaim firstClaim(String minerId) {
        Miner miner = em.find(Miner.class, minerId, LockModeType.PESSIMISTIC_WRITE);
        if (miner == null) {
            throw ApiException.notFound("miner " + minerId + " is not registered: POST /v1/miners/register first");
        }
        if (!miner.active) {
            throw new ApiException(403, "miner_deactivated", "miner " + minerId + " was deactivated by an admin");
        }
        MinerProfile profile = new MinerProfile(miner.minerId, miner.parsedCapabilities(), miner.region,
                miner.unitPrice(settings.unitPrice()), miner.walletAddress != null);
        return new FirstClaim(profile, claimFor(miner, profile));
    }

    /** A claim for a miner already waiting (woken, or the safety net). */
    @Transactional
    public Optional<Offer> claim(String minerId) {
        Miner miner = em.find(Miner.class, minerId, LockModeType.PESSIMISTIC_WRITE);
        if (miner == null || !miner.active) {
            return Optional.empty();
        }
        return claimFor(miner, new MinerProfile(miner.minerId, miner.parsedCapabilities(), miner.region,
                miner.unitPrice(settings.unitPrice()), miner.walletAddress != null));
    }

    /** The claim proper, with the miner's row locked. */
    private Optional<Offer> claimFor(Miner miner, MinerProfile profile) {
        long now = System.currentTimeMillis();
        // a claim is made for a poll that is waiting right now: the miner is alive (to the second: a row write
        // per claim would be the claim's most expensive part)
        if (now - miner.lastHeartbeat > 1000 || !"ONLINE".equals(miner.status)) {
            miner.alive(now, settings.minerOfflineMillis());
        }
        if (running(miner.minerId) >= miner.concurrency) {
            return Optional.empty();
        }
        for (Object[] candidate : candidates(miner, profile.capabilities(), profile.unitPrice(), now)) {
            String jobId = (String) candidate[0];
            if (!MatchRules.exclusion(constraints((String) candidate[1]), profile.capabilities(), miner.region,
                    profile.unitPrice()).isEmpty() || !lock(jobId)) {
                continue;
            }
            Job job = em.find(Job.class, jobId);
            if (job != null && job.assignable && job.state == JobState.QUEUED) {
                transitions.move(job, JobState.RUNNING, "assigned", miner.minerId, null);
                return Optional.of(new Offer(job.jobId, job.payload, job.constraintsJson));
            }
        }
        return Optional.empty();
    }

    /**
     * Locks one candidate that is still assignable; false when another claim holds it or took it. Only the chosen
     * row is locked (a lock is a write in PostgreSQL), and SKIP LOCKED lets concurrent claims pass one another.
     */
    private boolean lock(String jobId) {
        return !em.createNativeQuery("SELECT job_id FROM coord_job WHERE job_id = ? AND assignable = TRUE"
                + " AND state = 'QUEUED' FOR UPDATE SKIP LOCKED").setParameter(1, jobId).getResultList().isEmpty();
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

    /** The oldest queued jobs the SQL filters let this miner run: {job_id, constraints_json}, read without locks. */
    @SuppressWarnings("unchecked")
    private List<Object[]> candidates(Miner miner, Capabilities caps, long unitPrice, long now) {
        List<String> models = caps.models().stream().map(Capabilities::bare).distinct().toList();
        StringBuilder sql = new StringBuilder("SELECT job_id, constraints_json FROM coord_job WHERE assignable = TRUE"
                + " AND expires_at > ?"
                + " AND (c_min_vram_gb IS NULL OR c_min_vram_gb <= ?) AND (c_max_price IS NULL OR c_max_price >= ?)"
                + " AND (c_region IS NULL OR c_region = ?)");
        if (miner.walletAddress == null) {
            sql.append(" AND payment_amount IS NULL"); // a miner without a wallet is never assigned a paid job
        }
        sql.append(" AND (c_model IS NULL");
        if (!models.isEmpty()) {
            sql.append(" OR c_model IN (").append("?,".repeat(models.size() - 1)).append("?)");
        }
        sql.append(") ORDER BY requested_at, job_id LIMIT ").append(WINDOW);
        Query q = em.createNativeQuery(sql.toString());
        int i = 1;
        q.setParameter(i++, now);
        q.setParameter(i++, caps.vramGb() == null ? -1.0 : caps.vramGb());
        q.setParameter(i++, unitPrice);
        q.setParameter(i++, miner.region == null ? "" : miner.region.toLowerCase(Locale.ROOT));
        for (String m : models) {
            q.setParameter(i++, m);
        }
        return new ArrayList<>((List<Object[]>) q.getResultList());
    }

    static Constraints constraints(Job job) {
        return constraints(job.constraintsJson);
    }

    static Constraints constraints(String constraintsJson) {
        try (var r = JsonCodec.createReader(new StringReader(constraintsJson))) {
            return Constraints.read(r.readObject());
        }
    }
}
