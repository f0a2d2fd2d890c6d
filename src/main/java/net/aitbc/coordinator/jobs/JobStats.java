package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.Map;
import net.aitbc.chain.protocol.JsonCodec;

/** Counts for the admin dashboard and {@code /v1/status}: jobs by state, miners online, average run time. */
@ApplicationScoped
public class JobStats {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    CoordinatorSettings settings;

    @Transactional
    public JsonObject stats() {
        Map<JobState, Long> byState = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            byState.put(s, 0L);
        }
        for (Object[] row : em.createQuery("SELECT j.state, COUNT(j) FROM Job j GROUP BY j.state", Object[].class)
                .getResultList()) {
            byState.put((JobState) row[0], ((Number) row[1]).longValue());
        }
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        Number avg = (Number) em.createNativeQuery("SELECT AVG(ended_at - assigned_at) FROM coord_job WHERE state = 'COMPLETED'"
                + " AND assigned_at IS NOT NULL").getSingleResult();
        long online = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM coord_miner WHERE active = TRUE AND"
                + " status = 'ONLINE' AND last_heartbeat >= ?").setParameter(1, System.currentTimeMillis()
                - settings.minerOfflineMillis()).getSingleResult()).longValue();
        long miners = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM coord_miner").getSingleResult()).longValue();
        JsonObjectBuilder states = JsonCodec.createObjectBuilder();
        byState.forEach((s, n) -> states.add(s.name(), n));
        return JsonCodec.createObjectBuilder().add("total_jobs", total)
                .add("active_jobs", byState.get(JobState.QUEUED) + byState.get(JobState.RUNNING))
                .add("online_miners", online).add("total_miners", miners)
                .add("avg_miner_job_duration_ms", avg == null ? 0 : Math.round(avg.doubleValue()))
                .add("jobs_by_state", states).build();
    }
}
