package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.matching.Constraints;
import net.aitbc.coordinator.matching.Exclusion;
import net.aitbc.coordinator.matching.MatchRules;

/**
 * Why a queued job waits (coordinator.md, "why no match"): the online miners, how many satisfy the constraints,
 * and for the others the first rule that excludes them. The same counts answer {@code POST /v1/jobs/match}.
 */
@ApplicationScoped
public class MatchReport {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    CoordinatorSettings settings;

    /** Online miners and their running counts, read at most once a second: views of queued jobs ask often. */
    private record Pool(List<MinerProfile> online, Map<String, Integer> concurrency, Map<String, Long> running,
                        long readAt) {
    }

    private volatile Pool pool;

    @Transactional
    public JsonObject explain(Constraints constraints, boolean paid, boolean awaitingEscrow) {
        Pool p = pool();
        List<MinerProfile> online = p.online();
        Map<String, Long> running = p.running();
        Map<Exclusion, Integer> excluded = new EnumMap<>(Exclusion.class);
        int noWallet = 0;
        int matching = 0;
        int idleMatching = 0;
        for (MinerProfile m : online) {
            Optional<Exclusion> why = MatchRules.exclusion(constraints, m.capabilities(), m.region(), m.unitPrice());
            if (why.isPresent()) {
                excluded.merge(why.get(), 1, Integer::sum);
            } else if (paid && !m.hasWallet()) {
                noWallet++;
            } else {
                matching++;
                if (running.getOrDefault(m.minerId(), 0L) >= p.concurrency().getOrDefault(m.minerId(), 1)) {
                    excluded.merge(Exclusion.BUSY, 1, Integer::sum);
                } else {
                    idleMatching++;
                }
            }
        }
        String reason = awaitingEscrow ? "awaiting_escrow" : online.isEmpty() ? "no_miners_online"
                : matching == 0 ? "no_matching_miner" : idleMatching == 0 ? "matching_miners_busy" : "waiting_for_poll";
        JsonObjectBuilder by = JsonCodec.createObjectBuilder();
        for (Exclusion e : Exclusion.values()) {
            by.add(e.key(), excluded.getOrDefault(e, 0));
        }
        by.add("no_wallet", noWallet);
        return JsonCodec.createObjectBuilder().add("reason", reason).add("miners_online", online.size())
                .add("miners_matching", matching).add("excluded_by", by).build();
    }

    /** A miner registered or changed here: the next explanation reads the miners again. */
    void invalidate() {
        pool = null;
    }

    private Pool pool() {
        Pool p = pool;
        long now = System.currentTimeMillis();
        if (p != null && now - p.readAt() < 1000) {
            return p;
        }
        List<Miner> miners = em.createQuery("SELECT m FROM Miner m WHERE m.active = TRUE AND m.status = 'ONLINE'"
                + " AND m.lastHeartbeat >= :since", Miner.class)
                .setParameter("since", now - settings.minerOfflineMillis()).getResultList();
        Map<String, Long> running = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT j.assignedMinerId, COUNT(j) FROM Job j WHERE j.state = :s"
                + " GROUP BY j.assignedMinerId", Object[].class).setParameter("s", JobState.RUNNING).getResultList()) {
            running.put((String) row[0], ((Number) row[1]).longValue());
        }
        Map<String, Integer> concurrency = new HashMap<>();
        List<MinerProfile> online = new java.util.ArrayList<>();
        for (Miner m : miners) {
            concurrency.put(m.minerId, m.concurrency);
            online.add(new MinerProfile(m.minerId, m.parsedCapabilities(), m.region, m.unitPrice(settings.unitPrice()),
                    m.walletAddress != null));
        }
        p = new Pool(List.copyOf(online), concurrency, running, now);
        pool = p;
        return p;
    }
}
