package net.aitbc.platform.database;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.aitbc.platform.config.FatalStartup;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the version this build expects before anything uses the database: Flyway migrations
 * (src/main/resources/db/migration), so a production database is upgraded step by step and never regenerated.
 * The same SQL runs on PostgreSQL and on the embedded H2 (PostgreSQL mode).
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@TransactionManagement(TransactionManagementType.BEAN) // Flyway commits its own transactions
@Lock(LockType.READ)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/aitbc")
    DataSource dataSource;

    private volatile boolean complete;
    private volatile String version = "none";

    @PostConstruct
    void migrate() {
        try {
            long start = System.nanoTime();
            String location = migrationLocation();
            Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(location)
                    .callbackLocations(location)
                    .failOnMissingLocations(true)
                    .load();
            MigrateResult result = flyway.migrate();
            var current = flyway.info().current();
            version = current == null ? "none" : current.getVersion().getVersion();
            complete = true;
            LOG.info("Database schema at version " + version + " (" + result.migrationsExecuted
                    + " migrations applied in " + (System.nanoTime() - start) / 1_000_000 + " ms)");
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw FatalStartup.stop("the database is not usable: " + root.getMessage(), e);
        }
    }

    /**
     * Liberty's class loader hides directories from Flyway's class-path scanner, so the expanded WAR's migration
     * folder is handed over as a file-system location; the class path stays the fallback elsewhere.
     */
    private static String migrationLocation() {
        java.net.URL url = SchemaMigration.class.getClassLoader().getResource("db/migration/V1__baseline.sql");
        if (url != null && url.getProtocol().equals("file")) {
            try {
                return "filesystem:" + java.nio.file.Path.of(url.toURI()).getParent();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return "classpath:db/migration";
    }

    public boolean isComplete() {
        return complete;
    }

    public String version() {
        return version;
    }
}
