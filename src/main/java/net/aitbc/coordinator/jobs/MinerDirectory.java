package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.aitbc.coordinator.matching.Capabilities;

/**
 * What other features (the marketplace) may read about miners: a read model of the registered miners and of their
 * jobs' outcomes, never the entities, so the coordinator's invariants stay inside this package.
 */
@ApplicationScoped
public class MinerDirectory {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    CoordinatorSettings settings;

    /** A registered, active miner as the marketplace lists it. */
    public record Listing(String minerId, Capabilities capabilities, int gpuCount, String region, long unitPrice,
                          boolean online, int concurrency, long running, long registeredAt, long lastHeartbeat,
                          long onlineMs, boolean hasWallet) {

        /** Heartbeat uptime since registration, 0..1. */
        public double uptime(long now) {
            long age = Math.max(1, now - registeredAt);
            return Math.min(1.0, (double) onlineMs / age);
        }
    }

    /**
     * A miner's ended jobs whose receipt this coordinator has sent to the chain: completed, failed, expired while it
     * held them (the chain's own count, {@code /rpc/receipts/outcomes}, is what the marketplace shows; this is its
     * fallback while the chain cannot be asked).
     */
    public record Outcomes(long completed, long failed, long expired) {
        public static final Outcomes NONE = new Outcomes(0, 0, 0);
    }

    @Transactional
    public List<Listing> listings() {
        Map<String, Long> running = new HashMap<>();
        for (Object[] r : rows("SELECT assigned_miner_id, COUNT(*) FROM coord_job WHERE state = 'RUNNING'"
                + " GROUP BY assigned_miner_id")) {
            running.put((String) r[0], ((Number) r[1]).longValue());
        }
        long now = System.currentTimeMillis();
        return em.createQuery("SELECT m FROM Miner m WHERE m.active = TRUE ORDER BY m.registeredAt, m.minerId",
                Miner.class).getResultList().stream().map(m -> listing(m, running.getOrDefault(m.minerId, 0L), now))
                .toList();
    }

    @Transactional
    public Optional<Listing> listing(String minerId) {
        Miner m = em.find(Miner.class, minerId);
        if (m == null || !m.active) {
            return Optional.empty();
        }
        long running = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM coord_job WHERE state = 'RUNNING'"
                + " AND assigned_miner_id = ?").setParameter(1, minerId).getSingleResult()).longValue();
        return Optional.of(listing(m, running, System.currentTimeMillis()));
    }

    /** Every miner's outcomes as this coordinator recorded them, in one grouped query. */
    @Transactional
    public Map<String, Outcomes> outcomes() {
        Map<String, Outcomes> out = new HashMap<>();
        for (Object[] r : rows("SELECT assigned_miner_id,"
                + " SUM(CASE WHEN state = 'COMPLETED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'FAILED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'EXPIRED' THEN 1 ELSE 0 END)"
                + " FROM coord_job WHERE assigned_miner_id IS NOT NULL AND claim_tx IS NOT NULL"
                + " GROUP BY assigned_miner_id")) {
            out.put((String) r[0], new Outcomes(num(r[1]), num(r[2]), num(r[3])));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return em.createNativeQuery(sql).getResultList();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private Listing listing(Miner m, long running, long now) {
        return new Listing(m.minerId, m.parsedCapabilities(), gpuCount(m), m.region, m.unitPrice(settings.unitPrice()),
                m.isOnline(now, settings.minerOfflineMillis()), m.concurrency, running, m.registeredAt,
                m.lastHeartbeat, m.onlineMs, m.walletAddress != null);
    }

    /** {@code gpu_count}, {@code gpus} (a number or a list) or one GPU. */
    private static int gpuCount(Miner m) {
        JsonObject caps = m.capabilities == null ? JsonValue.EMPTY_JSON_OBJECT : ResultService.parse(m.capabilities);
        if (caps.get("gpu_count") instanceof jakarta.json.JsonNumber n) {
            return Math.max(1, n.intValue());
        }
        if (caps.get("gpus") instanceof jakarta.json.JsonNumber n) {
            return Math.max(1, n.intValue());
        }
        if (caps.get("gpus") instanceof jakarta.json.JsonArray a && !a.isEmpty()) {
            return a.size();
        }
        return 1;
    }
}
