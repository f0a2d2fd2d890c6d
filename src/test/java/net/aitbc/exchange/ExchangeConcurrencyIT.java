package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;
import net.aitbc.testing.Http;
import org.junit.jupiter.api.Test;

/**
 * Eight traders place 2,000 random limit orders at once around one price; afterwards (and while it runs, for the
 * book) nothing the exchange promises is broken: no negative balance, no overfilled order, AITBC and BTC conserved,
 * every order's fills accounted for, the book never crossed.
 */
class ExchangeConcurrencyIT {

    private static final long AITBC = 100_000_000L;

    @Test
    void eightTradersTwoThousandRandomOrdersBreakNothing() throws Exception {
        ExchangeSite site = ExchangeSite.shared();
        long startAitbc = 50 * AITBC;
        long startBtc = 5_000_000L;
        List<Trader> traders = site.traders(8, startAitbc, startBtc);
        int perTrader = 250;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> crossed = new ConcurrentLinkedQueue<>();
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                JsonObject book = Http.get(site.url("/exchange/api/orders/orderbook")).json();
                JsonArray buys = book.getJsonArray("buys");
                JsonArray sells = book.getJsonArray("sells");
                if (!buys.isEmpty() && !sells.isEmpty() && buys.getJsonObject(0).getJsonNumber("price").longValue()
                        >= sells.getJsonObject(0).getJsonNumber("price").longValue()) {
                    crossed.add(book.toString());
                }
            }
        });
        watcher.start();
        CountDownLatch done = new CountDownLatch(traders.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < traders.size(); i++) {
            Trader t = traders.get(i);
            Random random = new Random(42 + i);
            Thread th = new Thread(() -> {
                try {
                    for (int n = 0; n < perTrader; n++) {
                        boolean buy = random.nextBoolean();
                        long price = 1_000 + random.nextInt(100);
                        long amount = (1 + random.nextInt(200)) * AITBC / 100;
                        Http.Response r = site.order(t, buy ? "BUY" : "SELL", amount, price);
                        if (r.status() == 201) {
                            accepted.incrementAndGet();
                        } else if (r.status() == 409 && "insufficient_funds".equals(r.json().getString("error"))) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.add(r.toString());
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            threads.add(th);
            th.start();
        }
        done.await();
        running.set(false);
        watcher.join();
        assertTrue(unexpected.isEmpty(), "unexpected answers: " + unexpected);
        assertEquals(traders.size() * perTrader, accepted.get() + refused.get());
        assertTrue(accepted.get() > 1_500, "most orders fit the traders' funds: " + accepted + " accepted");
        assertTrue(crossed.isEmpty(), "the book was crossed: " + crossed.peek());
        long trades = site.get(traders.get(0), "/exchange/api/my/trades?limit=500").json().getJsonArray("trades").size();
        assertTrue(trades > 0, "orders around one price trade");

        ExchangeInvariants.cancelAll(site, traders);
        ExchangeInvariants.check(site, traders, startAitbc, startBtc);
    }
}
