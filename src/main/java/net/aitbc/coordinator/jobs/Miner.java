package net.aitbc.coordinator.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.StringReader;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.matching.Capabilities;

/** A registered miner, bound to its key's id. Capabilities are kept as sent; the matcher reads both shapes. */
@Entity
@Table(name = "coord_miner")
public class Miner {

    @Id
    @Column(name = "miner_id")
    String minerId;
    String capabilities;
    @Column(name = "gpu_model")
    String gpuModel;
    @Column(name = "vram_gb")
    Double vramGb;
    String cuda;
    String models;
    String region;
    @Column(name = "wallet_address")
    String walletAddress;
    @Column(name = "price_per_gpu_second")
    Long pricePerGpuSecond;
    int concurrency;
    int inflight;
    String status;
    boolean active;
    @Column(name = "session_token")
    String sessionToken;
    @Column(name = "registered_at")
    long registeredAt;
    @Column(name = "last_heartbeat")
    long lastHeartbeat;
    /** Heartbeat uptime: time between signs of life no further apart than the offline window, summed. */
    @Column(name = "online_ms")
    long onlineMs;
    String metadata;

    protected Miner() {
    }

    Miner(String minerId) {
        this.minerId = minerId;
        this.active = true;
    }

    public String minerId() {
        return minerId;
    }

    public String walletAddress() {
        return walletAddress;
    }

    Capabilities parsedCapabilities() {
        try (var r = JsonCodec.createReader(new StringReader(capabilities))) {
            return Capabilities.read(r.readObject());
        }
    }

    /** The unit price the miner charges: its own, else the coordinator's default. */
    long unitPrice(long defaultUnitPrice) {
        return pricePerGpuSecond != null ? pricePerGpuSecond : defaultUnitPrice;
    }

    /** A sign of life at {@code now}: online again, and the time since the last one counts as uptime if it was close. */
    void alive(long now, long offlineAfterMillis) {
        long since = now - lastHeartbeat;
        if (since > 0 && since <= offlineAfterMillis && "ONLINE".equals(status)) {
            onlineMs += since;
        }
        lastHeartbeat = now;
        status = "ONLINE";
    }

    boolean isOnline(long now, long offlineAfterMillis) {
        return active && "ONLINE".equals(status) && now - lastHeartbeat <= offlineAfterMillis;
    }
}
