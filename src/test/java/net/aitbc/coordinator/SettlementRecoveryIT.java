package net.aitbc.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.platform.security.EncryptedKeyFile;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Settlement survives a crash, on the embedded database: a paid job completes while its chain node is down (the
 * settlement cannot start), the coordinator is killed with SIGKILL, the node comes back, the coordinator
 * restarts, and the job settles on start-up, exactly once: one receipt claim, one settle, every balance exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementRecoveryIT {

    private static final String CLIENT = "recovery-client-key-0123456789";
    private static final String MINER = "recovery-miner-key-0123456789";
    private LibertyServer node;
    private LibertyServer coordinator;

    @AfterAll
    void stop() {
        if (coordinator != null) {
            coordinator.stop();
        }
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void aJobThatEndedBeforeAKillMinus9SettlesOnRestartExactlyOnce() throws Exception {
        TestChain chain = TestChain.create("recovery", 1, 2);
        node = LibertyServer.named("it-recovery-node").env(chain.authorityEnv(0)).env("AITBC_BLOCK_TIME_SECONDS", "1")
                .env("AITBC_ROLES", "node").env("ADMIN_API_KEYS", "recovery-admin-key").create();
        Ed25519.KeyPair receiptKey = Ed25519.generate();
        Path keyFile = Files.createTempDirectory("recovery").resolve("receipt-key.json");
        EncryptedKeyFile.write(keyFile, receiptKey.seed(), "recovery-pw".toCharArray(), Map.of());
        coordinator = LibertyServer.named("it-recovery-coordinator").env("AITBC_ROLES", "coordinator")
                .env("AITBC_CHAIN_URL", node.baseUrl()).env("CLIENT_API_KEYS", CLIENT).env("MINER_API_KEYS", MINER)
                .env("RECEIPT_KEY_PASSWORD", "recovery-pw").env("AITBC_RECEIPT_KEY_FILE", keyFile.toString()).create();
        LibertyServer.startAllAndAwaitReady(node, coordinator);
        ChainClient client = new ChainClient(node.baseUrl());
        Ed25519.KeyPair payer = chain.account(0);
        long payerBefore = client.balance(payer.address()).balance();
        Ed25519.KeyPair minerWallet = Ed25519.generate();
        TestMiner miner = new TestMiner(MINER, minerWallet.address())
                .register(coordinator, TestMiner.gpu("RTX 4090", 24, "12.2", "llama3"), 10);

        Http.Response submitted = Http.post(coordinator.url("/v1/jobs"), "{\"payload\": {\"model\": \"llama3\","
                + " \"prompt\": \"p\"}, \"payment_amount\": 1000}", "X-Api-Key", CLIENT);
        assertEquals(201, submitted.status(), submitted.toString());
        JsonObject v = submitted.json();
        String jobId = v.getString("job_id");
        JsonObject p = v.getJsonObject("payment");
        SignedTx lock = SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK, client.balance(payer.address())
                .nextNonce(), 0, EscrowPayload.lock(1000, p.getString("arbiter"),
                p.getJsonNumber("expires_at_height").longValue(), jobId), payer);
        assertEquals(201, Http.post(coordinator.url("/v1/payments"), Json.createObjectBuilder().add("job_id", jobId)
                .add("amount", 1000).add("payment_tx", lock.toWire()).build().toString(), "X-Api-Key", CLIENT).status());
        client.awaitIncluded(lock.hash(), Duration.ofSeconds(20));
        assertEquals(jobId, miner.poll(coordinator, 10).json().getString("job_id"));

        node.stop(); // the chain is away: the job's end cannot reach it
        Http.Response done = miner.result(coordinator, jobId, Json.createObjectBuilder().add("output", "ok").build(),
                Json.createObjectBuilder().add("units", 4).build());
        assertEquals(200, done.status(), done.toString());
        Thread.sleep(3000); // a settlement round or two fail against the missing node
        JsonObject pending = Http.get(coordinator.url("/v1/jobs/" + jobId), "X-Api-Key", CLIENT).json();
        assertEquals("pending", pending.getString("settlement"), pending.toString());
        coordinator.kill(); // SIGKILL between the job's end and its settlement

        node.startAndAwaitReady();
        coordinator.startAndAwaitReady();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject after;
        do {
            Thread.sleep(500);
            after = Http.get(coordinator.url("/v1/jobs/" + jobId), "X-Api-Key", CLIENT).json();
        } while (!"released".equals(after.getString("payment_status")) && System.nanoTime() < deadline);
        assertEquals("released", after.getString("payment_status"), after.toString());

        EscrowState escrow = client.escrow(lock.hash()).orElseThrow();
        assertEquals(EscrowState.Status.SETTLED, escrow.status());
        String receiptId = after.getString("receipt_id");
        assertEquals(receiptId, escrow.receiptId());
        assertEquals(1, client.get("/rpc/transactions/search?receipt_id=" + receiptId).getJsonArray("transactions")
                .size(), "one receipt claim");
        List<JsonObject> settles = client.get("/rpc/address/" + receiptKey.address() + "?limit=100")
                .getJsonArray("transactions").getValuesAs(JsonObject.class).stream()
                .filter(t -> "ESCROW_SETTLE".equals(t.getString("type"))).toList();
        assertEquals(1, settles.size(), "one settle: " + settles);
        // price 4 × 10 = 40: coordinator 2 (5 %), miner 38, the payer gets 960 back
        assertEquals(38, client.balance(minerWallet.address()).balance());
        assertEquals(2, client.balance(receiptKey.address()).balance());
        assertEquals(payerBefore - 40, client.balance(payer.address()).balance());
        JsonObject verified = Http.post(node.url("/rpc/admin/verifyChain"), "", "X-Api-Key", "recovery-admin-key").json();
        assertTrue(verified.getBoolean("valid"), "supply = balances + open escrows = genesis + mints: " + verified);
    }
}
