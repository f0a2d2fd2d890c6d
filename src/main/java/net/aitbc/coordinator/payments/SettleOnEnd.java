package net.aitbc.coordinator.payments;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.coordinator.jobs.JobEnded;

/** Starts a job's settlement as soon as its end is committed, instead of waiting for the next timer round. */
@ApplicationScoped
public class SettleOnEnd {

    private static final Logger LOG = Logger.getLogger(SettleOnEnd.class.getName());

    @Inject
    Settler settler;
    @Resource
    ManagedExecutorService executor;

    void onEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded ended) {
        if (ended.owesChain()) {
            executor.execute(() -> {
                try {
                    settler.advance(ended.jobId());
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "settling job " + ended.jobId() + " now failed; the timer retries", e);
                }
            });
        }
    }
}
