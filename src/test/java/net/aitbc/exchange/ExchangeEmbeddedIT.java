package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;
import net.aitbc.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exchange on the embedded default database, where the README's server keeps it: deposits through the chain,
 * crossing orders, a withdrawal, and {@code kill -9} while orders stream in; after the restart every acknowledged
 * order is there and the traders' books balance to the unit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeEmbeddedIT {

    private static final long AITBC = 100_000_000L;
    private ExchangeSite site;

    @BeforeAll
    void start() {
        site = ExchangeSite.embedded();
    }

    @AfterAll
    void stop() {
        site.stop();
    }

    @Test
    void ordersTradesAndWithdrawalsSurviveAKillDashNineOnH2() throws Exception {
        long startAitbc = 10 * AITBC;
        long startBtc = 1_000_000L;
        List<Trader> traders = site.traders(2, startAitbc, startBtc);
        Map<Long, JsonObject> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread[] threads = new Thread[traders.size()];
        for (int i = 0; i < threads.length; i++) {
            Trader t = traders.get(i);
            Random random = new Random(11 + i);
            threads[i] = new Thread(() -> {
                while (running.get()) {
                    try {
                        Http.Response r = site.order(t, random.nextBoolean() ? "BUY" : "SELL",
                                (1 + random.nextInt(20)) * AITBC / 100, 3_000 + random.nextInt(10));
                        if (r.status() == 201) {
                            acknowledged.put(r.json().getJsonNumber("id").longValue(), r.json());
                        }
                    } catch (RuntimeException e) {
                        // the server is gone
                    }
                }
            });
            threads[i].start();
        }
        Thread.sleep(3_000);
        site.exchange.kill();
        running.set(false);
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(acknowledged.size() > 10, "orders were streaming: " + acknowledged.size());
        site.exchange.startAndAwaitReady();
        for (JsonObject ack : acknowledged.values()) {
            Trader owner = traders.stream().filter(t -> t.address().equals(ack.getString("wallet_address")))
                    .findFirst().orElseThrow();
            Http.Response now = site.get(owner, "/exchange/api/orders/" + ack.getJsonNumber("id"));
            assertEquals(200, now.status(), "acknowledged order is there after the crash: " + now);
            ack.getJsonArray("trades").forEach(v -> assertEquals(200, Http.get(site.url("/exchange/api/trades/"
                    + v.asJsonObject().getJsonNumber("id"))).status()));
        }
        ExchangeInvariants.cancelAll(site, traders);
        ExchangeInvariants.check(site, traders, startAitbc, startBtc);

        // a withdrawal from the restarted server: the hot wallet's key came back from its encrypted file
        Trader t = traders.get(0);
        long available = site.get(t, "/exchange/api/wallet/balance").json().getJsonObject("aitbc")
                .getJsonNumber("available").longValue();
        Http.Response w = site.post(t, "/exchange/api/wallet/withdraw", "{\"amount\": " + AITBC / 10 + "}");
        assertEquals(202, w.status(), w.toString());
        site.client.awaitIncluded(w.json().getString("tx_hash"), java.time.Duration.ofSeconds(30));
        assertEquals(available - AITBC / 10 - site.fee(), site.get(t, "/exchange/api/wallet/balance").json()
                .getJsonObject("aitbc").getJsonNumber("available").longValue());
    }
}
