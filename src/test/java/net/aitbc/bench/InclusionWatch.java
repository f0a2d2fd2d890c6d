package net.aitbc.bench;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.aitbc.chain.client.ChainClient;

/**
 * Notes when each transaction is seen in a block (System.nanoTime): a thread polls the node's head every 50 ms
 * and reads each new block once. The node's transactions WebSocket would say it sooner, but at a thousand
 * transactions a second a load generator sharing the cores falls 10,000 messages behind and is dropped; one
 * request per block keeps up with any rate. Inclusion latency is thus measured up to ~50 ms late, never early.
 */
final class InclusionWatch implements AutoCloseable {

    private final Map<String, Long> includedAt = new ConcurrentHashMap<>();
    private final ChainClient node;
    private final Thread poller;
    private volatile String closedReason;
    private volatile boolean running = true;
    private long seenHeight;

    private InclusionWatch(int port) {
        node = new ChainClient("http://127.0.0.1:" + port, Duration.ofSeconds(30));
        seenHeight = node.height();
        poller = new Thread(this::poll, "inclusion-watch");
        poller.setDaemon(true);
    }

    static InclusionWatch open(int port) {
        InclusionWatch watch = new InclusionWatch(port);
        watch.poller.start();
        return watch;
    }

    private void poll() {
        while (running) {
            try {
                long head = node.height();
                while (seenHeight < head) {
                    JsonObject block = node.get("/rpc/blocks/" + (seenHeight + 1));
                    long now = System.nanoTime();
                    for (JsonObject t : block.getJsonArray("transactions").getValuesAs(JsonObject.class)) {
                        includedAt.putIfAbsent(t.getString("tx_hash"), now);
                    }
                    seenHeight++;
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                closedReason = "polling the node failed: " + e.getMessage();
                return;
            }
        }
    }

    /** When this transaction was first seen in a block, or null if it has not been. */
    Long includedAt(String hash) {
        return includedAt.get(hash);
    }

    int includedCount() {
        return includedAt.size();
    }

    boolean sawAll(Collection<String> hashes) {
        return includedAt.keySet().containsAll(hashes);
    }

    /** Null while the watch works. */
    String closedReason() {
        return closedReason;
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
