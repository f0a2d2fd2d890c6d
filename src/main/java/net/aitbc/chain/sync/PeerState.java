package net.aitbc.chain.sync;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;

/**
 * What this node knows of one peer, and its circuit breaker: after three failed ticks in a row the peer is
 * skipped for a growing number of ticks (up to eight), so a dead or lying peer costs little. Any answer to a
 * push closes the breaker again at once.
 */
final class PeerState {

    private final String url;
    private final ChainClient client;
    private volatile long height = -1;
    private volatile long lag;
    private volatile String state = "unknown";
    private volatile long lastSyncAt;
    private volatile String lastError;
    private int failures;
    private int skipTicks;
    private volatile long pushBlockedUntil;

    static final long PUSH_RETRY_MILLIS = 1000;

    PeerState(String url, ChainClient client) {
        this.url = url;
        this.client = client;
    }

    String url() {
        return url;
    }

    ChainClient client() {
        return client;
    }

    /** True when the breaker is open and this tick must leave the peer alone. */
    synchronized boolean skipThisTick() {
        if (skipTicks > 0) {
            skipTicks--;
            state = "backoff";
            return true;
        }
        return false;
    }

    /**
     * Whether a push (a relayed transaction, a produced block) may go to this peer now. Pushes do not wait for
     * the sync breaker: a peer that was down while this node started would otherwise get nothing pushed until
     * a sync round reached it again (up to eight rounds later). After a failed push the peer gets one probe per
     * {@link #PUSH_RETRY_MILLIS}, so a dead peer costs one connection attempt a second, not one per transaction.
     */
    boolean mayPush() {
        return System.currentTimeMillis() >= pushBlockedUntil;
    }

    /** A push reached the peer (whatever it answered): it is up, so its breaker closes and sync resumes. */
    synchronized void pushAnswered() {
        pushBlockedUntil = 0;
        if (skipTicks > 0 || "down".equals(state) || "backoff".equals(state)) {
            skipTicks = 0;
            failures = 0;
            state = "unknown";
        }
    }

    /** A push found the peer unreachable. */
    void pushFailed() {
        pushBlockedUntil = System.currentTimeMillis() + PUSH_RETRY_MILLIS;
    }

    synchronized void seen(long peerHeight, long ownHeight) {
        height = peerHeight;
        lag = peerHeight - ownHeight;
        state = lag > 0 ? "behind" : lag < 0 ? "ahead" : "in_sync";
    }

    synchronized void synced(long ownHeight) {
        lag = height - ownHeight;
        state = lag > 0 ? "behind" : lag < 0 ? "ahead" : "in_sync";
        lastSyncAt = System.currentTimeMillis();
        failures = 0;
        lastError = null;
    }

    synchronized void failed(String error) {
        lastError = error.length() > 300 ? error.substring(0, 300) : error;
        failures++;
        state = "down";
        if (failures >= 3) {
            skipTicks = Math.min(8, 1 << (failures - 3));
        }
    }

    /** Refused blocks are the peer's fault but do not make it unreachable. */
    synchronized void refused(String reason) {
        lastError = reason;
        failures++;
        state = "diverged";
        if (failures >= 3) {
            skipTicks = Math.min(8, 1 << (failures - 3));
        }
    }

    long lag() {
        return lag;
    }

    JsonObject toJson() {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("url", url).add("height", height).add("lag", lag)
                .add("state", state);
        if (lastSyncAt == 0) {
            b.addNull("last_sync_at");
        } else {
            b.add("last_sync_at", Timestamps.format(lastSyncAt));
        }
        if (lastError == null) {
            b.addNull("last_error");
        } else {
            b.add("last_error", lastError);
        }
        return b.build();
    }
}
