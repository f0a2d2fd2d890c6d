package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.platform.error.ApiException;

/**
 * AITBC out (exchange.md): a withdrawal debits the account (amount and the chain's fee) and is stored PENDING in
 * one engine batch, then a TRANSFER from the hot wallet to the account's address is signed, stored, and sent. A
 * send the node refuses for a wrong nonce is signed again with the next one (the refusal proves the old one can
 * never be included); one refused for any other reason is tried again on each pass and after
 * {@value #MAX_ATTEMPTS} refusals refunded. So a withdrawal is sent once, or refunded, never lost.
 */
@ApplicationScoped
public class Withdrawals {

    private static final Logger LOG = Logger.getLogger(Withdrawals.class.getName());
    static final int MAX_ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "withdrawal_id, wallet, amount, fee, status, tx_hash, tx_nonce, signed_tx,"
            + " block_height, attempts, error, created_at, updated_at";

    @Inject
    ExchangeEngine engine;
    @Inject
    ExchangeStore store;
    @Inject
    HotWallet hot;
    @Inject
    ChainGateway chain;

    private long nextNonce = -1;
    private volatile Long fee;

    public Withdrawal request(String wallet, long amount) {
        if (amount <= 0) {
            throw ApiException.invalidField("amount", "amount must be a positive integer of AITBC smallest units");
        }
        long fee = fee();
        byte[] raw = new byte[12];
        RANDOM.nextBytes(raw);
        String id = "wd_" + HexFormat.of().formatHex(raw);
        engine.execute((market, extras) -> {
            long now = System.currentTimeMillis();
            market.debitAitbc(wallet, Math.addExact(amount, fee), now);
            extras.add(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO ex_withdrawal (withdrawal_id, wallet, amount,"
                        + " fee, status, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
                    s.setString(1, id);
                    s.setString(2, wallet);
                    s.setLong(3, amount);
                    s.setLong(4, fee);
                    s.setLong(5, now);
                    s.setLong(6, now);
                    s.executeUpdate();
                }
            });
            return null;
        });
        sendPending();
        return find(id).orElseThrow();
    }

    public Optional<Withdrawal> find(String id) {
        return list("WHERE withdrawal_id = ?", List.of(id), 1).stream().findFirst();
    }

    public List<Withdrawal> of(String wallet, int limit) {
        return list("WHERE wallet = ? ORDER BY created_at DESC", List.of(wallet), limit);
    }

    /** AITBC debited from accounts whose transfer is not in a block yet (the solvency check counts it owed). */
    public long pendingTotal() {
        return store.scalar("SELECT COALESCE(SUM(amount + fee), 0) FROM ex_withdrawal WHERE status IN ('PENDING', 'SENT')");
    }

    /** Signs and sends every pending withdrawal, oldest first; one pass at a time. */
    public synchronized void sendPending() {
        ChainClient client = chain.client();
        for (Withdrawal w : list("WHERE status = 'PENDING' ORDER BY created_at", List.of(), 200)) {
            try {
                send(client, w);
            } catch (RuntimeException e) {
                LOG.warning("Withdrawal " + w.id() + " not sent this pass: " + e.getMessage());
                return; // the chain is away: the next pass tries again
            }
        }
    }

    private void send(ChainClient client, Withdrawal w) {
        SignedTx tx;
        if (w.signedTx() == null) {
            if (nextNonce < 0) {
                nextNonce = client.balance(hot.address()).nextNonce();
            }
            tx = SignedTx.sign(client.chainId(), TxType.TRANSFER, nextNonce, w.fee(), JsonCodec.createObjectBuilder()
                    .add("recipient", w.wallet()).add("amount", w.amount()).build(), hot.keyPair());
            String wire = tx.toWire().toString();
            // stored before it is sent: after a crash the same transaction is sent again, never a second one
            update("UPDATE ex_withdrawal SET signed_tx = ?, tx_hash = ?, tx_nonce = ?, updated_at = ? WHERE"
                    + " withdrawal_id = ? AND status = 'PENDING'", wire, tx.hash(), tx.nonce(), now(), w.id());
            nextNonce++;
        } else {
            try (var r = JsonCodec.createReader(new StringReader(w.signedTx()))) {
                tx = SignedTx.fromWire(r.readObject());
            }
        }
        try {
            client.send(tx);
            update("UPDATE ex_withdrawal SET status = 'SENT', error = NULL, updated_at = ? WHERE withdrawal_id = ?"
                    + " AND status = 'PENDING'", now(), w.id());
        } catch (ChainClientException e) {
            String reason = e.error();
            if ("duplicate".equals(reason) || known(client, tx.hash())) {
                update("UPDATE ex_withdrawal SET status = 'SENT', updated_at = ? WHERE withdrawal_id = ? AND"
                        + " status = 'PENDING'", now(), w.id());
            } else if ("bad_nonce".equals(reason)) {
                // its nonce went to another transaction, so this one can never be included: sign anew
                nextNonce = -1;
                update("UPDATE ex_withdrawal SET signed_tx = NULL, tx_hash = NULL, tx_nonce = NULL, error = ?,"
                        + " updated_at = ? WHERE withdrawal_id = ? AND status = 'PENDING'", detail(e), now(), w.id());
            } else if (w.attempts() + 1 >= MAX_ATTEMPTS) {
                refund(w, detail(e));
            } else {
                nextNonce = -1; // the refused transaction used no nonce
                update("UPDATE ex_withdrawal SET attempts = attempts + 1, error = ?, signed_tx = NULL, tx_hash = NULL,"
                        + " tx_nonce = NULL, updated_at = ? WHERE withdrawal_id = ? AND status = 'PENDING'",
                        detail(e), now(), w.id());
            }
        }
    }

    private void refund(Withdrawal w, String why) {
        engine.execute((market, extras) -> {
            long now = System.currentTimeMillis();
            market.credit(w.wallet(), w.amount() + w.fee(), 0, now);
            extras.add(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE ex_withdrawal SET status = 'REFUNDED', error = ?,"
                        + " signed_tx = NULL, tx_hash = NULL, updated_at = ? WHERE withdrawal_id = ? AND status = 'PENDING'")) {
                    s.setString(1, "refunded: " + why);
                    s.setLong(2, now);
                    s.setString(3, w.id());
                    if (s.executeUpdate() != 1) {
                        throw new java.sql.SQLException("withdrawal " + w.id() + " is no longer pending");
                    }
                }
            });
            return null;
        });
        LOG.warning("Withdrawal " + w.id() + " refunded after " + MAX_ATTEMPTS + " refusals: " + why);
    }

    /** Marks the withdrawals whose transfers are in block {@code height} (the deposit scanner calls it). */
    void confirmed(java.sql.Connection c, List<String> txHashes, long height) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ex_withdrawal SET status = 'CONFIRMED', block_height = ?,"
                + " updated_at = ? WHERE tx_hash = ? AND status IN ('PENDING', 'SENT')")) {
            for (String h : txHashes) {
                s.setLong(1, height);
                s.setLong(2, now());
                s.setString(3, h);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static boolean known(ChainClient client, String hash) {
        try {
            client.tx(hash);
            return true;
        } catch (ChainClientException e) {
            return false;
        }
    }

    private long fee() {
        Long f = fee;
        if (f == null) {
            try {
                JsonObject status = chain.client().get("/rpc/status");
                f = fee = status.containsKey("min_fee") ? status.getJsonNumber("min_fee").longValue() : 0L;
            } catch (RuntimeException e) {
                throw new ApiException(503, "chain_unavailable", "the chain does not answer: " + e.getMessage());
            }
        }
        return f;
    }

    private static String detail(ChainClientException e) {
        String d = e.body() != null && e.body().containsKey("detail") ? e.body().getString("detail", "") : "";
        String s = e.error() + (d.isEmpty() ? "" : ": " + d);
        return s.length() > 900 ? s.substring(0, 900) : s;
    }

    private void update(String sql, Object... params) {
        store.update(sql, params);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private List<Withdrawal> list(String where, List<Object> params, int limit) {
        return store.query("SELECT " + COLUMNS + " FROM ex_withdrawal " + where, params, limit, r -> new Withdrawal(
                r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getString(5), r.getString(6),
                (Long) r.getObject(7, Long.class), r.getString(8), (Long) r.getObject(9, Long.class), r.getInt(10),
                r.getString(11), r.getLong(12), r.getLong(13)));
    }
}
