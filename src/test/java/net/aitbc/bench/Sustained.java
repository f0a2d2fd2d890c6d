package net.aitbc.bench;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * Phases S and M of the node benchmark (issue 16): signed transfers at an offered rate for a fixed window, open
 * loop ({@link OpenLoop}), each admitted and then included; the mempool size, the head and the node's RSS are
 * sampled every second. A rate counts as sustained when the node admits what is offered, includes it within a
 * few blocks, and the mempool does not grow over the window.
 */
final class Sustained {

    private static final int SECONDS = Integer.getInteger("bench.sustained.seconds", 60);
    /** One rate or several, run one after another: {@code -Dbench.sustained.rate=1000,2500}. */
    private static final String RATES = System.getProperty("bench.sustained.rate", "1000");
    private static final long NANOS = 1_000_000_000L;
    /** threads that take the node's answers; no thread waits for one, so a few keep up with thousands a second */
    private static final int ANSWER_THREADS = 4;
    /** A directory for one TSV per window (intended, sent, answered, status per transfer): where the tail is. */
    private static final String DUMP = System.getProperty("bench.dump", "");

    private final LibertyServer node;
    private final ChainClient client;
    private final TestChain chain;
    private final boolean memory;
    private double blockSeconds;

    /** @param memory whether to print the M lines (the node's RSS over each window) */
    Sustained(LibertyServer node, ChainClient client, TestChain chain, boolean memory) {
        this.node = node;
        this.client = client;
        this.chain = chain;
        this.memory = memory;
    }

    void run() throws Exception {
        JsonObject status = client.get("/rpc/status");
        blockSeconds = status.getJsonNumber("block_time_seconds").doubleValue();
        int maxTxs = status.getInt("max_txs_per_block");
        System.out.printf("S. sustained: chain capacity %d transactions per %.1f s block = %.0f tx/s%n", maxTxs,
                blockSeconds, maxTxs / blockSeconds);
        for (String rate : RATES.split(",")) {
            runRate(Integer.parseInt(rate.trim()));
            NodeBenchmark.awaitEmptyMempool(client); // a rate that was not sustained leaves a backlog
        }
    }

    private void runRate(int rate) throws Exception {
        String at = String.format("S. sustained %d tx/s: ", rate);
        long t0 = System.nanoTime();
        // the node's nonces, not the benchmark's count: an earlier refusal would leave every later nonce wrong
        NodeBenchmark.syncNonces(client, chain);
        List<SignedTx> txs = NodeBenchmark.sign(client, chain, 0, rate * SECONDS, 1);
        OpenLoop loop = new OpenLoop(node.baseUrl(), txs, ANSWER_THREADS);
        System.out.printf("%soffered %d transfers from %d senders over %d s (asynchronous requests, one in flight per "
                + "sender), pre-signed in %.1f s%n", at, loop.size(), NodeBenchmark.ACCOUNTS, SECONDS,
                (System.nanoTime() - t0) / 1e9);
        long pid = memory ? jvmPid(node.name()) : -1;
        long start = System.nanoTime() + NANOS / 2; // the client threads are up and waiting when the window opens
        try (InclusionWatch watch = InclusionWatch.open(node.port());
                Sampler sampler = new Sampler(node.baseUrl(), pid, start, SECONDS + 1)) {
            OpenLoop.Result sent = loop.run(rate, start);
            List<Sample> samples = sampler.await();
            Window w = new Window(loop, sent, watch, samples, start + SECONDS * NANOS);
            w.awaitInclusion(grace());
            int lateInGrace = w.notYetIncluded();
            w.awaitInclusion(300); // the rest, for the latency of everything admitted
            print(at, w, lateInGrace);
            if (!DUMP.isEmpty()) {
                dump(rate, w);
            }
            if (memory) {
                printMemory(rate, pid, samples);
            }
        }
    }

    /**
     * Writes the window's transfers, one line each: milliseconds since the epoch when it was due, sent and answered
     * (to line up with the node's log), its status and when it was seen included (0: never).
     */
    private static void dump(int rate, Window w) throws IOException {
        OpenLoop.Result r = w.sent;
        long epochNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        StringBuilder out = new StringBuilder("due_ms\tsent_ms\tdone_ms\tstatus\tincluded_ms\n");
        for (int i = 0; i < w.loop.size(); i++) {
            Long included = w.watch.includedAt(w.loop.hash(i));
            out.append(String.format("%.1f\t%.1f\t%.1f\t%d\t%.1f%n", (r.intended(i) + epochNanos) / 1e6,
                    (r.sent[i] + epochNanos) / 1e6, (r.done[i] + epochNanos) / 1e6, r.status[i],
                    included == null ? 0 : (included + epochNanos) / 1e6));
        }
        Path file = Path.of(DUMP).resolve("sustained-" + rate + "-" + System.currentTimeMillis() + ".tsv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.out.println("S. transfers of the window written to " + file);
    }

    /** One rate's window: what was sent, what was seen included, and the per-second samples. */
    private static final class Window {
        final OpenLoop loop;
        final OpenLoop.Result sent;
        final InclusionWatch watch;
        final List<Sample> samples;
        final long end;
        final List<String> admitted;

        Window(OpenLoop loop, OpenLoop.Result sent, InclusionWatch watch, List<Sample> samples, long end) {
            this.loop = loop;
            this.sent = sent;
            this.watch = watch;
            this.samples = samples;
            this.end = end;
            admitted = indices(i -> sent.status[i] == 200).mapToObj(loop::hash).toList();
        }

        IntStream indices(IntPredicate p) {
            return IntStream.range(0, loop.size()).filter(p);
        }

        /** The later of the window's end and the last answer to a POST. */
        long sendingEnded() {
            return Math.max(end, indices(i -> sent.status[i] != OpenLoop.SKIPPED).mapToLong(i -> sent.done[i])
                    .max().orElse(end));
        }

        /** Waits until everything admitted was seen included, at most {@code seconds} after the sending ended. */
        void awaitInclusion(double seconds) throws InterruptedException {
            long deadline = sendingEnded() + (long) (seconds * NANOS);
            while (!watch.sawAll(admitted) && System.nanoTime() < deadline && watch.closedReason() == null) {
                Thread.sleep(200);
            }
        }

        int notYetIncluded() {
            return (int) admitted.stream().filter(h -> watch.includedAt(h) == null).count();
        }

        /** Sorted latencies {@code to(i) - from(i)} of the admitted transfers, or of those seen included. */
        long[] latencies(boolean included, IntToLongFunction from, IntToLongFunction to) {
            return indices(i -> sent.status[i] == 200 && (!included || watch.includedAt(loop.hash(i)) != null))
                    .mapToLong(i -> to.applyAsLong(i) - from.applyAsLong(i)).sorted().toArray();
        }

        long includedAt(int i) {
            return watch.includedAt(loop.hash(i));
        }
    }

    private void print(String at, Window w, int lateInGrace) {
        OpenLoop.Result r = w.sent;
        List<String> notSustained = new ArrayList<>();
        int n = w.loop.size();
        int admitted = w.admitted.size();
        int skipped = r.count(OpenLoop.SKIPPED);
        long lastSend = w.indices(i -> r.status[i] != OpenLoop.SKIPPED).mapToLong(i -> r.sent[i]).max()
                .orElse(r.start);
        long lastAdmit = w.indices(i -> r.status[i] == 200).mapToLong(i -> r.done[i]).max().orElse(r.start);
        double sentRate = (n - skipped) / seconds(r.start, Math.max(lastSend, w.end));
        double admittedRate = admitted / seconds(r.start, Math.max(lastAdmit, w.end));
        long[] lag = w.indices(i -> r.status[i] != OpenLoop.SKIPPED).mapToLong(i -> r.sent[i] - r.intended(i))
                .sorted().toArray();
        System.out.printf("%ssent %.0f tx/s, last send %.1f s after the window; behind schedule p50 %.0f ms, p99 "
                + "%.0f ms, max %.0f ms%n", at, sentRate, Math.max(0, lastSend - w.end) / 1e9, ms(lag, 50),
                ms(lag, 99), ms(lag, 100));
        System.out.printf("%sadmitted %.0f tx/s (%d of %d)%n", at, admittedRate, admitted, n);
        int refused503 = r.count(503);
        int noAnswer = r.count(OpenLoop.NO_ANSWER);
        int otherRefused = n - admitted - skipped - refused503 - noAnswer;
        System.out.printf("%srefused 503 (mempool full) %d, other refusals %d, no answer %d, not sent after a "
                + "refusal of the same sender %d%n", at, refused503, otherRefused, noAnswer, skipped);
        r.refusals.forEach(why -> System.out.println("  refused: " + why));
        if (admittedRate < 0.95 * r.rate) {
            notSustained.add(String.format("admitted %.0f of %.0f tx/s offered", admittedRate, r.rate));
        }
        if (n - admitted > 0) {
            notSustained.add((n - admitted) + " transfers not admitted (" + refused503 + " with 503)");
        }
        printInclusion(at, w, lateInGrace, notSustained);
        printMempool(at, w, r.rate, notSustained);
        printLatencies(at, w);
        printBlocks(at, w);
        System.out.println(at + (notSustained.isEmpty() ? "sustained"
                : "NOT sustained: " + String.join("; ", notSustained)));
    }

    private void printInclusion(String at, Window w, int lateInGrace, List<String> notSustained) {
        long inWindow = w.admitted.stream().map(w.watch::includedAt).filter(t -> t != null && t <= w.end).count();
        System.out.printf("%sincluded %.0f tx/s during the window (%d); %d of %d admitted not included %.0f s after "
                + "the sending ended, %d still not included after the drain%n", at, inWindow / (double) SECONDS,
                inWindow, lateInGrace, w.admitted.size(), grace(), w.notYetIncluded());
        if (w.watch.closedReason() != null) {
            notSustained.add("inclusion not observed: " + w.watch.closedReason());
        } else if (lateInGrace > 0) {
            notSustained.add(lateInGrace + " admitted transfers not included within "
                    + Math.round(grace()) + " s after the sending ended");
        }
    }

    /**
     * The mempool oscillates between about 0 and one block time of arrivals; it grows when the mean of the last
     * third of the samples exceeds the first third's by more than half a block time of arrivals.
     */
    private void printMempool(String at, Window w, double rate, List<String> notSustained) {
        long[] sizes = w.samples.stream().mapToLong(Sample::mempool).toArray();
        int third = Math.max(1, sizes.length / 3);
        double first = mean(Arrays.copyOfRange(sizes, 1, Math.min(sizes.length, 1 + third)));
        double last = mean(Arrays.copyOfRange(sizes, sizes.length - third, sizes.length));
        boolean grew = last - first > rate * blockSeconds / 2;
        System.out.printf("%smempool size start %d, middle %d, end %d, max %d; mean of the first third %.0f, of "
                + "the last third %.0f: %s%n", at, sizes[0], sizes[sizes.length / 2], sizes[sizes.length - 1],
                Arrays.stream(sizes).max().orElse(-1), first, last, grew ? "grew" : "not growing");
        if (grew) {
            notSustained.add(String.format("the mempool grew (mean %.0f -> %.0f, end %d)", first, last,
                    sizes[sizes.length - 1]));
        }
    }

    private static void printLatencies(String at, Window w) {
        OpenLoop.Result r = w.sent;
        long[] admission = w.latencies(false, i -> r.sent[i], i -> r.done[i]);
        long[] admissionDue = w.latencies(false, r::intended, i -> r.done[i]);
        long[] inclusion = w.latencies(true, i -> r.sent[i], w::includedAt);
        long[] inclusionDue = w.latencies(true, r::intended, w::includedAt);
        System.out.printf("%sadmission latency (POST /rpc/sendTx) p50 %.0f ms, p99 %.0f ms, max %.0f ms; from the "
                + "intended send time p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", at, ms(admission, 50),
                ms(admission, 99), ms(admission, 100), ms(admissionDue, 50), ms(admissionDue, 99),
                ms(admissionDue, 100));
        System.out.printf("%sinclusion latency (send -> \"included\") p50 %.0f ms, p99 %.0f ms; from the intended "
                + "send time p50 %.0f ms, p99 %.0f ms (%d transfers)%n", at, ms(inclusion, 50), ms(inclusion, 99),
                ms(inclusionDue, 50), ms(inclusionDue, 99), inclusion.length);
    }

    /** The blocks produced during the window: heights from the first and last sample's head. */
    private void printBlocks(String at, Window w) {
        long from = w.samples.get(0).height() + 1;
        long to = w.samples.get(w.samples.size() - 1).height();
        if (from <= 0 || to < from) {
            System.out.println(at + "blocks during the window: none seen");
            return;
        }
        Map<Long, Integer> txs = NodeBenchmark.blockHeaders(client, from, to).stream().collect(Collectors.toMap(
                b -> b.getJsonNumber("height").longValue(), b -> b.getInt("tx_count")));
        Map<Long, Double> built = NodeBenchmark.builtBlocks(node).stream().filter(b -> b.height() >= from)
                .collect(Collectors.toMap(NodeBenchmark.BuiltBlock::height, NodeBenchmark.BuiltBlock::ms));
        int[] counts = txs.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[] times = txs.keySet().stream().filter(built::containsKey).mapToDouble(built::get).sorted().toArray();
        System.out.printf("%sblocks during the window: %d (heights %d-%d), %d transactions, per block min %d, median "
                + "%d, max %d; built and committed median %.0f ms, max %.0f ms%n", at, counts.length, from, to,
                IntStream.of(counts).sum(), counts.length == 0 ? 0 : counts[0], counts.length == 0 ? 0
                        : counts[counts.length / 2], counts.length == 0 ? 0 : counts[counts.length - 1],
                times.length == 0 ? 0 : times[times.length / 2], times.length == 0 ? 0 : times[times.length - 1]);
        Map<Long, NodeBenchmark.BlockPhases> phases = NodeBenchmark.blockPhases(node);
        List<NodeBenchmark.BlockPhases> ours = txs.keySet().stream().map(phases::get).filter(java.util.Objects::nonNull)
                .toList();
        if (!ours.isEmpty()) {
            // commit = the whole (timer tick to committed) less the three phases inside the transaction
            double[] read = ours.stream().mapToDouble(NodeBenchmark.BlockPhases::readMs).sorted().toArray();
            double[] apply = ours.stream().mapToDouble(NodeBenchmark.BlockPhases::applyMs).sorted().toArray();
            double[] stage = ours.stream().mapToDouble(NodeBenchmark.BlockPhases::stageMs).sorted().toArray();
            double[] rest = ours.stream().filter(b -> built.containsKey(b.height())).mapToDouble(b -> built.get(
                    b.height()) - b.readMs() - b.applyMs() - b.stageMs()).sorted().toArray();
            System.out.printf("%sblock phases, median (max): candidates read %.0f (%.0f) ms, applied %.0f (%.0f) ms, "
                    + "staged %.0f (%.0f) ms, commit and the rest %.0f (%.0f) ms%n", at, read[read.length / 2],
                    read[read.length - 1], apply[apply.length / 2], apply[apply.length - 1], stage[stage.length / 2],
                    stage[stage.length - 1], rest.length == 0 ? 0 : rest[rest.length / 2],
                    rest.length == 0 ? 0 : rest[rest.length - 1]);
        }
        System.out.println(at + "blocks (height:transactions/ms): " + txs.keySet().stream().sorted()
                .map(h -> h + ":" + txs.get(h) + "/" + (built.containsKey(h) ? Math.round(built.get(h)) : "?"))
                .collect(Collectors.joining(" ")));
    }

    /** A sustained rate's transfers are in one of the next blocks: three block times, at least 10 s, is ample. */
    private double grace() {
        return Math.max(10, 3 * blockSeconds);
    }

    private void printMemory(int rate, long pid, List<Sample> samples) {
        if (pid < 0) {
            System.out.println("M. memory: the Liberty JVM of " + node.name() + " was not found among this JVM's "
                    + "descendant processes");
            return;
        }
        long[] rss = samples.stream().mapToLong(Sample::rssKb).toArray();
        System.out.printf("M. memory at %d tx/s: node RSS start %d MiB, max %d MiB, end %d MiB (pid %d, every "
                + "second for %d s)%n", rate, rss[0] / 1024, Arrays.stream(rss).max().orElse(-1) / 1024,
                rss[rss.length - 1] / 1024, pid, SECONDS);
    }

    /** The node's JVM: the java process among this JVM's descendants (bin/server runs it) named after the server. */
    static long jvmPid(String serverName) {
        return ProcessHandle.current().descendants().filter(p -> {
            List<String> cmd = cmdline(p.pid());
            return !cmd.isEmpty() && cmd.get(0).endsWith("java") && cmd.contains(serverName);
        }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static List<String> cmdline(long pid) {
        try {
            return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
        } catch (IOException e) {
            return List.of(); // the process has just ended
        }
    }

    /** VmRSS of a process in KiB, -1 when it cannot be read. */
    static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** One second's look at the node; -1 for what could not be read. */
    record Sample(long rssKb, long mempool, long height) {
    }

    /** Takes {@code count} samples a second apart from {@code start} (System.nanoTime) on its own thread. */
    private static final class Sampler implements AutoCloseable {
        private final ChainClient client; // its own, with a short timeout: a late sample would shift the rest
        private final long pid;
        private final int count;
        private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch taken = new CountDownLatch(1);
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Sampler(String baseUrl, long pid, long start, int count) {
            this.client = new ChainClient(baseUrl, Duration.ofSeconds(2));
            this.pid = pid;
            this.count = count;
            timer.scheduleAtFixedRate(this::sample, start - System.nanoTime(), NANOS, TimeUnit.NANOSECONDS);
        }

        private void sample() {
            if (samples.size() < count) {
                samples.add(new Sample(pid < 0 ? -1 : rssKb(pid), read("/rpc/mempool?limit=1", "size"),
                        read("/rpc/head", "height")));
            }
            if (samples.size() == count) {
                taken.countDown();
            }
        }

        private long read(String path, String field) {
            try {
                return client.get(path).getJsonNumber(field).longValue();
            } catch (RuntimeException e) {
                return -1;
            }
        }

        List<Sample> await() throws InterruptedException {
            taken.await();
            return List.copyOf(samples);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** A percentile in milliseconds of sorted nanoseconds (100: the maximum). */
    private static double ms(long[] sorted, int p) {
        return NodeBenchmark.pct(sorted, p) / 1e6;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).filter(v -> v >= 0).average().orElse(0);
    }
}
