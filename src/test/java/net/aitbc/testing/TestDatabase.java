package net.aitbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL for the whole test JVM (zonky's embedded binaries, nothing installed), started on first use.
 * Each Liberty server gets its own database and its own login, handed over in the seed's DATABASE_URL form.
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "on")
                        // zonky's default is off (a commit answers before its WAL is flushed); PostgreSQL's own
                        // default, which every site runs, is on: tests and benchmarks measure what sites get
                        .setServerConfig("synchronous_commit", "on");
                // a benchmark's experiment, e.g. -Dbench.pg.config=autovacuum=off,log_checkpoints=on; tests set none
                for (String pair : System.getProperty("bench.pg.config", "").split(",")) {
                    if (pair.contains("=")) {
                        builder.setServerConfig(pair.substring(0, pair.indexOf('=')).trim(),
                                pair.substring(pair.indexOf('=') + 1).trim());
                    }
                }
                postgres = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return postgres;
    }

    /** Superuser access, for tests that look behind the API. */
    public static DataSource admin(String database) {
        return server().getDatabase("postgres", database);
    }

    /** Creates a fresh database owned by a fresh login and returns its URL in the seed's form. */
    public static Database create(String prefix) {
        String name = (prefix + "_" + COUNTER.incrementAndGet()).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String user = "u_" + name;
        String password = "pw-" + name;
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + user);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new Database(name, user, password, server().getPort());
    }

    public record Database(String name, String user, String password, int port) {
        public String url() {
            return "postgresql://" + user + ":" + password + "@localhost:" + port + "/" + name;
        }

        public DataSource admin() {
            return TestDatabase.admin(name);
        }
    }
}
