package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;
import net.aitbc.testing.Http;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the exchange server while four traders stream crossing orders at it: after the restart every
 * acknowledged order and each trade it was answered with are there, and the books balance to the last unit (no half
 * trade: each trader's funds are its start plus its committed trades; the group's AITBC and BTC are conserved).
 */
class ExchangeCrashIT {

    private static final long AITBC = 100_000_000L;

    @Test
    void everyAcknowledgedOrderAndTradeSurvivesAKillDashNine() throws Exception {
        ExchangeSite site = ExchangeSite.shared();
        long startAitbc = 20 * AITBC;
        long startBtc = 2_000_000L;
        List<Trader> traders = site.traders(4, startAitbc, startBtc);
        Map<Long, JsonObject> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < traders.size(); i++) {
            Trader t = traders.get(i);
            Random random = new Random(7 + i);
            Thread th = new Thread(() -> {
                while (running.get()) {
                    try {
                        Http.Response r = site.order(t, random.nextBoolean() ? "BUY" : "SELL",
                                (1 + random.nextInt(50)) * AITBC / 100, 2_000 + random.nextInt(20));
                        if (r.status() == 201) {
                            acknowledged.put(r.json().getJsonNumber("id").longValue(), r.json());
                        }
                    } catch (RuntimeException e) {
                        // the server is gone: what was not acknowledged may or may not be there
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        Thread.sleep(4_000);
        site.exchange.kill();
        running.set(false);
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(acknowledged.size() > 20, "orders were streaming: " + acknowledged.size());
        site.exchange.startAndAwaitReady();

        int trades = 0;
        for (JsonObject ack : acknowledged.values()) {
            long id = ack.getJsonNumber("id").longValue();
            Trader owner = traders.stream().filter(t -> t.address().equals(ack.getString("wallet_address"))).findFirst()
                    .orElseThrow();
            Http.Response now = site.get(owner, "/exchange/api/orders/" + id);
            assertEquals(200, now.status(), "acknowledged order " + id + " is there after the crash: " + now);
            assertTrue(now.json().getJsonNumber("filled").longValue() >= ack.getJsonNumber("filled").longValue());
            for (JsonValue v : ack.getJsonArray("trades")) {
                long tradeId = v.asJsonObject().getJsonNumber("id").longValue();
                Http.Response tr = Http.get(site.url("/exchange/api/trades/" + tradeId));
                assertEquals(200, tr.status(), "acknowledged trade " + tradeId + " is there: " + tr);
                assertEquals(v.asJsonObject().getJsonNumber("amount"), tr.json().getJsonNumber("amount"));
                trades++;
            }
        }
        assertTrue(trades > 0, "the streamed orders crossed");
        // the book was rebuilt from the database: it takes orders again, and matches against what rests
        ExchangeInvariants.cancelAll(site, traders);
        ExchangeInvariants.check(site, traders, startAitbc, startBtc);
        Http.Response after = site.order(traders.get(0), "SELL", AITBC / 100, 2_010);
        assertEquals(201, after.status(), after.toString());
        site.delete(traders.get(0), "/exchange/api/orders/" + after.json().getJsonNumber("id"));
    }
}
