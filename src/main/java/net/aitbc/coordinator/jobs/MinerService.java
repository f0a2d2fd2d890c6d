package net.aitbc.coordinator.jobs;

import net.aitbc.platform.rest.RequestFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.matching.Capabilities;
import net.aitbc.platform.error.ApiException;

/**
 * Miners: register (again, any time: capabilities, wallet and price are replaced), heartbeat, and the profile a
 * poll waits with. The miner id is the key's id, so one key is one miner and no miner can speak for another.
 */
@ApplicationScoped
public class MinerService {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    CoordinatorSettings settings;
    @Inject
    MatchReport matches;
    @Inject
    jakarta.enterprise.event.Event<MinersChanged> changed;

    @Transactional
    public Miner register(String minerId, JsonObject body) {
        JsonObject caps = RequestFields.object(body, "capabilities");
        if (caps == null) {
            throw ApiException.invalidField("capabilities", "capabilities (an object: gpu, vram_gb, cuda, models[], ...) is required");
        }
        if (caps.toString().length() > 16_000) {
            throw ApiException.invalidField("capabilities", "capabilities must be at most 16000 characters of JSON");
        }
        Long concurrencyGiven = RequestFields.integer(body, "concurrency", 1, 64);
        long concurrency = concurrencyGiven == null ? 1 : concurrencyGiven;
        String region = RequestFields.text(body, "region", 64);
        String wallet = RequestFields.text(body, "wallet_address", 44);
        if (wallet != null && !Address.isValid(wallet)) {
            throw ApiException.invalidField("wallet_address", "wallet_address must be an ait1 address (44 characters)");
        }
        Long price = RequestFields.integer(body, "price_per_gpu_second", 0, Long.MAX_VALUE / 1_000_000);
        Capabilities parsed = Capabilities.read(caps);
        Miner m = em.find(Miner.class, minerId, LockModeType.PESSIMISTIC_WRITE);
        long now = System.currentTimeMillis();
        if (m == null) {
            m = new Miner(minerId);
            m.registeredAt = now;
            em.persist(m);
        }
        m.capabilities = caps.toString();
        m.gpuModel = parsed.gpuModel();
        m.vramGb = parsed.vramGb();
        m.cuda = parsed.cuda();
        m.models = JsonCodec.createArrayBuilder(parsed.models()).build().toString();
        m.region = region == null || region.isEmpty() ? null : region;
        m.walletAddress = wallet == null ? null : Address.normalise(wallet);
        m.pricePerGpuSecond = price;
        m.concurrency = (int) concurrency;
        m.status = "ONLINE";
        m.lastHeartbeat = now;
        m.sessionToken = JobService.newId("sess_");
        matches.invalidate();
        changed.fire(new MinersChanged(m.minerId));
        return m;
    }

    /** Any status string means alive (compat.md); unknown fields are ignored. */
    @Transactional
    public Miner heartbeat(String minerId, JsonObject body) {
        Miner m = registered(minerId, true);
        Long inflight = RequestFields.integer(body, "inflight", 0, 10_000);
        m.inflight = inflight == null ? 0 : inflight.intValue();
        m.alive(System.currentTimeMillis(), settings.minerOfflineMillis());
        JsonObject metadata = body.get("metadata") instanceof JsonObject o ? o : null;
        if (metadata != null && metadata.toString().length() <= 8000) {
            m.metadata = metadata.toString();
        }
        return m;
    }

    @Transactional
    public Miner registered(String minerId, boolean lock) {
        Miner m = lock ? em.find(Miner.class, minerId, LockModeType.PESSIMISTIC_WRITE) : em.find(Miner.class, minerId);
        if (m == null) {
            throw ApiException.notFound("miner " + minerId + " is not registered: POST /v1/miners/register first");
        }
        return m;
    }

    @Transactional
    public List<Miner> all(int limit, int offset) {
        return em.createQuery("SELECT m FROM Miner m ORDER BY m.registeredAt, m.minerId", Miner.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public Miner setActive(String minerId, boolean active) {
        Miner m = registered(minerId, true);
        m.active = active;
        matches.invalidate();
        changed.fire(new MinersChanged(m.minerId));
        return m;
    }

    @Transactional
    public Miner setCapabilities(String minerId, JsonObject caps) {
        Miner m = registered(minerId, true);
        JsonObject body = JsonCodec.createObjectBuilder().add("capabilities", caps).add("concurrency", m.concurrency)
                .build();
        Miner updated = register(minerId, m.region == null ? body
                : JsonCodec.createObjectBuilder(body).add("region", m.region).build());
        updated.walletAddress = m.walletAddress;
        updated.pricePerGpuSecond = m.pricePerGpuSecond;
        return updated;
    }

    @Transactional
    public void remove(String minerId) {
        Miner m = registered(minerId, true);
        m.active = false;
        m.status = "OFFLINE";
        changed.fire(new MinersChanged(m.minerId));
    }
}
