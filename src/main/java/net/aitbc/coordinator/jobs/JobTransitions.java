package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import net.aitbc.platform.error.ApiException;

/**
 * The only way a job changes state: checks the state machine (409 otherwise), writes the trail entry in the same
 * transaction (the caller's), and on a final state marks what the chain is owed, then announces the end to
 * observers after the commit.
 */
@ApplicationScoped
public class JobTransitions {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    Event<JobEnded> ended;

    @Transactional(Transactional.TxType.MANDATORY)
    public void move(Job job, JobState target, String reason, String minerId, String detail) {
        JobState from = job.state;
        if (!from.mayBecome(target)) {
            throw new ApiException(409, "invalid_transition", "job " + job.jobId + " is " + from
                    + " and cannot become " + target);
        }
        long now = System.currentTimeMillis();
        job.state = target;
        job.assignable = target == JobState.QUEUED
                && (job.paymentAmount == null || job.paymentStatus == PaymentStatus.ESCROWED);
        if (target == JobState.RUNNING) {
            job.assignedMinerId = minerId;
            job.assignedAt = now;
            job.attempt++;
        } else if (target == JobState.QUEUED) {
            job.assignedMinerId = null;
            job.assignedAt = null;
        }
        if (target.isFinal()) {
            job.endedAt = now;
            // a receipt to record (COMPLETED) or an escrow to pay out: the settlement owes the chain something
            boolean owes = job.receiptId != null || job.paymentStatus == PaymentStatus.ESCROWED;
            job.settlement = owes ? Settlement.PENDING : Settlement.DONE;
        }
        note(job, from, target, minerId, reason, detail);
        if (target.isFinal()) {
            ended.fire(new JobEnded(job.jobId, target, job.settlement == Settlement.PENDING));
        }
    }

    /** A trail entry without a state change (payment admitted, settlement steps). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(Job job, JobState from, JobState to, String minerId, String reason, String detail) {
        em.persist(new JobEvent(job.jobId, System.currentTimeMillis(), from, to, minerId, job.attempt, reason,
                detail));
    }
}
