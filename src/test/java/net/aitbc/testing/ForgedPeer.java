package net.aitbc.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A peer that speaks the node RPC sync uses ({@code /rpc/head}, {@code /rpc/blocks-range}) and serves the
 * branch of a {@link BlockForge}: validly signed blocks the test made, so a real node can be led onto a
 * competing branch by its own sync. Anything else answers 404, as an unknown path of a node would.
 */
public final class ForgedPeer {

    private final HttpServer server;
    private volatile List<JsonObject> blocks = List.of();
    private volatile JsonObject head = Json.createObjectBuilder().add("height", 0).add("hash", "").build();

    public ForgedPeer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the peer's chain is this branch (heights 1 … its head). */
    public void serve(BlockForge branch) {
        blocks = List.copyOf(branch.blocks());
        head = Json.createObjectBuilder().add("height", branch.head().height()).add("hash", branch.head().hash())
                .add("timestamp", net.aitbc.chain.protocol.Timestamps.format(branch.head().timestamp()))
                .add("tx_count", branch.head().txCount()).build();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/rpc/head")) {
            reply(exchange, 200, head);
        } else if (path.equals("/rpc/blocks-range")) {
            long start = 1;
            long end = Long.MAX_VALUE;
            for (String pair : String.valueOf(exchange.getRequestURI().getQuery()).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("start")) {
                    start = Long.parseLong(kv[1]);
                } else if (kv.length == 2 && kv[0].equals("end")) {
                    end = Long.parseLong(kv[1]);
                }
            }
            JsonArrayBuilder range = Json.createArrayBuilder();
            for (JsonObject b : blocks) {
                long h = b.getJsonNumber("height").longValue();
                if (h >= start && h <= end) {
                    range.add(b);
                }
            }
            reply(exchange, 200, Json.createObjectBuilder().add("start", start).add("blocks", range).build());
        } else {
            reply(exchange, 404, Json.createObjectBuilder().add("status", 404).add("error", "not_found").build());
        }
    }

    private static void reply(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
