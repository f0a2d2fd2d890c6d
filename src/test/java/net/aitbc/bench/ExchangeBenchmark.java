package net.aitbc.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;
import net.aitbc.testing.Http;

/**
 * The exchange's figures (issue 14), printed, on the exchange test site (one server with node, exchange and web on
 * PostgreSQL; the load generator in this JVM on the same two cores):
 * <ul>
 *   <li>P: order placement with matching, each answered after its commit, with 10,000 resting orders: C clients in a
 *   closed loop for D seconds placing random limit orders around the middle (about half cross).</li>
 *   <li>R: {@code GET /exchange/api/orders/orderbook} at 50 concurrent readers while a writer places orders.</li>
 * </ul>
 * {@code mvn -Pbench verify -Dbench.main=net.aitbc.bench.ExchangeBenchmark [-Dbench.phases=P,R]
 * [-Dbench.clients=64] [-Dbench.seconds=30]}
 */
public final class ExchangeBenchmark {

    private static final long AITBC = 100_000_000L;
    private static final long MID = 100_000;
    // HTTP/1.1, as browsers speak over plain http (Java's default h2c upgrade costs Liberty far more per request)
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private ExchangeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String phases = System.getProperty("bench.phases", "P,R");
        int clients = Integer.getInteger("bench.clients", 64);
        int seconds = Integer.getInteger("bench.seconds", 30);
        long t0 = System.nanoTime();
        ExchangeSite site = ExchangeSite.shared();
        int traderCount = 32;
        List<Trader> traders = site.traders(traderCount, 100_000 * AITBC, 100_000_000_000L);
        System.out.printf("site up, %d traders funded through the chain in %.0f s%n", traderCount,
                (System.nanoTime() - t0) / 1e9);
        long pid = Sustained.jvmPid(site.exchange.name());

        // 10,000 resting orders that do not cross: buys below the middle, sells above, over 1,000 levels
        long r0 = System.nanoTime();
        List<Thread> fill = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            int worker = w;
            Thread th = new Thread(() -> {
                for (int i = worker; i < 10_000; i += 16) {
                    boolean buy = i % 2 == 0;
                    long price = buy ? MID - 100 - (i % 500) : MID + 100 + (i % 500);
                    place(site, traders.get(i % traderCount), buy, AITBC, price);
                }
            });
            fill.add(th);
            th.start();
        }
        for (Thread th : fill) {
            th.join();
        }
        System.out.printf("10,000 resting orders placed in %.1f s (%.0f orders/s, 16 clients, no matching)%n",
                (System.nanoTime() - r0) / 1e9, 10_000 / ((System.nanoTime() - r0) / 1e9));
        System.out.println("book: " + levels(site));

        if (phases.contains("P")) {
            placement(site, traders, pid, clients, seconds);
        }
        if (phases.contains("R")) {
            reads(site, traders, seconds);
        }
        System.out.println("server after the run: " + ProcStat.line(pid));
        site.exchange.stop();
        System.exit(0);
    }

    private static void placement(ExchangeSite site, List<Trader> traders, long pid, int clients, int seconds)
            throws Exception {
        for (int round = 0; round < 2; round++) {
            long trades0 = Http.get(site.url("/exchange/api/market-stats")).json().getJsonNumber("trades_24h").longValue();
            Latencies latencies = new Latencies();
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            int duration = round == 0 ? Math.min(10, seconds) : seconds; // a warm-up round, then the measured one
            double cpu0 = ProcStat.cpuSeconds(pid, false);
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Trader t = traders.get(c % traders.size());
                Random random = new Random(c * 31L + round);
                Thread th = new Thread(() -> {
                    while (running.get()) {
                        boolean buy = random.nextBoolean();
                        // around the middle: a BUY above it or a SELL below it crosses what rests there
                        long price = MID + random.nextInt(201) - 100;
                        long began = System.nanoTime();
                        int status = place(site, t, buy, (1 + random.nextInt(100)) * AITBC / 100, price);
                        latencies.add(System.nanoTime() - began);
                        if (status == 201) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            if (errors.size() < 3) {
                                errors.add("HTTP " + status);
                            }
                        }
                    }
                });
                threads.add(th);
                th.start();
            }
            Thread.sleep(duration * 1000L);
            running.set(false);
            for (Thread th : threads) {
                th.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = ProcStat.cpuSeconds(pid, false) - cpu0;
            long trades = Http.get(site.url("/exchange/api/market-stats")).json().getJsonNumber("trades_24h").longValue()
                    - trades0;
            System.out.printf("P%s %d clients, %.0f s: %.0f orders/s acknowledged (%d), %d refused %s; latency %s;"
                            + " %d trades; server CPU %.2f of 2 cores (%.2f ms per order)%n",
                    round == 0 ? " warm-up" : "", clients, elapsed, ok.get() / elapsed, ok.get(), failed.get(), errors,
                    latencies.line(), trades, cpu / elapsed, cpu * 1000 / Math.max(1, ok.get()));
        }
        System.out.println("book after P: " + levels(site));
    }

    /**
     * The book at 50 readers while a writer places 200 orders/s: a warm-up round first (unrecorded: the read path keeps
     * getting faster for about half a minute while the JIT compiles it), then the measured round; then, without the
     * writer, the book alone and the same server's {@code /rpc/head} as reference points.
     */
    private static void reads(ExchangeSite site, List<Trader> traders, int seconds) throws Exception {
        int warmup = Integer.getInteger("bench.read.warmup", 30);
        String book = site.url("/exchange/api/orders/orderbook");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            Random random = new Random(5);
            long next = System.nanoTime();
            while (running.get()) {
                place(site, traders.get(random.nextInt(traders.size())), random.nextBoolean(), AITBC / 100,
                        MID + random.nextInt(201) - 100);
                written.incrementAndGet();
                next += 5_000_000; // 200 orders/s
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        writer.start();
        if (warmup > 0) {
            System.out.printf("R warm-up, 50 readers, %d s (not counted): %s%n", warmup,
                    HttpLoad.run(book, 50, warmup).line());
        }
        long written0 = written.get();
        HttpLoad.Figures f = HttpLoad.run(book, 50, seconds);
        long writes = written.get() - written0;
        running.set(false);
        writer.join();
        System.out.printf("R orderbook, 50 readers, %d s, a writer at %.0f orders/s: %s%n", seconds,
                writes / (double) seconds, f.line());
        int quiet = Math.min(10, seconds);
        System.out.printf("R orderbook, 50 readers, %d s, no writer: %s%n", quiet, HttpLoad.run(book, 50, quiet).line());
        System.out.printf("R /rpc/head, 50 readers, %d s, no writer: %s%n", quiet,
                HttpLoad.run(site.url("/rpc/head"), 50, quiet).line());
    }

    private static int place(ExchangeSite site, Trader t, boolean buy, long amount, long price) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(site.url("/exchange/api/orders")))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + t.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"order_type\": \"" + (buy ? "BUY" : "SELL")
                        + "\", \"amount\": " + amount + ", \"price\": " + price + "}")).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String levels(ExchangeSite site) {
        var book = Http.get(site.url("/exchange/api/orders/orderbook?depth=1")).json();
        return book.getInt("buy_levels") + " buy and " + book.getInt("sell_levels") + " sell levels, sequence "
                + book.getJsonNumber("sequence");
    }
}
