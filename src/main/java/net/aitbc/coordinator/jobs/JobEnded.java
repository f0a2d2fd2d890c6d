package net.aitbc.coordinator.jobs;

/**
 * CDI event: a job reached a final state (observe with TransactionPhase.AFTER_SUCCESS); {@code owesChain} when its
 * receipt or escrow still has to reach the chain.
 */
public record JobEnded(String jobId, JobState state, boolean owesChain) {
}
