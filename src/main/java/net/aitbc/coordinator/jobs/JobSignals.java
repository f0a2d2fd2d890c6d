package net.aitbc.coordinator.jobs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.matching.Constraints;
import net.aitbc.platform.database.DatabaseKind;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells the other coordinator servers on the same PostgreSQL that a job became assignable, so a miner
 * long-polling there wakes at once: {@code pg_notify} inside the transaction that made the job assignable (so it is
 * delivered on commit, and never for a rolled-back one), and one listening connection per server. The embedded
 * database serves one server only, so there it does nothing: local waiters are woken by the CDI event.
 */
@ApplicationScoped
public class JobSignals {

    static final String CHANNEL = "aitbc_jobs";
    private static final Logger LOG = Logger.getLogger(JobSignals.class.getName());

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Resource(lookup = "jdbc/aitbc")
    DataSource dataSource;
    @Resource
    ManagedThreadFactory threads;
    @Inject
    PollWaiters waiters;

    private final String serverId = UUID.randomUUID().toString();
    private volatile boolean postgres;
    private volatile boolean running = true;
    private Thread listener;

    @PostConstruct
    void start() {
        try (Connection c = dataSource.getConnection()) {
            postgres = DatabaseKind.isPostgreSql(c);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot tell the database kind; cross-server wake-ups are off", e);
        }
        if (postgres) {
            listener = threads.newThread(this::listen);
            listener.setName("aitbc-job-signals");
            listener.setDaemon(true);
            listener.start();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** Call inside the transaction that made the job assignable. */
    void notifyOtherServers(JobBecameAssignable event) {
        if (!postgres) {
            return;
        }
        String payload = JsonCodec.createObjectBuilder().add("server", serverId).add("job_id", event.jobId())
                .add("paid", event.paid()).add("constraints", event.constraints().toJson()).build().toString();
        em.createNativeQuery("SELECT pg_notify(?, ?)").setParameter(1, CHANNEL).setParameter(2, payload)
                .getSingleResult();
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                LOG.info("Listening for jobs from other coordinator servers on channel " + CHANNEL);
                backoff = 500;
                while (running) {
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            deliver(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "job signal listener lost its connection; retrying in " + backoff + " ms", e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void deliver(String payload) {
        try (var r = JsonCodec.createReader(new StringReader(payload))) {
            JsonObject o = r.readObject();
            if (serverId.equals(o.getString("server", ""))) {
                return; // this server's own: its waiters were woken by the CDI event already
            }
            waiters.wake(new JobBecameAssignable(o.getString("job_id"),
                    Constraints.read(o.getJsonObject("constraints")), o.getBoolean("paid", false)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring a malformed job signal: " + payload, e);
        }
    }
}
