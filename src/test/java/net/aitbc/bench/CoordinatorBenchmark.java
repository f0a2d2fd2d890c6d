package net.aitbc.bench;

import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The coordinator benchmark (docs/benchmarks.md): an authority node and a coordinator-only server, both on the
 * embedded PostgreSQL, on loopback, with this JVM as clients and miners. Prints figures; asserts nothing. Run with
 * {@code mvn -Pbench verify -Dbench.main=net.aitbc.bench.CoordinatorBenchmark}; the phases that run are
 * {@code bench.phases} (default {@code J,I,Q}; Q is the poll latency while jobs wait, {@link QueuedPolls}; M, the
 * marketplace, runs only when named: {@code -Dbench.phases=M}).
 *
 * J. paid jobs end to end ({@link JobsEndToEnd}): submit, pay, poll, result, settlement on chain; rates, latencies,
 *    the chain's blocks, CPU and the coordinator's memory.
 * I. idle long-polls ({@link IdlePolls}): many miners waiting at once, what it costs the coordinator, and how fast
 *    new jobs reach them.
 * M. marketplace reads ({@link MarketplaceReads}): a market of registered miners with a GPU listed each; the offers
 *    and GPU list under concurrent readers (rates, latencies, CPU), and the marketplace page's first-load weight and
 *    time to the first offers on screen in a headless Chromium.
 */
public final class CoordinatorBenchmark {

    private static final Set<String> PHASES = Set.of(System.getProperty("bench.phases", "J,I,Q").toUpperCase()
            .replace(" ", "").split(","));
    /** The coordinator's JVM_ARGS; empty (the default): none, so the server's own jvm.options apply. */
    private static final String JVM = System.getProperty("bench.jvm", "");
    private static final String NODE_JVM = System.getProperty("bench.node.jvm", "");
    private static final int BLOCK_SECONDS = Integer.getInteger("bench.block.seconds", 2);
    /** More environment, last so it wins: KEY=VALUE,KEY=VALUE. */
    private static final String COORDINATOR_ENV = System.getProperty("bench.coord.env", "");
    private static final String NODE_ENV = System.getProperty("bench.node.env", "");

    private CoordinatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // as in NodeBenchmark: no ServiceLoader look-up of the JSON provider on every Json.create* call
        System.setProperty("jakarta.json.provider", JsonProvider.provider().getClass().getName());
        int cores = Runtime.getRuntime().availableProcessors();
        boolean jobs = PHASES.contains("J");
        boolean idle = PHASES.contains("I");
        System.out.println("== AITBC coordinator benchmark: " + cores + " cores, phases "
                + String.join(",", new TreeSet<>(PHASES)) + " ==");
        if (idle) {
            IdlePolls.checkOpenFilesLimit();
        }
        boolean queued = PHASES.contains("Q");
        boolean market = PHASES.contains("M");
        // each phase has its own miner keys, in the order the phases run
        int jobMiners = jobs ? JobsEndToEnd.MINERS : 0;
        int idleMiners = idle ? IdlePolls.IDLE : 0;
        int queuedMiners = queued ? QueuedPolls.MINERS : 0;
        int miners = jobMiners + idleMiners + queuedMiners + (market ? MarketplaceReads.MINERS : 0);
        CoordinatorSite site = new CoordinatorSite(JobsEndToEnd.CLIENTS, miners, BLOCK_SECONDS, JVM, NODE_JVM,
                COORDINATOR_ENV, NODE_ENV);
        System.out.println("coordinator JVM: " + site.coordinatorJvm + (COORDINATOR_ENV.isEmpty() ? ""
                : "; coordinator environment " + COORDINATOR_ENV));
        System.out.println("node JVM: " + site.nodeJvm + "; block time " + BLOCK_SECONDS + " s, min fee 0"
                + (NODE_ENV.isEmpty() ? "" : "; node environment " + NODE_ENV));
        System.out.println("keys: " + site.clientKeys.size() + " client (a funded genesis account each), " + miners
                + " miner");
        List<String> summary = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            site.start();
            System.out.printf("node (port %d) and coordinator (port %d) ready in %.1f s; coordinator pid %d, node pid "
                    + "%d, PostgreSQL pid %d%n", site.node.port(), site.coordinator.port(),
                    (System.nanoTime() - t0) / 1e9, site.coordinatorPid(), site.nodePid(),
                    CoordinatorSite.postgresPid());
            System.out.println("coordinator at the start: " + ProcStat.line(site.coordinatorPid()));
            if (jobs) {
                new JobsEndToEnd(site, summary).run();
            }
            if (idle) {
                new IdlePolls(site, summary, jobMiners).run();
            }
            if (queued) {
                new QueuedPolls(site, summary, jobMiners + idleMiners).run();
            }
            if (market) {
                new MarketplaceReads(site, summary, jobMiners + idleMiners + queuedMiners).run();
            }
        } finally {
            System.out.println();
            System.out.println("== summary: AITBC coordinator benchmark, on " + cores + " cores: this benchmark "
                    + "process + 2 servers (bench-coord-node, bench-coord-a) + PostgreSQL (both servers' databases) ==");
            System.out.println("coordinator JVM: " + site.coordinatorJvm + "; node JVM: " + site.nodeJvm
                    + "; block time " + BLOCK_SECONDS + " s");
            summary.forEach(System.out::println);
            if (summary.isEmpty()) {
                System.out.println("(no figures: see above)");
            }
            site.close();
        }
    }
}
