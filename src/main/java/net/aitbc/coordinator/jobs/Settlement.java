package net.aitbc.coordinator.jobs;

/**
 * What the chain still owes a finished job: NONE while it runs, PENDING once it ended (its receipt to record, its
 * escrow to pay out), DONE when the chain has both. PENDING survives restarts: the sweep finishes it.
 */
public enum Settlement {
    NONE, PENDING, DONE
}
