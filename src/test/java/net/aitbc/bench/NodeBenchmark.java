package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * The node benchmark of issue 3 (docs/benchmarks.md): one authority node on PostgreSQL, both on loopback, this
 * JVM as the load generator. Prints figures; asserts nothing. Run with {@code mvn -Pbench verify}.
 *
 * A. sendTx acceptance: pre-signed transfers from many accounts, as fast as the node accepts them.
 * B. inclusion latency at a steady rate the chain can carry (accept -> "included" on the WebSocket).
 * C. build + apply + commit time of full 500-transaction blocks (node's own log of each produced block).
 * D. GET /rpc/head throughput and latency (wrk when installed, else a Java client).
 */
public final class NodeBenchmark {

    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 400);
    private static final int BURST = Integer.getInteger("bench.burst", 12_000);
    private static final int CLIENT_THREADS = Integer.getInteger("bench.threads", 48);
    private static final int STEADY_RATE = Integer.getInteger("bench.rate", 200);
    private static final int STEADY_SECONDS = Integer.getInteger("bench.steady.seconds", 20);

    private NodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("== AITBC node benchmark: " + Runtime.getRuntime().availableProcessors() + " cores ==");
        TestChain chain = TestChain.create("bench", 1, ACCOUNTS);
        // -Dbench.db=h2: the embedded default instead; -Dbench.h2.writeDelay=500 sets H2's old commit delay, to
        // see what durable commits (WRITE_DELAY=0, the default now) cost
        String db = System.getProperty("bench.db", "postgresql");
        String writeDelay = System.getProperty("bench.h2.writeDelay");
        String url = db.equals("h2") ? writeDelay == null ? null
                : "jdbc:h2:file:" + java.nio.file.Path.of(System.getProperty("aitbc.work.dir", "target/bench"),
                        "h2-" + System.nanoTime(), "aitbc").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=" + writeDelay
                : TestDatabase.create("bench").url();
        System.out.println("database: " + (url == null ? "embedded H2 (the default URL)" : url));
        LibertyServer.Builder builder = LibertyServer.named("bench-node").env(chain.authorityEnv(0));
        if (url != null) {
            builder.env("DATABASE_URL", url);
        }
        LibertyServer node = builder
                .env("AITBC_MEMPOOL_MAX_SIZE", "50000").env("AITBC_ROLES", "node")
                .env("JVM_ARGS", "-Xmx2g").env("AITBC_DB_POOL_MAX", "60")
                .create();
        long t0 = System.nanoTime();
        node.startAndAwaitReady();
        System.out.printf("node ready in %.1f s (port %d)%n", (System.nanoTime() - t0) / 1e9, node.port());
        try {
            ChainClient client = new ChainClient(node.baseUrl());
            warmUp(client, chain);
            burst(client, chain);
            awaitEmptyMempool(client);
            steady(client, chain, node);
            awaitEmptyMempool(client);
            blockCommitTimes(node);
            head(node);
        } finally {
            node.stop();
        }
    }

    /** Lets the JIT see the paths once, so phase A measures the warm server. */
    private static void warmUp(ChainClient client, TestChain chain) throws Exception {
        List<SignedTx> txs = sign(client, chain, 0, 2000, 0);
        send(client, txs, CLIENT_THREADS);
        awaitEmptyMempool(client);
    }

    private static final Map<Integer, Long> NONCES = new ConcurrentHashMap<>();

    /** Signs {@code count} transfers round-robin over the accounts, continuing each account's nonce. */
    private static List<SignedTx> sign(ChainClient client, TestChain chain, int firstAccount, int count, long fee) {
        List<SignedTx> txs = new ArrayList<>(count);
        String sink = Ed25519.generate().address();
        for (int i = 0; i < count; i++) {
            int a = firstAccount + i % (ACCOUNTS - firstAccount);
            long nonce = NONCES.merge(a, 1L, Long::sum) - 1;
            txs.add(client.signTransfer(chain.account(a), nonce, sink, 1, fee + (i % 7)));
        }
        return txs;
    }

    /** Sends transactions; each account's in nonce order from one thread. Returns acceptance times by hash. */
    private static Map<String, Long> send(ChainClient client, List<SignedTx> txs, int threads) throws Exception {
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        Map<String, List<SignedTx>> bySender = new java.util.LinkedHashMap<>();
        for (SignedTx tx : txs) {
            bySender.computeIfAbsent(tx.sender(), s -> new ArrayList<>()).add(tx);
        }
        List<List<SignedTx>> lanes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            lanes.add(new ArrayList<>());
        }
        int lane = 0;
        for (List<SignedTx> own : bySender.values()) {
            lanes.get(lane++ % threads).addAll(own);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger failures = new AtomicInteger();
        for (List<SignedTx> mine : lanes) {
            pool.submit(() -> {
                for (SignedTx tx : mine) {
                    try {
                        client.send(tx);
                        acceptedAt.put(tx.hash(), System.nanoTime());
                    } catch (RuntimeException e) {
                        if (failures.incrementAndGet() < 5) {
                            System.out.println("  refused: " + e.getMessage());
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        if (failures.get() > 0) {
            System.out.println("  refused in total: " + failures.get());
        }
        return acceptedAt;
    }

    private static void burst(ChainClient client, TestChain chain) throws Exception {
        List<SignedTx> txs = sign(client, chain, 0, BURST, 1);
        long start = System.nanoTime();
        Map<String, Long> accepted = send(client, txs, CLIENT_THREADS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("A. sendTx acceptance: %d signed transfers from %d accounts, %d client threads: %.0f tx/s "
                + "(target >= 1000)%n", accepted.size(), ACCOUNTS, CLIENT_THREADS, accepted.size() / seconds);
    }

    private static void steady(ChainClient client, TestChain chain, LibertyServer node) throws Exception {
        Map<String, Long> included = new ConcurrentHashMap<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + node.port() + "/rpc/ws/transactions"), new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            long now = System.nanoTime();
                            JsonObject m = Json.createReader(new StringReader(part.toString())).readObject();
                            if ("included".equals(m.getString("status"))) {
                                included.put(m.getString("tx_hash"), now);
                            }
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        int total = STEADY_RATE * STEADY_SECONDS;
        List<SignedTx> txs = sign(client, chain, 0, total, 1);
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        // one tick per 1/rate second; a sender's next transaction is sent only after its previous one was accepted
        Map<String, java.util.concurrent.locks.ReentrantLock> locks = new ConcurrentHashMap<>();
        for (int i = 0; i < total; i++) {
            SignedTx tx = txs.get(i);
            long due = start + (long) (i * 1e9 / STEADY_RATE);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pool.submit(() -> {
                var lock = locks.computeIfAbsent(tx.sender(), s -> new java.util.concurrent.locks.ReentrantLock(true));
                lock.lock();
                try {
                    client.send(tx);
                    acceptedAt.put(tx.hash(), System.nanoTime());
                } catch (RuntimeException e) {
                    System.out.println("  refused: " + e.getMessage());
                } finally {
                    lock.unlock();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (included.keySet().containsAll(acceptedAt.keySet()) == false && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ws.abort();
        long[] latencies = acceptedAt.entrySet().stream().filter(e -> included.containsKey(e.getKey()))
                .mapToLong(e -> included.get(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf("B. inclusion latency at %d tx/s for %d s (%d of %d seen included): p50 %.0f ms, p99 %.0f ms,"
                + " max %.0f ms (target p99 <= 3000 ms)%n", STEADY_RATE, STEADY_SECONDS, latencies.length,
                acceptedAt.size(), pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6,
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
    }

    private static void blockCommitTimes(LibertyServer node) {
        Pattern p = Pattern.compile("Block (\\d+) with (\\d+) transactions built and committed in ([0-9.]+) ms");
        List<Double> full = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        Matcher m = p.matcher(node.messagesLog());
        while (m.find()) {
            double ms = Double.parseDouble(m.group(3));
            all.add(ms);
            if (Integer.parseInt(m.group(2)) == 500) {
                full.add(ms);
            }
        }
        double[] f = full.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("C. full 500-transaction blocks built, applied and committed: %d blocks, median %.0f ms, "
                + "max %.0f ms (target <= 250 ms); all %d blocks median %.0f ms%n", f.length,
                f.length == 0 ? 0 : f[f.length / 2], f.length == 0 ? 0 : f[f.length - 1], all.size(),
                all.isEmpty() ? 0 : all.stream().mapToDouble(Double::doubleValue).sorted().toArray()[all.size() / 2]);
    }

    private static void head(LibertyServer node) throws Exception {
        String url = node.url("/rpc/head");
        if (new java.io.File("/usr/bin/wrk").canExecute()) {
            Process wrk = new ProcessBuilder("wrk", "-t2", "-c64", "-d15s", "--latency", url)
                    .redirectErrorStream(true).start();
            String out = new String(wrk.getInputStream().readAllBytes());
            wrk.waitFor();
            Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
            Matcher p99 = Pattern.compile("99%\\s+([0-9.]+\\w+)").matcher(out);
            Matcher p50 = Pattern.compile("50%\\s+([0-9.]+\\w+)").matcher(out);
            System.out.printf("D. GET /rpc/head with wrk (2 threads, 64 connections, 15 s): %s req/s, p50 %s, p99 %s "
                    + "(target >= 5000 req/s, p99 <= 20 ms)%n", rps.find() ? rps.group(1) : "?",
                    p50.find() ? p50.group(1) : "?", p99.find() ? p99.group(1) : "?");
            return;
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int threads = 32;
        AtomicLong count = new AtomicLong();
        long[][] samples = new long[threads][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (int t = 0; t < threads; t++) {
            int id = t;
            pool.submit(() -> {
                long[] lat = new long[200_000];
                int n = 0;
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).build();
                while (System.nanoTime() < end && n < lat.length) {
                    long s = System.nanoTime();
                    try {
                        http.send(req, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        continue;
                    }
                    lat[n++] = System.nanoTime() - s;
                }
                samples[id] = Arrays.copyOf(lat, n);
                count.addAndGet(n);
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("D. GET /rpc/head with a Java client (32 threads, 15 s): %.0f req/s, p50 %.1f ms, p99 %.1f ms "
                + "(target >= 5000 req/s, p99 <= 20 ms)%n", count.get() / 15.0, pct(all, 50) / 1e6, pct(all, 99) / 1e6);
    }

    private static void awaitEmptyMempool(ChainClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (client.get("/rpc/mempool?limit=1").getJsonNumber("size").longValue() > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
