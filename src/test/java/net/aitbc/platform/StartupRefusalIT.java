package net.aitbc.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Servers that must refuse to start: each ends its process with exit code 78 (EX_CONFIG) and a message that names
 * the problem. They are started together, as they only have to fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupRefusalIT {

    private static final int EX_CONFIG = 78;
    private LibertyServer productionWithoutSecrets;
    private LibertyServer malformedDatabaseUrl;
    private LibertyServer unknownRole;
    private LibertyServer coordinatorWithoutChain;

    @BeforeAll
    void startAll() {
        productionWithoutSecrets = LibertyServer.named("it-refuse-prod")
                .env("AITBC_MODE", "production")
                .env("ADMIN_API_KEYS", "only-this-one-is-set")
                .create().start();
        malformedDatabaseUrl = LibertyServer.named("it-refuse-dburl")
                .env("DATABASE_URL", "postgresql://alice:Sup3rSecretPw@localhost:notaport/chain")
                .create().start();
        unknownRole = LibertyServer.named("it-refuse-role")
                .env("AITBC_ROLES", "node,miner")
                .create().start();
        coordinatorWithoutChain = LibertyServer.named("it-refuse-nochain")
                .env("AITBC_ROLES", "coordinator")
                .create().start();
    }

    @AfterAll
    void killAll() {
        productionWithoutSecrets.kill();
        malformedDatabaseUrl.kill();
        unknownRole.kill();
        coordinatorWithoutChain.kill();
    }

    @Test
    void productionModeWithoutSecretsRefusesToStart() {
        assertEquals(EX_CONFIG, productionWithoutSecrets.awaitExit(Duration.ofSeconds(180)));
        String console = productionWithoutSecrets.console();
        assertTrue(console.contains("AITBC_MODE=production requires these secrets in the environment: "
                + "JWT_SECRET, CLIENT_API_KEYS, MINER_API_KEYS, RECEIPT_KEY_PASSWORD, SESSION_SECRET, "
                + "WALLET_ENCRYPTION_KEY"), console);
        assertFalse(console.contains("DEV MODE"), "no throw-away secrets in production");
    }

    @Test
    void malformedDatabaseUrlRefusesToStartWithoutEchoingThePassword() {
        assertEquals(EX_CONFIG, malformedDatabaseUrl.awaitExit(Duration.ofSeconds(180)));
        String console = malformedDatabaseUrl.console();
        assertTrue(console.contains("DATABASE_URL is invalid: the port is not a number"), console);
        assertFalse(console.contains("Sup3rSecretPw"), "password must not be echoed");
        assertFalse(malformedDatabaseUrl.messagesLog().contains("Sup3rSecretPw"), "password must not be logged");
    }

    @Test
    void unknownRoleRefusesToStart() {
        assertEquals(EX_CONFIG, unknownRole.awaitExit(Duration.ofSeconds(180)));
        assertTrue(unknownRole.console().contains("AITBC_ROLES names unknown roles [miner]"), unknownRole.console());
    }

    @Test
    void coordinatorWithoutNodeRoleOrChainUrlRefusesToStart() {
        assertEquals(EX_CONFIG, coordinatorWithoutChain.awaitExit(Duration.ofSeconds(180)));
        assertTrue(coordinatorWithoutChain.console().contains("AITBC_CHAIN_URL is required"),
                coordinatorWithoutChain.console());
    }
}
