package net.aitbc.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real servers syncing by RPC polling (1 s here): node1 and node2 are the chain's two authorities, node3 a
 * follower at "site C" that only relays. Each test leaves the cluster running and converged; the order only
 * keeps the kill -9 scenarios last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSyncIT {

    /** node3's mempool is this small, so a count that only grows would refuse work within the class. */
    private static final int FOLLOWER_MEMPOOL = 4;
    private TestChain chain;
    private LibertyServer node1;
    private LibertyServer node2;
    private LibertyServer node3;
    private List<LibertyServer> all;

    @BeforeAll
    void start() {
        chain = TestChain.create("cluster", 2, 6);
        int p1 = LibertyServer.freePort();
        int p2 = LibertyServer.freePort();
        int p3 = LibertyServer.freePort();
        String u1 = "http://127.0.0.1:" + p1;
        String u2 = "http://127.0.0.1:" + p2;
        String u3 = "http://127.0.0.1:" + p3;
        node1 = LibertyServer.named("it-cluster-node1").port(p1).env(chain.authorityEnv(0))
                .env("DATABASE_URL", TestDatabase.create("cluster1").url()).env("AITBC_PEERS", u2 + "," + u3)
                .env(common()).create();
        node2 = LibertyServer.named("it-cluster-node2").port(p2).env(chain.authorityEnv(1))
                .env("AITBC_PEERS", u1 + "," + u3).env(common()).create();
        node3 = LibertyServer.named("it-cluster-node3").port(p3).env(chain.followerEnv())
                .env("DATABASE_URL", TestDatabase.create("cluster3").url()).env("AITBC_PEERS", u1 + "," + u2)
                .env("AITBC_MEMPOOL_MAX_SIZE", Integer.toString(FOLLOWER_MEMPOOL)).env(common()).create();
        all = List.of(node1, node2, node3);
        LibertyServer.startAllAndAwaitReady(node1, node2, node3);
    }

    private static java.util.Map<String, String> common() {
        return java.util.Map.of("AITBC_ROLES", "node", "AITBC_SYNC_INTERVAL_SECONDS", "1",
                "AITBC_BLOCK_TIME_SECONDS", "1");
    }

    @AfterAll
    void stop() {
        all.forEach(LibertyServer::stop);
    }

    private static ChainClient client(LibertyServer s) {
        return new ChainClient(s.baseUrl());
    }

    private static String hashAt(LibertyServer s, long height) {
        Http.Response r = Http.get(s.url("/rpc/blocks/" + height));
        return r.status() == 200 ? r.json().getString("hash") : null;
    }

    /** Waits until every running node has the block at {@code height} with the same hash. */
    private void awaitAgreement(long height, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> hashes = new HashSet<>();
            for (LibertyServer s : all) {
                hashes.add(String.valueOf(hashAt(s, height)));
            }
            if (hashes.size() == 1 && !hashes.contains("null")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no agreement at height " + height + ": " + hashes + " sync3 "
                        + Http.get(node3.url("/rpc/syncStatus")).body());
            }
            Thread.sleep(250);
        }
    }

    private long includeVia(LibertyServer entry, int account) {
        String hash = client(entry).transfer(chain.account(account), Ed25519.generate().address(), 17, 1);
        return client(node1).awaitIncluded(hash, Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void transferSentToTheFollowerIsIncludedAndIdenticalOnAllThree() throws Exception {
        long height = includeVia(node3, 0);
        awaitAgreement(height, Duration.ofSeconds(30));
        JsonObject block = Http.get(node3.url("/rpc/blocks/" + height)).json();
        assertTrue(Set.of(chain.authority(0).address(), chain.authority(1).address())
                .contains(block.getString("proposer")));
        JsonObject sync = Http.get(node3.url("/rpc/syncStatus")).json();
        assertEquals(2, sync.getJsonArray("peers").size());
    }

    /**
     * The follower passes transactions on and gets them back in imported blocks: its mempool fills and empties,
     * so it keeps admitting after far more than its mempool size went through it.
     */
    @Test
    @Order(2)
    void followerKeepsAdmittingAfterMoreThanItsMempoolSizeWentThroughIt() throws Exception {
        ChainClient follower = client(node3);
        for (int i = 0; i < 3 * FOLLOWER_MEMPOOL; i++) {
            String hash = follower.transfer(chain.account(5), Ed25519.generate().address(), 5, 1);
            follower.awaitIncluded(hash, Duration.ofSeconds(30));
        }
        JsonObject mempool = Http.get(node3.url("/rpc/mempool")).json();
        assertEquals(0, mempool.getJsonNumber("size").longValue(), mempool.toString());
        assertEquals(3 * FOLLOWER_MEMPOOL, follower.balance(chain.account(5).address()).nonce());
    }

    @Test
    @Order(3)
    void authoritiesTakeTurns() throws Exception {
        long last = 0;
        for (int i = 0; i < 4; i++) {
            last = includeVia(i % 2 == 0 ? node1 : node2, 1);
        }
        awaitAgreement(last, Duration.ofSeconds(30));
        Set<String> proposers = new HashSet<>();
        for (long h = 1; h <= last; h++) {
            String proposer = Http.get(node1.url("/rpc/blocks/" + h)).json().getString("proposer");
            proposers.add(proposer);
            assertEquals(chain.authority((int) (h % 2)).address(), proposer, "block " + h + " made in turn");
        }
        assertEquals(2, proposers.size(), "both authorities produced");
    }

    @Test
    @Order(4)
    void followerKilledWhileBlocksAreMadeCatchesUp() throws Exception {
        node3.kill();
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = includeVia(node1, 2);
        }
        node3.start().awaitReady(Duration.ofSeconds(180));
        awaitAgreement(last, Duration.ofSeconds(60));
    }

    @Test
    @Order(5)
    void whenOneAuthorityStopsTheOtherContinuesAndTheyConvergeWhenItReturns() throws Exception {
        node2.kill();
        all = List.of(node1, node3);
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = includeVia(node1, 3); // blocks at node2's heights come out of turn after the timeout
        }
        for (long h = last - 2; h <= last; h++) {
            assertEquals(chain.authority(0).address(),
                    Http.get(node1.url("/rpc/blocks/" + h)).json().getString("proposer"), "node1 alone at " + h);
        }
        node2.start().awaitReady(Duration.ofSeconds(180));
        all = List.of(node1, node2, node3);
        awaitAgreement(last, Duration.ofSeconds(60));
        long after = includeVia(node2, 4);
        awaitAgreement(after, Duration.ofSeconds(30));
    }
}
