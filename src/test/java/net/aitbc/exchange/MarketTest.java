package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.aitbc.platform.error.ApiException;
import org.junit.jupiter.api.Test;

/** The exchange's pure rules: price-time priority, execution at the resting price, reservations, conservation. */
class MarketTest {

    private static final long U = Market.UNITS_PER_AITBC;

    private static Market market(String... funded) {
        Market m = new Market(1, 1);
        for (String w : funded) {
            m.credit(w, 100 * U, 100_000_000, 0);
        }
        m.takeChanges();
        return m;
    }

    @Test
    void theQuoteRoundsDownAndNeverOverflowsSilently() {
        assertEquals(1_000, Market.quote(U, 1_000));
        assertEquals(0, Market.quote(1, 99_999_999));
        assertEquals(1, Market.quote(3, 50_000_000));
        assertThrows(ArithmeticException.class, () -> Market.quote(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void oldestFirstAtAPriceAndBestPriceFirstAtTheRestingPrice() {
        Market m = market("s1", "s2", "b");
        long first = m.place("s1", Side.SELL, U, 101, 1).order().id();
        long second = m.place("s2", Side.SELL, U, 101, 2).order().id();
        long cheaper = m.place("s2", Side.SELL, U, 100, 3).order().id();
        Market.Placed buy = m.place("b", Side.BUY, 2 * U + U / 2, 105, 4);
        List<Trade> t = buy.trades();
        assertEquals(List.of(cheaper, first, second), t.stream().map(Trade::sellOrderId).toList());
        assertEquals(List.of(100L, 101L, 101L), t.stream().map(Trade::price).toList());
        assertEquals(OrderStatus.FILLED, buy.order().status());
        assertEquals(U / 2, m.levelAt(Side.SELL, 101).amount());
        // the buyer reserved at 105 and paid the resting prices: the rest is free again
        assertEquals(100_000_000 - (100 + 101 + 50), m.funds("b").btcAvailable());
        assertEquals(0, m.funds("b").btcReserved());
    }

    @Test
    void aRefusalChangesNothing() {
        Market m = market("a");
        long before = m.funds("a").aitbcAvailable();
        assertThrows(ApiException.class, () -> m.place("a", Side.SELL, 101 * U, 10, 1));
        assertThrows(ApiException.class, () -> m.place("a", Side.BUY, 1, 0, 1));
        assertThrows(ApiException.class, () -> m.place("nobody", Side.BUY, U, 10, 1));
        assertEquals(before, m.funds("a").aitbcAvailable());
        assertTrue(m.takeChanges().isEmpty());
        assertTrue(m.levels(Side.BUY).isEmpty() && m.levels(Side.SELL).isEmpty());
    }

    @Test
    void cancelReleasesWhatTheOrderStillHolds() {
        Market m = market("a", "b");
        long id = m.place("a", Side.BUY, 2 * U, 1_000, 1).order().id();
        m.place("b", Side.SELL, U, 900, 2);
        assertEquals(1_000, m.funds("a").btcReserved());
        assertEquals(OrderStatus.CANCELED, m.cancel("a", id, 3).status());
        assertEquals(0, m.funds("a").btcReserved());
        assertEquals(100_000_000 - 1_000, m.funds("a").btcAvailable());
        assertEquals(null, m.cancel("b", id, 4), "not resting any more");
    }

    @Test
    void randomTradingConservesBothAssetsAndNeverCrossesTheBook() {
        String[] ws = {"a", "b", "c", "d"};
        Market m = market(ws);
        Random r = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            try {
                m.place(ws[r.nextInt(4)], r.nextBoolean() ? Side.BUY : Side.SELL, 1 + r.nextInt((int) U),
                        90 + r.nextInt(20), i);
            } catch (ApiException refused) {
                // not enough funds: fine
            }
            List<BookLevel> bids = m.levels(Side.BUY);
            List<BookLevel> asks = m.levels(Side.SELL);
            assertTrue(bids.isEmpty() || asks.isEmpty() || bids.get(0).price() < asks.get(0).price());
        }
        long[] t = m.totals();
        assertEquals(4 * 100 * U, t[0] + t[1]);
        assertEquals(4 * 100_000_000L, t[2] + t[3]);
    }
}
