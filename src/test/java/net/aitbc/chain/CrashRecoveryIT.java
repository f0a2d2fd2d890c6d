package net.aitbc.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while clients stream signed transactions: after restart every acknowledged transaction is in a block
 * or still pending (and then included), none is applied twice, and the chain verifies. On both databases: the
 * promise "acknowledged = durable" is the same on the embedded default as on PostgreSQL.
 */
class CrashRecoveryIT {

    private static final String ADMIN = "crash-admin";
    private static final int CLIENTS = 16;

    @Test
    void acknowledgedTransactionsSurviveKillMinus9OnPostgres() throws Exception {
        TestChain chain = TestChain.create("crash-pg", 1, CLIENTS);
        try (LibertyServer node = LibertyServer.named("it-crash-pg").env(chain.authorityEnv(0))
                .env("DATABASE_URL", TestDatabase.create("crash").url()).env("ADMIN_API_KEYS", ADMIN)
                .env("AITBC_ROLES", "node").create().startAndAwaitReady()) {
            crashWhileStreaming(node, chain);
        }
    }

    /** The README's server: no DATABASE_URL, so the embedded H2 in the server's data folder. */
    @Test
    void acknowledgedTransactionsSurviveKillMinus9OnTheEmbeddedDefault() throws Exception {
        TestChain chain = TestChain.create("crash-h2", 1, CLIENTS);
        try (LibertyServer node = LibertyServer.named("it-crash-h2").env(chain.authorityEnv(0))
                .env("ADMIN_API_KEYS", ADMIN).env("AITBC_ROLES", "node").create().startAndAwaitReady()) {
            crashWhileStreaming(node, chain);
        }
    }

    private void crashWhileStreaming(LibertyServer node, TestChain chain) throws Exception {
        ChainClient client = new ChainClient(node.baseUrl());
        String chainId = client.chainId();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            Ed25519.KeyPair from = chain.account(c);
            pool.submit(() -> {
                long nonce = 0;
                while (!killed.get()) {
                    SignedTx tx = client.signTransfer(from, nonce, Ed25519.generate().address(), 10, 1);
                    try {
                        acknowledged.add(client.send(tx));
                        nonce++;
                    } catch (RuntimeException e) {
                        if (!killed.get()) {
                            throw e;
                        }
                    }
                }
                return null;
            });
        }
        Thread.sleep(6000); // several blocks produced while clients stream
        killed.set(true);
        node.kill();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        int acked = acknowledged.size();
        System.out.println(node.name() + ": " + acked + " transfers acknowledged before kill -9");
        assertTrue(acked > 50, "clients got acknowledgements before the crash: " + acked);

        node.start().awaitReady(Duration.ofSeconds(120));
        long lost = acknowledged.stream().filter(h -> Http.get(node.url("/rpc/tx/" + h)).status() == 404).count();
        assertEquals(0, lost, lost + " of " + acked + " acknowledged transactions are gone after kill -9 "
                + "(in no block, not in the mempool)");
        for (String hash : acknowledged) {
            client.awaitIncluded(hash, Duration.ofSeconds(60));
        }
        long included = 0;
        for (int c = 0; c < CLIENTS; c++) {
            ChainClient.Balance b = client.balance(chain.account(c).address());
            included += b.nonce();
            assertEquals(TestChain.FUNDS - 11 * b.nonce(), b.balance(), "each transfer applied exactly once");
        }
        assertTrue(included >= acked, "every acknowledged transfer applied: " + included + " >= " + acked);
        System.out.println(node.name() + ": all " + acked + " acknowledged transfers included after restart ("
                + included + " applied)");
        JsonObject verify = client.post("/rpc/admin/verifyChain", JsonObject.EMPTY_JSON_OBJECT, "X-Api-Key", ADMIN);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(0, Http.get(node.url("/rpc/mempool")).json().getJsonNumber("size").longValue());
    }
}
