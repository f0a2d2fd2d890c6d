package net.aitbc.exchange;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The exchange's tables through plain JDBC: the engine's batches (every order, trade and account a batch of
 * commands changed, plus their feature rows, in one database transaction) and the reads of committed state.
 * JDBC batching, because a batch of a few hundred orders is a handful of statements this way.
 */
@ApplicationScoped
public class ExchangeStore {

    @Resource(lookup = "jdbc/aitbc")
    DataSource dataSource;

    /** A row a command adds beside the market's changes (a deposit, a withdrawal, a payment's status). */
    @FunctionalInterface
    public interface Write {
        void apply(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** Everything of one engine batch, committed together or not at all. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(Market.Changes changes, List<Write> extras) {
        try (Connection c = dataSource.getConnection()) {
            writeAccounts(c, changes);
            writeOrders(c, changes);
            writeTrades(c, changes);
            for (Write w : extras) {
                w.apply(c);
            }
        } catch (SQLException e) {
            throw new PersistenceException("the exchange could not store a batch: " + e.getMessage(), e);
        }
    }

    private static void writeAccounts(Connection c, Market.Changes changes) throws SQLException {
        upsert(c, "INSERT INTO ex_account (aitbc_available, aitbc_reserved, btc_available, btc_reserved, wallet,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                "UPDATE ex_account SET aitbc_available = ?, aitbc_reserved = ?, btc_available = ?, btc_reserved = ?"
                        + " WHERE wallet = ?",
                changes.accounts.values(), f -> f.stored, (s, f) -> {
                    s.setLong(1, f.aitbcAvailable);
                    s.setLong(2, f.aitbcReserved);
                    s.setLong(3, f.btcAvailable);
                    s.setLong(4, f.btcReserved);
                    s.setString(5, f.wallet);
                }, (s, f) -> s.setLong(6, f.createdAt));
    }

    private static void writeOrders(Connection c, Market.Changes changes) throws SQLException {
        upsert(c, "INSERT INTO ex_order (filled, reserved_left, status, updated_at, order_id, wallet, side, price,"
                        + " amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "UPDATE ex_order SET filled = ?, reserved_left = ?, status = ?, updated_at = ? WHERE order_id = ?",
                changes.orders.values(), o -> o.stored, (s, o) -> {
                    s.setLong(1, o.filled);
                    s.setLong(2, o.reservedLeft);
                    s.setString(3, o.status.name());
                    s.setLong(4, o.updatedAt);
                    s.setLong(5, o.id);
                }, (s, o) -> {
                    s.setString(6, o.wallet);
                    s.setString(7, o.side.name());
                    s.setLong(8, o.price);
                    s.setLong(9, o.amount);
                    s.setLong(10, o.createdAt);
                });
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement s, T row) throws SQLException;
    }

    /**
     * Rows the batch changed, new ones inserted and stored ones updated, as two JDBC batches. Both statements take
     * the changing columns first and the key after them ({@code changed}); an insert adds the fixed columns
     * ({@code fixed}).
     */
    private static <T> void upsert(Connection c, String insertSql, String updateSql, Collection<T> rows,
                                   Predicate<T> stored, Binder<T> changed, Binder<T> fixed) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(insertSql);
             PreparedStatement update = c.prepareStatement(updateSql)) {
            boolean inserts = false;
            boolean updates = false;
            for (T row : rows) {
                boolean isStored = stored.test(row);
                PreparedStatement s = isStored ? update : insert;
                changed.bind(s, row);
                if (isStored) {
                    updates = true;
                } else {
                    fixed.bind(s, row);
                    inserts = true;
                }
                s.addBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
            if (updates) {
                update.executeBatch();
            }
        }
    }

    private static void writeTrades(Connection c, Market.Changes changes) throws SQLException {
        if (changes.trades.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ex_trade (trade_id, buy_order_id, sell_order_id,"
                + " buyer, seller, price, amount, quote, taker_side, executed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Trade t : changes.trades) {
                s.setLong(1, t.id());
                s.setLong(2, t.buyOrderId());
                s.setLong(3, t.sellOrderId());
                s.setString(4, t.buyer());
                s.setString(5, t.seller());
                s.setLong(6, t.price());
                s.setLong(7, t.amount());
                s.setLong(8, t.quote());
                s.setString(9, t.takerSide().name());
                s.setLong(10, t.executedAt());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    // ---- loading and reads of committed state ----

    /** The market as committed: every account and every resting order, oldest first (time priority). */
    public Market loadMarket() {
        long nextOrder = scalar("SELECT COALESCE(MAX(order_id), 0) + 1 FROM ex_order");
        long nextTrade = scalar("SELECT COALESCE(MAX(trade_id), 0) + 1 FROM ex_trade");
        Market m = new Market(nextOrder, nextTrade);
        query("SELECT wallet, aitbc_available, aitbc_reserved, btc_available, btc_reserved, created_at FROM ex_account",
                r -> new Funds(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), true))
                .forEach(m::load);
        orders("WHERE status IN ('OPEN', 'PARTIALLY_FILLED') ORDER BY order_id", List.of(), Integer.MAX_VALUE)
                .forEach(v -> m.load(new Order(v.id(), v.wallet(), v.side(), v.price(), v.amount(), v.filled(),
                        v.reserved(), v.status(), v.createdAt(), v.updatedAt(), true)));
        return m;
    }

    public Optional<OrderView> order(long id) {
        return orders("WHERE order_id = ?", List.of(id), 1).stream().findFirst();
    }

    public List<OrderView> orders(String where, List<Object> params, int limit) {
        return query("SELECT order_id, wallet, side, price, amount, filled, reserved_left, status, created_at,"
                + " updated_at FROM ex_order " + where, params, limit, r -> new OrderView(r.getLong(1), r.getString(2),
                Side.valueOf(r.getString(3)), r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7),
                OrderStatus.valueOf(r.getString(8)), r.getLong(9), r.getLong(10)));
    }

    public List<Trade> trades(String where, List<Object> params, int limit) {
        return query("SELECT trade_id, buy_order_id, sell_order_id, buyer, seller, price, amount, quote, taker_side,"
                + " executed_at FROM ex_trade " + where, params, limit, r -> new Trade(r.getLong(1), r.getLong(2),
                r.getLong(3), r.getString(4), r.getString(5), r.getLong(6), r.getLong(7), r.getLong(8),
                Side.valueOf(r.getString(9)), r.getLong(10)));
    }

    public Optional<Funds> account(String wallet) {
        return query("SELECT wallet, aitbc_available, aitbc_reserved, btc_available, btc_reserved, created_at FROM"
                + " ex_account WHERE wallet = ?", List.of(wallet), 1, r -> new Funds(r.getString(1), r.getLong(2),
                r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), true)).stream().findFirst();
    }

    /** One statement in its own transaction (feature rows outside the engine's money: a withdrawal's send state). */
    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("the exchange could not write: " + e.getMessage(), e);
        }
    }

    public long scalar(String sql, Object... params) {
        List<Long> v = query(sql, List.of(params), 1, r -> r.getLong(1));
        return v.isEmpty() ? 0 : v.get(0);
    }

    private <T> List<T> query(String sql, Rows<T> rows) {
        return query(sql, List.of(), Integer.MAX_VALUE, rows);
    }

    public <T> List<T> query(String sql, List<Object> params, int limit, Rows<T> rows) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            if (limit < Integer.MAX_VALUE) {
                s.setMaxRows(limit);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(rows.read(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("the exchange could not read its tables: " + e.getMessage(), e);
        }
    }
}
