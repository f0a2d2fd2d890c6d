package net.aitbc.bench;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * The node benchmark of issues 3 and 16 (docs/benchmarks.md): one authority node on PostgreSQL, both on loopback,
 * this JVM as the load generator. Prints figures; asserts nothing. Run with {@code mvn -Pbench verify}; the
 * phases that run are {@code bench.phases} (default all: {@code A,B,C,D,S,R,M}).
 *
 * A. sendTx acceptance: pre-signed transfers from many accounts, as fast as the node accepts them (closed loop:
 *    the node's ceiling, which S does not measure).
 * B. inclusion latency at a steady rate the chain can carry (accept -> seen in a block).
 * C. build + apply + commit time of full 500-transaction blocks (node's own log of each produced block).
 * D. GET /rpc/head throughput and latency (wrk when installed, else a Java client).
 * S. sustained included throughput at offered rates, open loop ({@link Sustained}).
 * R. reads: GET /rpc/blocks/{h} of the fullest block with and without gzip, and the explorer's calls.
 * M. memory: the node's RSS, every second during S (without S: once).
 */
public final class NodeBenchmark {

    static final int ACCOUNTS = Integer.getInteger("bench.accounts", 400);
    private static final int BURST = Integer.getInteger("bench.burst", 12_000);
    static final int CLIENT_THREADS = Integer.getInteger("bench.threads", 48);
    private static final int STEADY_RATE = Integer.getInteger("bench.rate", 200);
    private static final int STEADY_SECONDS = Integer.getInteger("bench.steady.seconds", 20);
    private static final Set<String> PHASES = Set.of(System.getProperty("bench.phases", "A,B,C,D,S,R,M")
            .toUpperCase().replace(" ", "").split(","));
    /** The node's JVM_ARGS; empty: none, so the server's own jvm.options apply. */
    private static final String JVM = System.getProperty("bench.jvm", "-Xmx2g");
    /** More node environment, last so it wins: KEY=VALUE,KEY=VALUE (e.g. AITBC_BLOCK_TIME_SECONDS=1). */
    private static final String NODE_ENV = System.getProperty("bench.node.env", "");
    private static final int READ_SECONDS = 15;

    private NodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // jakarta.json-api 2.1 looks its provider up through ServiceLoader on every Json.create* call unless this
        // names it: ~150 us a call on the test classpath, more than an Ed25519 signature, spent by a load
        // generator (signing, ChainClient, the WebSocket listener) that shares the node's two cores
        System.setProperty("jakarta.json.provider", JsonProvider.provider().getClass().getName());
        System.out.println("== AITBC node benchmark: " + Runtime.getRuntime().availableProcessors() + " cores ==");
        TestChain chain = TestChain.create("bench", 1, ACCOUNTS);
        // -Dbench.db=h2: the embedded default instead; -Dbench.h2.writeDelay=500 sets H2's old commit delay, to
        // see what durable commits (WRITE_DELAY=0, the default now) cost
        String db = System.getProperty("bench.db", "postgresql");
        String writeDelay = System.getProperty("bench.h2.writeDelay");
        String url = db.equals("h2") ? writeDelay == null ? null
                : "jdbc:h2:file:" + Path.of(System.getProperty("aitbc.work.dir", "target/bench"),
                        "h2-" + System.nanoTime(), "aitbc").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=" + writeDelay
                : TestDatabase.create("bench").url();
        System.out.println("database: " + (url == null ? "embedded H2 (the default URL)" : url));
        LibertyServer node = node(chain, url);
        long t0 = System.nanoTime();
        node.startAndAwaitReady();
        System.out.printf("node ready in %.1f s (port %d), phases %s%n", (System.nanoTime() - t0) / 1e9,
                node.port(), String.join(",", new TreeSet<>(PHASES)));
        try {
            ChainClient client = new ChainClient(node.baseUrl());
            warmUp(client, chain);
            if (PHASES.contains("A")) {
                burst(client, chain);
                awaitEmptyMempool(client);
            }
            if (PHASES.contains("B")) {
                steady(client, chain, node);
                awaitEmptyMempool(client);
            }
            if (PHASES.contains("C")) {
                blockCommitTimes(node);
            }
            if (PHASES.contains("D")) {
                head(node);
            }
            if (PHASES.contains("S")) {
                new Sustained(node, client, chain, PHASES.contains("M")).run();
            }
            if (PHASES.contains("R")) {
                reads(node, client);
            }
            if (PHASES.contains("L")) {
                BlockPageScore.run(node, client);
            }
            if (PHASES.contains("M") && !PHASES.contains("S")) {
                memoryOnce(node);
            }
        } finally {
            node.stop();
        }
    }

    private static void memoryOnce(LibertyServer node) {
        long pid = Sustained.jvmPid(node.name());
        System.out.println(pid < 0 ? "M. memory: the Liberty JVM of " + node.name() + " was not found"
                : String.format("M. memory: node RSS %d MiB (pid %d, once: no sustained phase to sample)",
                        Sustained.rssKb(pid) / 1024, pid));
    }

    private static LibertyServer node(TestChain chain, String url) throws IOException {
        LibertyServer.Builder builder = LibertyServer.named("bench-node").env(chain.authorityEnv(0));
        if (url != null) {
            builder.env("DATABASE_URL", url);
        }
        // L scores the explorer's block page, which the web role serves
        // as the shipped deploy/env/*.server.env and deploy/devnet.sh set it (README, "Memory")
        builder.env("MALLOC_ARENA_MAX", "2");
        builder.env("AITBC_MEMPOOL_MAX_SIZE", "50000").env("AITBC_ROLES", PHASES.contains("L") ? "node,web" : "node")
                .env("JVM_ARGS", JVM).env("AITBC_DB_POOL_MAX", "60");
        for (String pair : NODE_ENV.split(",")) {
            if (pair.contains("=")) {
                builder.env(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1));
            }
        }
        LibertyServer node = builder.create();
        System.out.println("node JVM: " + (JVM.isEmpty() ? "the server's own options, " + shippedJvmOptions(node)
                : "JVM_ARGS " + JVM) + (NODE_ENV.isEmpty() ? "" : "; node environment " + NODE_ENV));
        return node;
    }

    /** The options the build's server ships (jvm.options), which every test server copies. */
    private static String shippedJvmOptions(LibertyServer node) throws IOException {
        Path shipped = node.directory().resolve("jvm.options");
        if (!Files.exists(shipped)) {
            return "no jvm.options shipped (JVM defaults)";
        }
        return "jvm.options: " + String.join(" ", Files.readAllLines(shipped).stream()
                .filter(l -> l.startsWith("-")).toList());
    }

    /** Lets the JIT see the paths once, so the phases measure the warm server; also leaves full blocks for R. */
    private static void warmUp(ChainClient client, TestChain chain) throws Exception {
        List<SignedTx> txs = sign(client, chain, 0, 2000, 0);
        send(client, txs, CLIENT_THREADS);
        awaitEmptyMempool(client);
    }

    private static final Map<Integer, Long> NONCES = new ConcurrentHashMap<>();

    /** Takes each account's next nonce from the node (applied plus pending), for {@link #sign} to continue from. */
    static void syncNonces(ChainClient client, TestChain chain) {
        for (int a = 0; a < ACCOUNTS; a++) {
            NONCES.put(a, client.balance(chain.account(a).address()).nextNonce());
        }
    }

    /**
     * Signs {@code count} transfers round-robin over the accounts, continuing each account's nonce. Transfer i is
     * its account's (i / accounts)-th, so the signing runs in parallel (S signs up to rate x seconds of them).
     */
    static List<SignedTx> sign(ChainClient client, TestChain chain, int firstAccount, int count, long fee) {
        int senders = ACCOUNTS - firstAccount;
        String sink = Ed25519.generate().address();
        client.chainId(); // fetched once, before the parallel signers need it
        List<SignedTx> txs = IntStream.range(0, count).parallel().mapToObj(i -> {
            int a = firstAccount + i % senders;
            long nonce = NONCES.getOrDefault(a, 0L) + i / senders;
            return client.signTransfer(chain.account(a), nonce, sink, 1, fee + (i % 7));
        }).toList();
        for (int k = 0; k < senders; k++) {
            NONCES.merge(firstAccount + k, (long) (count / senders + (k < count % senders ? 1 : 0)), Long::sum);
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
        try (InclusionWatch included = InclusionWatch.open(node.port())) {
            steady(client, chain, included);
        }
    }

    private static void steady(ChainClient client, TestChain chain, InclusionWatch included) throws Exception {
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
        while (!included.sawAll(acceptedAt.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long[] latencies = acceptedAt.entrySet().stream().filter(e -> included.includedAt(e.getKey()) != null)
                .mapToLong(e -> included.includedAt(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf("B. inclusion latency at %d tx/s for %d s (%d of %d seen included): p50 %.0f ms, p99 %.0f ms,"
                + " max %.0f ms (target p99 <= 3000 ms)%n", STEADY_RATE, STEADY_SECONDS, latencies.length,
                acceptedAt.size(), pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6,
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
    }

    /** A block as the node logged producing it. */
    record BuiltBlock(long height, int txs, double ms) {
    }

    /** The phases of a produced block, from its log line "Block h: n candidates read in r ms, n applied in a ms, staged in s ms". */
    record BlockPhases(long height, double readMs, double applyMs, double stageMs) {
    }

    static Map<Long, BlockPhases> blockPhases(LibertyServer node) {
        Pattern p = Pattern.compile("Block (\\d+): \\d+ candidates read in ([0-9.]+) ms, \\d+ applied in ([0-9.]+) ms, "
                + "staged in ([0-9.]+) ms");
        Map<Long, BlockPhases> phases = new java.util.HashMap<>();
        Matcher m = p.matcher(node.messagesLog());
        while (m.find()) {
            long h = Long.parseLong(m.group(1));
            phases.put(h, new BlockPhases(h, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4))));
        }
        return phases;
    }

    /** Every block the node produced, from its log lines "Block h with n transactions built and committed in t ms". */
    static List<BuiltBlock> builtBlocks(LibertyServer node) {
        Pattern p = Pattern.compile("Block (\\d+) with (\\d+) transactions built and committed in ([0-9.]+) ms");
        List<BuiltBlock> blocks = new ArrayList<>();
        Matcher m = p.matcher(node.messagesLog());
        while (m.find()) {
            blocks.add(new BuiltBlock(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
                    Double.parseDouble(m.group(3))));
        }
        return blocks;
    }

    private static void blockCommitTimes(LibertyServer node) {
        List<BuiltBlock> all = builtBlocks(node);
        double[] f = all.stream().filter(b -> b.txs() == 500).mapToDouble(BuiltBlock::ms).sorted().toArray();
        System.out.printf("C. full 500-transaction blocks built, applied and committed: %d blocks, median %.0f ms, "
                + "max %.0f ms (target <= 250 ms); all %d blocks median %.0f ms%n", f.length,
                f.length == 0 ? 0 : f[f.length / 2], f.length == 0 ? 0 : f[f.length - 1], all.size(),
                all.isEmpty() ? 0 : all.stream().mapToDouble(BuiltBlock::ms).sorted().toArray()[all.size() / 2]);
        // the largest blocks with their phases as the producer logged them (5,000 transactions <= 500 ms: issue 16)
        Matcher m = Pattern.compile("Block \\d+: \\d+ candidates read in [^\"\\n]*").matcher(node.messagesLog());
        Map<Long, String> phaseLines = new java.util.HashMap<>();
        while (m.find()) {
            phaseLines.put(Long.parseLong(m.group().substring(6, m.group().indexOf(':'))), m.group());
        }
        all.stream().sorted(Comparator.comparingInt(BuiltBlock::txs).reversed()).limit(5).forEach(b -> System.out
                .printf("C. block %d: %d transactions in %.0f ms; %s%n", b.height(), b.txs(), b.ms(),
                        phaseLines.getOrDefault(b.height(), "")));
    }

    private static void head(LibertyServer node) throws Exception {
        System.out.println("D. GET /rpc/head, 64 connections, " + READ_SECONDS + " s: "
                + HttpLoad.run(node.url("/rpc/head"), 64, READ_SECONDS).line()
                + " (target >= 5000 req/s, p99 <= 20 ms)");
    }

    /** R: the fullest block read at 64 connections with and without gzip, then the explorer's calls. */
    private static void reads(LibertyServer node, ChainClient client) throws Exception {
        JsonObject fullest = blockHeaders(client, 0, client.height()).stream()
                .max(Comparator.comparingInt(b -> b.getInt("tx_count"))).orElseThrow();
        String block = "/rpc/blocks/" + fullest.getJsonNumber("height").longValue();
        String url = node.url(block);
        HttpLoad.Size plain = HttpLoad.size(url);
        HttpLoad.Size gzip = HttpLoad.size(url, "Accept-Encoding", "gzip");
        System.out.printf("R. block reads GET %s (%d transactions): %d bytes plain, %d bytes with Accept-Encoding: "
                + "gzip (Content-Encoding %s)%n", block, fullest.getInt("tx_count"), plain.bytes(), gzip.bytes(),
                gzip.encoding());
        System.out.println("R. block reads plain, 64 connections, " + READ_SECONDS + " s: "
                + HttpLoad.run(url, 64, READ_SECONDS).line());
        System.out.println("R. block reads Accept-Encoding: gzip, 64 connections, " + READ_SECONDS + " s: "
                + HttpLoad.run(url, 64, READ_SECONDS, "Accept-Encoding", "gzip").line());
        List<String> paths = List.of("/rpc/head", "/rpc/blocks?limit=20", "/rpc/transactions?limit=20",
                "/rpc/mempool", "/rpc/syncStatus", block);
        // a browser asks for gzip
        Map<String, HttpLoad.Figures> mix = HttpLoad.java(paths.stream().map(node::url).toList(), 50, READ_SECONDS,
                "Accept-Encoding", "gzip");
        System.out.println("R. explorer mix, 50 readers, " + READ_SECONDS + " s, all calls: " + mix.get("all").line());
        for (String path : paths) {
            System.out.println("R. explorer mix " + path + ": " + mix.get(node.url(path)).line());
        }
    }

    /** The headers of blocks {@code from..to} (as far as the chain has them), from the newest-first listing. */
    static List<JsonObject> blockHeaders(ChainClient client, long from, long to) {
        List<JsonObject> headers = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            List<JsonObject> page = client.get("/rpc/blocks?limit=100&offset=" + offset).getJsonArray("blocks")
                    .getValuesAs(JsonObject.class);
            for (JsonObject b : page) {
                long h = b.getJsonNumber("height").longValue();
                if (h >= from && h <= to) {
                    headers.add(b);
                }
            }
            if (page.size() < 100 || page.get(page.size() - 1).getJsonNumber("height").longValue() <= from) {
                return headers;
            }
        }
    }

    static void awaitEmptyMempool(ChainClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (client.get("/rpc/mempool?limit=1").getJsonNumber("size").longValue() > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    /** The p-th percentile of sorted values (100: the maximum; 0 when there are none). */
    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
