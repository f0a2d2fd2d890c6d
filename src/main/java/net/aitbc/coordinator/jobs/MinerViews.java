package net.aitbc.coordinator.jobs;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;

/** Miners as admins see them: ids, never keys. */
public final class MinerViews {

    private MinerViews() {
    }

    public static JsonObject view(Miner m, CoordinatorSettings settings) {
        long now = System.currentTimeMillis();
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("miner_id", m.minerId)
                .add("status", m.isOnline(now, settings.minerOfflineMillis()) ? "ONLINE" : "OFFLINE")
                .add("active", m.active).add("capabilities", ResultService.parse(m.capabilities))
                .add("concurrency", m.concurrency).add("inflight", m.inflight)
                .add("unit_price", m.unitPrice(settings.unitPrice()))
                .add("registered_at", Timestamps.format(m.registeredAt))
                .add("last_heartbeat", Timestamps.format(m.lastHeartbeat));
        if (m.region != null) {
            b.add("region", m.region);
        }
        if (m.walletAddress != null) {
            b.add("wallet_address", m.walletAddress);
        }
        return b.build();
    }

    static JsonObject list(List<Miner> miners, CoordinatorSettings settings, int limit, int offset) {
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        miners.forEach(m -> items.add(view(m, settings)));
        return JsonCodec.createObjectBuilder().add("miners", items).add("limit", limit).add("offset", offset).build();
    }
}
