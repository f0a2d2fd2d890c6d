package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Subscribes to a node's {@code /rpc/ws/transactions} and notes when each {@code {tx_hash, status: "included"}}
 * message arrives (System.nanoTime). The node disconnects a subscriber that falls 10,000 messages behind; then
 * {@link #closedReason()} says so, because every inclusion after it goes unseen.
 */
final class InclusionWatch implements AutoCloseable {

    private final Map<String, Long> includedAt = new ConcurrentHashMap<>();
    private volatile String closedReason;
    private WebSocket socket;

    private InclusionWatch() {
    }

    static InclusionWatch open(int port) throws Exception {
        InclusionWatch watch = new InclusionWatch();
        watch.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc/ws/transactions"), watch.listener())
                .get(10, TimeUnit.SECONDS);
        return watch;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    long now = System.nanoTime();
                    JsonObject m = Json.createReader(new StringReader(part.toString())).readObject();
                    if ("included".equals(m.getString("status"))) {
                        includedAt.putIfAbsent(m.getString("tx_hash"), now);
                    }
                    part.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closedReason = "closed by the node (" + code + " " + reason + ")";
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closedReason = "failed: " + error;
            }
        };
    }

    /** When the "included" message of this transaction arrived, or null if none has. */
    Long includedAt(String hash) {
        return includedAt.get(hash);
    }

    int includedCount() {
        return includedAt.size();
    }

    boolean sawAll(Collection<String> hashes) {
        return includedAt.keySet().containsAll(hashes);
    }

    /** Null while the subscription is open. */
    String closedReason() {
        return closedReason;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
