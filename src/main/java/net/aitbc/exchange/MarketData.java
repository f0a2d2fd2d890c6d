package net.aitbc.exchange;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * Recent trades and the 24 h statistics, kept in memory from the committed trades (read from the database at
 * start, then from each {@link BookUpdate}): the newest {@value #KEPT} trades, and per-minute buckets of the last
 * 24 h (count, volume, quote volume, high, low), so the statistics cost nothing per request and stay bounded.
 */
@ApplicationScoped
public class MarketData {

    static final int KEPT = 500;
    private static final long MINUTE = 60_000L;
    private static final long DAY_MINUTES = 24 * 60;

    @Inject
    ExchangeStore store;

    private final Deque<Trade> recent = new ArrayDeque<>();
    private final TreeMap<Long, long[]> minutes = new TreeMap<>(); // minute → {count, volume, quote, high, low}

    /** Statistics of the last 24 h; prices null when there was no trade. */
    public record Stats(Long lastPrice, Long high, Long low, long volume, long quoteVolume, long trades) {
    }

    @PostConstruct
    void load() {
        List<Trade> newest = store.trades("ORDER BY trade_id DESC", List.of(), KEPT);
        for (int i = newest.size() - 1; i >= 0; i--) {
            recent.addFirst(newest.get(i));
        }
        long since = System.currentTimeMillis() - DAY_MINUTES * MINUTE;
        store.query("SELECT executed_at / " + MINUTE + ", COUNT(*), SUM(amount), SUM(quote), MAX(price), MIN(price)"
                + " FROM ex_trade WHERE executed_at >= ? GROUP BY executed_at / " + MINUTE, List.of(since),
                Integer.MAX_VALUE, r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                        r.getLong(5), r.getLong(6)})
                .forEach(b -> minutes.put(b[0], new long[] {b[1], b[2], b[3], b[4], b[5]}));
    }

    synchronized void onUpdate(@Observes BookUpdate update) {
        for (Trade t : update.trades()) {
            recent.addFirst(t);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
            long[] b = minutes.computeIfAbsent(t.executedAt() / MINUTE, m -> new long[] {0, 0, 0, t.price(), t.price()});
            b[0]++;
            b[1] += t.amount();
            b[2] += t.quote();
            b[3] = Math.max(b[3], t.price());
            b[4] = Math.min(b[4], t.price());
        }
    }

    /** The newest trades first. */
    public synchronized List<Trade> recent(int limit) {
        List<Trade> out = new ArrayList<>(Math.min(limit, recent.size()));
        for (Trade t : recent) {
            if (out.size() == limit) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    public synchronized Stats stats() {
        long now = System.currentTimeMillis() / MINUTE;
        minutes.headMap(now - DAY_MINUTES, true).clear();
        long count = 0;
        long volume = 0;
        long quote = 0;
        Long high = null;
        Long low = null;
        for (long[] b : minutes.values()) {
            count += b[0];
            volume += b[1];
            quote += b[2];
            high = high == null ? b[3] : Math.max(high, b[3]);
            low = low == null ? b[4] : Math.min(low, b[4]);
        }
        Long last = recent.isEmpty() ? null : recent.peekFirst().price();
        return new Stats(last, high, low, volume, quote, count);
    }
}
