package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The timed transitions: jobs past {@code expires_at} expire; a RUNNING job whose miner stopped heartbeating is
 * re-queued once, then failed. Each job changes in its own transaction, and rows another server is sweeping are
 * skipped ({@code SKIP LOCKED}), so several servers can sweep at once.
 */
@ApplicationScoped
public class JobSweep {

    private static final int BATCH = 200;

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    JobTransitions transitions;
    @Inject
    CoordinatorSettings settings;
    @Inject
    ResultService results;
    @Inject
    JobService jobs;

    /** Ids of jobs that are due: expired, or RUNNING on a silent miner. */
    @SuppressWarnings("unchecked")
    @Transactional
    public List<String> due() {
        long now = System.currentTimeMillis();
        return em.createNativeQuery("SELECT j.job_id FROM coord_job j WHERE j.state IN ('QUEUED', 'RUNNING') AND"
                + " (j.expires_at <= ? OR (j.state = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM coord_miner m WHERE"
                + " m.miner_id = j.assigned_miner_id AND m.status = 'ONLINE' AND m.active = TRUE AND m.last_heartbeat > ?)))"
                + " ORDER BY j.expires_at LIMIT " + BATCH)
                .setParameter(1, now).setParameter(2, now - settings.minerOfflineMillis()).getResultList();
    }

    /** Moves one due job on; nothing when another server holds it or it is no longer due. */
    @SuppressWarnings("unchecked")
    @Transactional
    public void sweep(String jobId) {
        List<String> locked = em.createNativeQuery("SELECT job_id FROM coord_job WHERE job_id = ? FOR UPDATE SKIP LOCKED")
                .setParameter(1, jobId).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        Job job = em.find(Job.class, jobId);
        em.refresh(job);
        long now = System.currentTimeMillis();
        if (job.state.isFinal()) {
            return;
        }
        if (job.expiresAt <= now) {
            if (job.state == JobState.RUNNING) {
                results.endReceipt(job, job.assignedMinerId, "EXPIRED"); // it expired in a miner's hands
            }
            transitions.move(job, JobState.EXPIRED, "expired", job.assignedMinerId, null);
            return;
        }
        if (job.state == JobState.RUNNING) {
            Miner m = em.find(Miner.class, job.assignedMinerId);
            if (m != null && m.isOnline(now, settings.minerOfflineMillis())) {
                return;
            }
            String silent = job.assignedMinerId;
            if (job.attempt <= 1) {
                transitions.move(job, JobState.QUEUED, "miner_silent_requeued", silent,
                        "no heartbeat for " + settings.minerOfflineMillis() / 1000 + " s");
                jobs.announce(job, Assignment.constraints(job));
            } else {
                job.error = "the assigned miner went silent twice";
                results.endReceipt(job, silent, "FAILED");
                transitions.move(job, JobState.FAILED, "miner_silent_failed", silent, job.error);
            }
        }
    }

    /** Miners silent for longer than the offline time are shown OFFLINE. */
    @Transactional
    public int markOffline() {
        return em.createNativeQuery("UPDATE coord_miner SET status = 'OFFLINE' WHERE status = 'ONLINE' AND last_heartbeat < ?")
                .setParameter(1, System.currentTimeMillis() - settings.minerOfflineMillis()).executeUpdate();
    }
}
