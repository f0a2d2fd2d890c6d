package net.aitbc.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Propagation must not depend on the order in which servers start. The followers start first, so their sync
 * rounds find the authority down and open its breaker; then the authority starts, and later restarts. Each time,
 * a transaction sent to a follower must be relayed to the authority and its block pushed to both followers within
 * a few block times, although the polling interval (and the open breaker) would take far longer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagationIT {

    /** Polling alone would need up to eight skipped rounds of this after the breaker opened. */
    private static final String SYNC_INTERVAL_SECONDS = "3";
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);

    private LibertyServer authority;
    private LibertyServer followerA;
    private LibertyServer followerB;

    @AfterAll
    void stop() {
        for (LibertyServer s : new LibertyServer[] {authority, followerA, followerB}) {
            if (s != null) {
                s.stop();
            }
        }
    }

    @Test
    void followersStartedFirstAndAnAuthorityRestartDoNotSlowPropagation() throws Exception {
        TestChain chain = TestChain.create("propagation", 1, 2);
        int pa = LibertyServer.freePort();
        int pb = LibertyServer.freePort();
        int pc = LibertyServer.freePort();
        String ua = "http://127.0.0.1:" + pa;
        String ub = "http://127.0.0.1:" + pb;
        String uc = "http://127.0.0.1:" + pc;
        Map<String, String> common = Map.of("AITBC_ROLES", "node", "AITBC_SYNC_INTERVAL_SECONDS",
                SYNC_INTERVAL_SECONDS, "AITBC_BLOCK_TIME_SECONDS", "1");
        authority = LibertyServer.named("it-prop-authority").port(pc).env(chain.authorityEnv(0))
                .env("AITBC_PEERS", ua + "," + ub).env(common).create();
        followerA = LibertyServer.named("it-prop-follower-a").port(pa).env(chain.followerEnv())
                .env("AITBC_PEERS", uc + "," + ub).env(common).create();
        followerB = LibertyServer.named("it-prop-follower-b").port(pb).env(chain.followerEnv())
                .env("AITBC_PEERS", uc + "," + ua).env(common).create();

        LibertyServer.startAllAndAwaitReady(followerA, followerB);
        awaitBreakerOpen(followerA, uc);
        authority.startAndAwaitReady();
        assertPropagatesQuickly(chain.account(0), "after the followers started first");

        authority.kill();
        awaitBreakerOpen(followerA, uc);
        authority.start().awaitReady(Duration.ofSeconds(120));
        assertPropagatesQuickly(chain.account(1), "after the authority restarted");
    }

    /** A transfer sent to follower A: included by the authority and on both followers within the bound. */
    private void assertPropagatesQuickly(Ed25519.KeyPair from, String when) {
        ChainClient viaA = new ChainClient(followerA.baseUrl());
        // a fresh JVM builds its first block in seconds (JIT, first queries): a transfer sent to the authority
        // itself takes that cost, and reaches the followers by the same push, before the one that is timed
        String warmUp = new ChainClient(authority.baseUrl()).transfer(from, Ed25519.generate().address(), 1, 1);
        viaA.awaitIncluded(warmUp, Duration.ofSeconds(60));
        new ChainClient(followerB.baseUrl()).awaitIncluded(warmUp, Duration.ofSeconds(60));
        long start = System.nanoTime();
        String hash = viaA.transfer(from, Ed25519.generate().address(), 25, 1);
        long height = new ChainClient(authority.baseUrl()).awaitIncluded(hash, Duration.ofSeconds(60));
        long onA = viaA.awaitIncluded(hash, Duration.ofSeconds(60));
        long onB = new ChainClient(followerB.baseUrl()).awaitIncluded(hash, Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("PropagationIT " + when + ": sent to follower A, included at " + height
                + " and on both followers in " + took.toMillis() + " ms");
        assertEquals(height, onA);
        assertEquals(height, onB);
        assertTrue(took.compareTo(PROPAGATION_BOUND) <= 0, when + ": propagation took " + took.toMillis()
                + " ms (bound " + PROPAGATION_BOUND.toMillis() + " ms): it fell back to polling");
    }

    /** Waits until the follower's sync has given up on the authority for a while (breaker open). */
    private static void awaitBreakerOpen(LibertyServer follower, String authorityUrl) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonObject p : Http.get(follower.url("/rpc/syncStatus")).json().getJsonArray("peers")
                    .getValuesAs(JsonObject.class)) {
                if (p.getString("url").equals(authorityUrl) && p.getString("state").equals("backoff")) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the follower never backed off from the absent authority: "
                + Http.get(follower.url("/rpc/syncStatus")).body());
    }
}
