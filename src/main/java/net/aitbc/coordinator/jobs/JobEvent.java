package net.aitbc.coordinator.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One entry of a job's trail: a transition (or a settlement step), written with it in one transaction. */
@Entity
@Table(name = "coord_job_event")
@NamedQuery(name = "JobEvent.ofJob", query = "SELECT e FROM JobEvent e WHERE e.jobId = :jobId ORDER BY e.at, e.eventId")
public class JobEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "jobEventIds")
    @SequenceGenerator(name = "jobEventIds", sequenceName = "coord_job_event_seq", allocationSize = 50)
    @Column(name = "event_id")
    Long eventId;
    @Column(name = "job_id")
    String jobId;
    long at;
    @Column(name = "from_state")
    String fromState;
    @Column(name = "to_state")
    String toState;
    @Column(name = "miner_id")
    String minerId;
    int attempt;
    String reason;
    String detail;

    protected JobEvent() {
    }

    JobEvent(String jobId, long at, JobState from, JobState to, String minerId, int attempt, String reason,
             String detail) {
        this.jobId = jobId;
        this.at = at;
        this.fromState = from == null ? null : from.name();
        this.toState = to.name();
        this.minerId = minerId;
        this.attempt = attempt;
        this.reason = reason;
        this.detail = detail;
    }
}
