package net.aitbc.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.Test;

/**
 * deploy/backup.sh and deploy/restore.sh with the real tools: pg_dump and pg_restore against the tests' PostgreSQL,
 * H2's Script and RunScript for the embedded default. A node with blocks, an escrow and a job is backed up,
 * restored into a fresh database, started, and has the same head with {@code verifyChain} valid.
 */
class BackupRestoreIT {

    private static final String ADMIN = "backup-it-admin-key";
    private static final String CLIENT = "backup-it-client-key-0123456789abcdef";

    record Run(int exit, String output) {
    }

    private static Run script(String name, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", Path.of("deploy", name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DATABASE_URL");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not end");
        return new Run(p.exitValue(), out);
    }

    private static Map<String, String> nodeEnv(TestChain chain) {
        Map<String, String> env = new HashMap<>(chain.authorityEnv(0));
        env.put("AITBC_BLOCK_TIME_SECONDS", "1");
        env.put("ADMIN_API_KEYS", ADMIN);
        return env;
    }

    private static void assertSameChain(JsonObject head, LibertyServer restored) {
        ChainClient c = new ChainClient(restored.baseUrl());
        assertEquals(head.getString("hash"), c.head().getString("hash"), "the same head after the restore");
        JsonObject verify = c.post("/rpc/admin/verifyChain", JsonObject.EMPTY_JSON_OBJECT, "X-Api-Key", ADMIN);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(head.getJsonNumber("height").longValue(), verify.getJsonNumber("height").longValue());
    }

    @Test
    void aPostgresNodeWithBlocksAnEscrowAndAJobRestoresIntoAFreshDatabase() throws Exception {
        TestChain chain = TestChain.create("backup-pg", 1, 4);
        TestDatabase.Database db = TestDatabase.create("backup");
        Map<String, String> env = nodeEnv(chain);
        env.put("AITBC_ROLES", "node,coordinator");
        env.put("CLIENT_API_KEYS", CLIENT);
        env.put("DATABASE_URL", db.url());
        LibertyServer original = LibertyServer.named("it-backup-pg").env(env).create().startAndAwaitReady();
        JsonObject head;
        SignedTx lock;
        String jobId;
        Path backup = Files.createTempDirectory("aitbc-backup").resolve("node.dump");
        try {
            ChainClient c = new ChainClient(original.baseUrl());
            SigningAccount account = SigningAccount.remote(c, chain.account(1));
            for (int i = 0; i < 3; i++) {
                c.awaitIncluded(account.transfer(Ed25519.generate().address(), 10 + i, 0).hash(), Duration.ofSeconds(20));
            }
            lock = account.lock(500, Ed25519.generate().address(), c.height() + 1000, "backup-it", 0);
            c.awaitIncluded(lock.hash(), Duration.ofSeconds(20));
            Http.Response job = Http.post(original.url("/v1/jobs"), "{\"payload\": {\"model\": \"m\", \"prompt\": \"p\"}}",
                    "X-Api-Key", CLIENT);
            assertEquals(201, job.status(), job.toString());
            jobId = job.json().getString("job_id");
            head = c.head();

            Run dumped = script("backup.sh", Map.of("DATABASE_URL", db.url()), original.directory().toString(),
                    backup.toString());
            assertEquals(0, dumped.exit(), dumped.output());
            assertTrue(Files.size(backup) > 0);
            Run again = script("backup.sh", Map.of("DATABASE_URL", db.url()), original.directory().toString(),
                    backup.toString());
            assertEquals(2, again.exit(), "never overwrites a backup: " + again.output());
        } finally {
            original.stop();
        }

        TestDatabase.Database fresh = TestDatabase.create("restored");
        Run restored = script("restore.sh", Map.of("DATABASE_URL", fresh.url()), backup.toString(),
                original.directory().toString());
        assertEquals(0, restored.exit(), restored.output());
        Run twice = script("restore.sh", Map.of("DATABASE_URL", fresh.url()), backup.toString(),
                original.directory().toString());
        assertEquals(2, twice.exit(), "refuses a database that is not empty: " + twice.output());

        env.put("DATABASE_URL", fresh.url());
        LibertyServer copy = LibertyServer.named("it-backup-pg-restored").env(env).create().startAndAwaitReady();
        try {
            assertSameChain(head, copy);
            EscrowState e = new ChainClient(copy.baseUrl()).escrow(lock.hash()).orElseThrow();
            assertEquals(EscrowState.Status.OPEN, e.status());
            assertEquals(500, e.amount());
            Http.Response job = Http.get(copy.url("/v1/jobs/" + jobId), "X-Api-Key", CLIENT);
            assertEquals(200, job.status(), job.toString());
            assertEquals("QUEUED", job.json().getString("state"));
        } finally {
            copy.stop();
        }
    }

    @Test
    void theEmbeddedDefaultIsBackedUpWhileStoppedAndRestoresIntoANewServer() throws Exception {
        TestChain chain = TestChain.create("backup-h2", 1, 3);
        Map<String, String> env = nodeEnv(chain);
        env.put("AITBC_ROLES", "node");
        LibertyServer original = LibertyServer.named("it-backup-h2").env(env).create().startAndAwaitReady();
        Path backup = Files.createTempDirectory("aitbc-backup").resolve("node.sql.gz");
        JsonObject head;
        try {
            ChainClient c = new ChainClient(original.baseUrl());
            SigningAccount account = SigningAccount.remote(c, chain.account(1));
            for (int i = 0; i < 3; i++) {
                c.awaitIncluded(account.transfer(Ed25519.generate().address(), 5 + i, 0).hash(), Duration.ofSeconds(20));
            }
            head = c.head();
            Run whileRunning = script("backup.sh", Map.of(), original.directory().toString(), backup.toString());
            assertNotEquals(0, whileRunning.exit(), "H2 holds its file while the server runs: " + whileRunning.output());
            assertFalse(Files.exists(backup), "a failed backup leaves nothing");
        } finally {
            original.stop();
        }
        Run dumped = script("backup.sh", Map.of(), original.directory().toString(), backup.toString());
        assertEquals(0, dumped.exit(), dumped.output());

        LibertyServer copy = LibertyServer.named("it-backup-h2-restored").env(env).create();
        Run restored = script("restore.sh", Map.of(), backup.toString(), copy.directory().toString());
        assertEquals(0, restored.exit(), restored.output());
        copy.startAndAwaitReady();
        try {
            assertSameChain(head, copy);
        } finally {
            copy.stop();
        }
    }

    @Test
    void badUsageIsExitTwo() throws Exception {
        assertEquals(2, script("backup.sh", Map.of()).exit());
        assertEquals(2, script("restore.sh", Map.of(), "/no/such/backup", "/tmp").exit());
        assertEquals(2, script("backup.sh", Map.of("DATABASE_URL", "mysql://x"), "/tmp", "/tmp/aitbc-x-"
                + System.nanoTime()).exit());
    }
}
