package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.coordinator.jobs.JobState;
import net.aitbc.coordinator.jobs.JobStats;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The coordinator's Prometheus gauges (operations.md): {@code aitbc_jobs{state}} for every job state and
 * {@code aitbc_miners_online}. A scrape only reads the counts kept here; {@link CoordinatorMetricsTimer} reads them
 * from the database every few seconds in the application's own thread (the scrape runs in Liberty's metrics
 * application, where this application's database is not the thread's), and only while someone scrapes.
 * Coordinators sharing one database report the same counts: add them up with max, not sum.
 */
@ApplicationScoped
public class CoordinatorMetrics {

    public static final String JOBS = "aitbc_jobs";
    public static final String MINERS_ONLINE = "aitbc_miners_online";
    /**
     * Without a scrape for this long the counts are no longer read (an unwatched server queries nothing); the first
     * scrape after such a pause sees the last counts, the next ones fresh counts again.
     */
    static final long WATCHED_MILLIS = 60_000;

    private static final Logger LOG = Logger.getLogger(CoordinatorMetrics.class.getName());

    @Inject
    MetricRegistry registry;
    @Inject
    JobStats stats;

    /** The last counts read, or null before the first read; replaced whole, never changed. */
    private volatile Counts counts;
    private volatile long lastScrapeAt = System.currentTimeMillis(); // read once at start: the first scrape has data

    record Counts(Map<JobState, Long> jobs, long minersOnline) {
    }

    /** Registers the gauges when the coordinator starts, so they exist before the first scrape. */
    void register() {
        Metadata jobs = Metadata.builder().withName(JOBS)
                .withDescription("Jobs in each state (the coordinators' shared database)").build();
        for (JobState s : JobState.values()) {
            registry.gauge(jobs, this, m -> m.jobs(s), new Tag("state", s.name()));
        }
        registry.gauge(Metadata.builder().withName(MINERS_ONLINE)
                .withDescription("Active miners that heartbeated or polled within AITBC_MINER_OFFLINE_SECONDS").build(),
                this, CoordinatorMetrics::minersOnline);
    }

    /** One read of the counts (JobStats: one grouped count of jobs, one count of online miners, ...). */
    void refresh() {
        if (counts != null && System.currentTimeMillis() - lastScrapeAt > WATCHED_MILLIS) {
            return;
        }
        try {
            JsonObject s = stats.stats();
            JsonObject byState = s.getJsonObject("jobs_by_state");
            Map<JobState, Long> jobs = new EnumMap<>(JobState.class);
            for (JobState state : JobState.values()) {
                jobs.put(state, byState.containsKey(state.name()) ? byState.getJsonNumber(state.name()).longValue() : 0L);
            }
            counts = new Counts(jobs, s.getJsonNumber("online_miners").longValue());
        } catch (RuntimeException e) {
            // the gauges keep the last counts; the next tick tries again
            LOG.log(Level.FINE, "reading the coordinator's counts for the metrics failed", e);
        }
    }

    private double jobs(JobState state) {
        Counts c = scraped();
        return c == null ? Double.NaN : c.jobs().get(state);
    }

    private double minersOnline() {
        Counts c = scraped();
        return c == null ? Double.NaN : c.minersOnline();
    }

    private Counts scraped() {
        lastScrapeAt = System.currentTimeMillis();
        return counts;
    }
}
