package net.aitbc.coordinator.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The job state machine of coordinator.md: QUEUED → RUNNING → COMPLETED | FAILED; QUEUED|RUNNING → CANCELED
 * (client) or EXPIRED (sweep); RUNNING → QUEUED once, when the assigned miner goes silent. Nothing else (409).
 */
public enum JobState {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELED, EXPIRED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELED || this == EXPIRED;
    }

    public Set<JobState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELED, EXPIRED);
            case RUNNING -> EnumSet.of(QUEUED, COMPLETED, FAILED, CANCELED, EXPIRED);
            default -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean mayBecome(JobState target) {
        return next().contains(target);
    }
}
