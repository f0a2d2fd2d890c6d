package net.aitbc.coordinator.jobs;

import net.aitbc.coordinator.matching.Constraints;

/** CDI event: a job can now be assigned (submitted free, escrow admitted, re-queued); wakes waiting miners. */
public record JobBecameAssignable(String jobId, Constraints constraints, boolean paid) {
}
