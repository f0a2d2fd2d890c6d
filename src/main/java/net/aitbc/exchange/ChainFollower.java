package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.gateway.ChainGateway;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Follows the local node's blocks for the exchange: each TRANSFER to the deposit address credits its sender's
 * account once (the deposit's primary key is its tx_hash), each of the hot wallet's own transfers marks its
 * withdrawal CONFIRMED, and the cursor moves on, all in one engine batch per block. After each pass, when it has
 * caught up with the head, it computes the {@link Solvency} at that height.
 */
@ApplicationScoped
public class ChainFollower {

    private static final Logger LOG = Logger.getLogger(ChainFollower.class.getName());
    private static final int BLOCKS_PER_PASS = 200;

    @Inject
    ExchangeEngine engine;
    @Inject
    ExchangeStore store;
    @Inject
    HotWallet hot;
    @Inject
    Withdrawals withdrawals;
    @Inject
    ChainGateway chain;
    @Inject
    @ConfigProperty(name = "AITBC_EXCHANGE_DEPOSIT_CONFIRMATIONS", defaultValue = "1")
    int confirmations;

    private volatile Solvency solvency;
    private volatile String lastError;

    public Solvency solvency() {
        return solvency;
    }

    public String lastError() {
        return lastError;
    }

    public long scannedHeight() {
        return store.scalar("SELECT COALESCE(MAX(height), 0) FROM ex_cursor WHERE name = 'deposits'");
    }

    /** One pass: new blocks, then the solvency; one pass at a time. */
    public synchronized void pass() {
        try {
            ChainClient client = chain.client();
            long scanned = scannedHeight();
            long target = client.height() - Math.max(0, confirmations - 1);
            for (long h = scanned + 1; h <= target && h <= scanned + BLOCKS_PER_PASS; h++) {
                apply(h, client.get("/rpc/blocks/" + h), h == 1 && scanned == 0);
                scanned = h;
            }
            long before = client.height();
            long balance = client.balance(hot.address()).balance();
            long after = client.height();
            if (before == after && scanned >= before - Math.max(0, confirmations - 1)) {
                solvency = engine.execute((market, extras) -> {
                    long[] totals = market.totals();
                    return new Solvency(hot.address(), balance, totals[0], totals[1], withdrawals.pendingTotal(),
                            before, System.currentTimeMillis());
                });
            }
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.fine("The exchange could not follow the chain this pass: " + e.getMessage());
        }
    }

    private void apply(long height, JsonObject block, boolean first) {
        String deposit = hot.address();
        List<JsonObject> credits = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (JsonValue v : block.getJsonArray("transactions")) {
            JsonObject tx = v.asJsonObject();
            String sender = tx.getString("sender");
            if (deposit.equals(sender)) {
                sent.add(tx.getString("tx_hash"));
            } else if ("TRANSFER".equals(tx.getString("type"))
                    && deposit.equals(tx.getJsonObject("payload").getString("recipient", null))) {
                credits.add(tx);
            }
        }
        Set<String> known = new HashSet<>();
        for (JsonObject tx : credits) {
            if (store.scalar("SELECT COUNT(*) FROM ex_deposit WHERE tx_hash = ?", tx.getString("tx_hash")) > 0) {
                known.add(tx.getString("tx_hash"));
            }
        }
        engine.execute((market, extras) -> {
            long now = System.currentTimeMillis();
            List<JsonObject> fresh = credits.stream().filter(t -> !known.contains(t.getString("tx_hash"))).toList();
            for (JsonObject tx : fresh) {
                market.credit(tx.getString("sender"), tx.getJsonObject("payload").getJsonNumber("amount")
                        .longValueExact(), 0, now);
            }
            extras.add(c -> {
                if (!fresh.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO ex_deposit (tx_hash, wallet, amount,"
                            + " block_height, credited_at) VALUES (?, ?, ?, ?, ?)")) {
                        for (JsonObject tx : fresh) {
                            s.setString(1, tx.getString("tx_hash"));
                            s.setString(2, tx.getString("sender"));
                            s.setLong(3, tx.getJsonObject("payload").getJsonNumber("amount").longValueExact());
                            s.setLong(4, height);
                            s.setLong(5, now);
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                if (!sent.isEmpty()) {
                    withdrawals.confirmed(c, sent, height);
                }
                try (PreparedStatement s = c.prepareStatement(first
                        ? "INSERT INTO ex_cursor (height, name) VALUES (?, 'deposits')"
                        : "UPDATE ex_cursor SET height = ? WHERE name = 'deposits'")) {
                    s.setLong(1, height);
                    s.executeUpdate();
                }
            });
            return null;
        });
    }
}
