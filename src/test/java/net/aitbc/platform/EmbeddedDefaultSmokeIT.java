package net.aitbc.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's run command's configuration: no DATABASE_URL (embedded H2), dev mode, all roles. */
class EmbeddedDefaultSmokeIT extends SmokeChecks {

    private LibertyServer server;

    @BeforeAll
    void start() {
        server = LibertyServer.named("it-embedded").create().startAndAwaitReady();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @Override
    LibertyServer server() {
        return server;
    }

    @Override
    String expectedDatabaseProduct() {
        return "H2";
    }

    @Test
    void devModeAnnouncesItsThrowAwaySecrets() {
        String console = server.console();
        assertTrue(console.contains("AITBC DEV MODE"), console);
        assertTrue(console.matches("(?s).*ADMIN_API_KEYS=[0-9a-f]{64}.*"), "generated admin key printed");
    }

    @Test
    void embeddedDatabaseLivesInTheServerDirectory() {
        assertTrue(Files.exists(server.directory().resolve("data/aitbc.mv.db")));
    }
}
