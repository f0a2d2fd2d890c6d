package net.aitbc.coordinator.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import net.aitbc.coordinator.jobs.JobEnded;

/** Starts a job's settlement as soon as its end is committed, instead of waiting for the next timer round. */
@ApplicationScoped
public class SettleOnEnd {

    @Inject
    SettlementWorker worker;

    void onEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded ended) {
        if (ended.owesChain()) {
            worker.kick();
        }
    }
}
