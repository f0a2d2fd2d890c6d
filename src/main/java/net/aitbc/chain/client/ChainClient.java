package net.aitbc.chain.client;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;

/**
 * A small client of a node's /rpc API: read balances, build, sign and send transfers, wait for inclusion.
 * The one place other components (coordinator, exchange, wallet tool) and the tests talk to a node.
 */
public class ChainClient {

    private final String baseUrl;
    private final HttpClient http;
    private volatile String chainId;

    private final Duration timeout;

    public ChainClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(30));
    }

    /** @param timeout bound of every request (connection: at most 5 s) */
    public ChainClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        // HTTP/1.1: the JDK client's h2c upgrade attempts cost seconds under load against Liberty
        this.http = HttpClient.newBuilder().connectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout
                : Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** An account as the node reports it; {@code nextNonce} is the nonce to sign next. */
    public record Balance(String address, long balance, long nonce, long nextNonce) {
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String chainId() {
        if (chainId == null) {
            chainId = get("/rpc/status").getString("chain_id");
        }
        return chainId;
    }

    public JsonObject head() {
        return get("/rpc/head");
    }

    public long height() {
        return head().getJsonNumber("height").longValue();
    }

    public Balance balance(String address) {
        JsonObject b = get("/rpc/getBalance/" + address);
        return new Balance(b.getString("address"), b.getJsonNumber("balance").longValue(),
                b.getJsonNumber("nonce").longValue(), b.getJsonNumber("next_nonce").longValue());
    }

    public JsonObject tx(String hash) {
        return get("/rpc/tx/" + hash);
    }

    /** An escrow on chain, or empty when the chain has none with this id (yet). */
    public java.util.Optional<EscrowState> escrow(String escrowId) {
        try {
            return java.util.Optional.of(EscrowState.fromJson(get("/rpc/escrow/" + escrowId)));
        } catch (ChainClientException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Many escrows at once ({@code POST /rpc/escrows/lookup}, 1,000 ids a request), by id; an id the chain holds no
     * escrow for (yet) is absent from the map.
     */
    public java.util.Map<String, EscrowState> escrows(java.util.Collection<String> escrowIds) {
        java.util.Map<String, EscrowState> found = new java.util.HashMap<>();
        java.util.List<String> ids = java.util.List.copyOf(new java.util.LinkedHashSet<>(escrowIds));
        for (int from = 0; from < ids.size(); from += 1000) {
            jakarta.json.JsonArrayBuilder chunk = JsonCodec.createArrayBuilder();
            ids.subList(from, Math.min(ids.size(), from + 1000)).forEach(chunk::add);
            post("/rpc/escrows/lookup", JsonCodec.createObjectBuilder().add("escrow_ids", chunk).build())
                    .getJsonArray("escrows").forEach(v -> {
                        EscrowState e = EscrowState.fromJson(v.asJsonObject());
                        found.put(e.escrowId(), e);
                    });
        }
        return found;
    }

    /** Sends a signed transaction; returns its tx_hash or throws {@link ChainClientException} with the node's error. */
    public String send(SignedTx tx) {
        return post("/rpc/sendTx", tx.toWire()).getString("tx_hash");
    }

    /** One transaction of {@link #sendAll}: refused is null when the node admitted it. */
    public record Sent(SignedTx tx, ChainClientException refused) {
    }

    /**
     * Sends one sender's transactions in nonce order in one request ({@code POST /rpc/sendTxs}); each is admitted
     * or refused as {@link #send} would be, judged after the earlier ones.
     */
    public java.util.List<Sent> sendAll(java.util.List<SignedTx> txs) {
        jakarta.json.JsonArrayBuilder wire = JsonCodec.createArrayBuilder();
        txs.forEach(t -> wire.add(t.toWire()));
        jakarta.json.JsonArray results = post("/rpc/sendTxs", JsonCodec.createObjectBuilder().add("transactions", wire)
                .build()).getJsonArray("results");
        java.util.List<Sent> sent = new java.util.ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            JsonObject r = results.getJsonObject(i);
            sent.add(new Sent(txs.get(i), r.getBoolean("accepted") ? null
                    : new ChainClientException(r.getInt("status", 400), r)));
        }
        return sent;
    }

    /** Signs a transfer with the sender's next nonce and sends it. */
    public String transfer(Ed25519.KeyPair from, String to, long amount, long fee) {
        long nonce = balance(from.address()).nextNonce();
        return send(signTransfer(from, nonce, to, amount, fee));
    }

    public SignedTx signTransfer(Ed25519.KeyPair from, long nonce, String to, long amount, long fee) {
        return SignedTx.sign(chainId(), TxType.TRANSFER, nonce, fee,
                JsonCodec.createObjectBuilder().add("recipient", to).add("amount", amount).build(), from);
    }

    /** Polls until the transaction is in a block on this node (it may still be on its way here); returns the height. */
    public long awaitIncluded(String txHash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                JsonObject tx = tx(txHash);
                if ("included".equals(tx.getString("status", ""))) {
                    return tx.getJsonNumber("block_height").longValue();
                }
            } catch (ChainClientException e) {
                if (e.status() != 404) { // 404: not arrived at this node yet (relayed from another)
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(txHash + " not included after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public JsonObject get(String path) {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public JsonObject post(String path, JsonObject body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return call(b);
    }

    private JsonObject call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject body;
            try {
                body = r.body().isEmpty() ? JsonObject.EMPTY_JSON_OBJECT
                        : JsonCodec.createReader(new StringReader(r.body())).readObject();
            } catch (RuntimeException e) {
                throw new ChainClientException(r.statusCode(), JsonCodec.createObjectBuilder().add("error", "not_json")
                        .add("detail", "the node answered " + r.statusCode() + " without a JSON object").build());
            }
            if (r.statusCode() >= 400) {
                throw new ChainClientException(r.statusCode(), body);
            }
            return body;
        } catch (IOException e) {
            // a refused connection carries no message, only its type
            throw new UncheckedIOException("node " + baseUrl + " unreachable: " + (e.getMessage() != null
                    ? e.getMessage() : e instanceof java.net.ConnectException ? "connection refused"
                    : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
