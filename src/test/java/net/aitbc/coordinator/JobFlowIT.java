package net.aitbc.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jobs from client to miner and their money on chain, through HTTP against the shared coordinator site (two
 * coordinator-only servers on one PostgreSQL, a separate node): the paid flow with exact balances, the refunds,
 * conservation, and the error paths of coordinator.md. Each test has its own keys, wallets and a model name of
 * its own, so no other test's miner can take its jobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobFlowIT {

    private CoordinatorCluster site;
    private LibertyServer a;
    private LibertyServer b;

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
        a = site.a;
        b = site.b;
    }

    private static String model() {
        return "model-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonObject job(String model, Long amount, Integer ttl) {
        var body = Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("model", model)
                .add("prompt", "why is the sky blue?").add("options", Json.createObjectBuilder().add("seed", 42)));
        if (amount != null) {
            body.add("payment_amount", amount);
        }
        if (ttl != null) {
            body.add("ttl_seconds", ttl);
        }
        return body.build();
    }

    private static Http.Response submit(LibertyServer s, String key, JsonObject body) {
        return Http.post(s.url("/v1/jobs"), body.toString(), "X-Api-Key", key);
    }

    private static JsonObject view(LibertyServer s, String key, String jobId) {
        Http.Response r = Http.get(s.url("/v1/jobs/" + jobId), "X-Api-Key", key);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    /** Signs the lock the job view asks for, with {@code change} applied to it. */
    private SignedTx lock(Ed25519.KeyPair payer, JsonObject view, long amount, String reference) {
        JsonObject p = view.getJsonObject("payment");
        long nonce = site.client.balance(payer.address()).nextNonce();
        return SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK, nonce, 0, EscrowPayload.lock(amount,
                p.getString("arbiter"), p.getJsonNumber("expires_at_height").longValue(), reference), payer);
    }

    private static Http.Response pay(LibertyServer s, String key, String jobId, SignedTx lock, long amount) {
        return Http.post(s.url("/v1/payments"), Json.createObjectBuilder().add("job_id", jobId).add("amount", amount)
                .add("payment_tx", lock.toWire()).build().toString(), "X-Api-Key", key);
    }

    private JsonObject awaitPayment(String key, String jobId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonObject v;
        do {
            v = view(a, key, jobId);
            if (status.equals(v.getString("payment_status", "")) && "done".equals(v.getString("settlement"))) {
                return v;
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("payment of " + jobId + " never became " + status + ": " + v + "; payment "
                + Http.get(a.url("/v1/jobs/" + jobId + "/payment"), "X-Api-Key", key).body());
    }

    private long balance(String address) {
        return site.client.balance(address).balance();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(Http.Response r, int status, String error, String field) {
        assertEquals(status, r.status(), r.toString());
        JsonObject e = r.json();
        assertEquals(status, e.getInt("status"), r.toString());
        assertNotNull(e.getString("request_id", null), r.toString());
        if (error != null) {
            assertEquals(error, e.getString("error"), r.toString());
        }
        if (field != null) {
            assertEquals(field, e.getString("field", null), r.toString());
        }
    }

    @Test
    void aPaidJobRunsOnceItsEscrowIsAdmittedAndSettlesExactlyOnChain() {
        Ed25519.KeyPair payer = site.fundedAccount();
        String key = site.clientKey();
        String model = model();
        Ed25519.KeyPair minerWallet = Ed25519.generate();
        TestMiner miner = new TestMiner(site.minerKey(), minerWallet.address())
                .register(a, TestMiner.gpu("NVIDIA RTX 4090", 24, "12.2", model + ":latest"), 5);
        long payerBefore = balance(payer.address());
        long coordinatorBefore = balance(site.receiptKey.address());

        Http.Response submitted = submit(a, key, job(model, 1000L, null));
        assertEquals(201, submitted.status(), submitted.toString());
        JsonObject v = submitted.json();
        String jobId = v.getString("job_id");
        assertTrue(jobId.matches("job_[0-9a-f]{32}"), jobId);
        assertEquals("QUEUED", v.getString("state"));
        assertEquals("awaiting_escrow", v.getString("payment_status"));
        JsonObject p = v.getJsonObject("payment");
        assertEquals(1000, p.getInt("amount"));
        assertEquals(site.receiptKey.address(), p.getString("arbiter"));
        assertEquals(jobId, p.getString("reference"));
        assertEquals("awaiting_escrow", v.getJsonObject("waiting").getString("reason"));

        assertEquals(204, miner.poll(b, 1).status(), "an unpaid job is never assigned");

        SignedTx lock = lock(payer, v, 1000, jobId);
        Http.Response paid = pay(a, key, jobId, lock, 1000);
        assertEquals(201, paid.status(), paid.toString());
        assertEquals(lock.hash(), paid.json().getString("payment_id"));
        assertEquals("escrowed", paid.json().getString("status"));

        Http.Response offered = miner.poll(b, 10);
        assertEquals(200, offered.status(), offered.toString());
        assertEquals(jobId, offered.json().getString("job_id"));
        assertEquals(model, offered.json().getJsonObject("payload").getString("model"));
        assertEquals("RUNNING", view(a, key, jobId).getString("state"));

        JsonObject result = Json.createObjectBuilder().add("output", "Rayleigh scattering").build();
        Http.Response done = miner.result(b, jobId, result, Json.createObjectBuilder().add("units", 7)
                .add("model_digest", "sha256:" + "ab".repeat(32)).add("eval_count", 12).add("prompt_eval_count", 5)
                .add("eval_duration", 123456).add("aitbc_earned", 999999).build());
        assertEquals(200, done.status(), done.toString());
        JsonObject receipt = done.json().getJsonObject("receipt");
        SignedReceipt signed = SignedReceipt.parse(receipt);
        assertEquals(site.receiptKey.address(), signed.signer());
        assertEquals(jobId, receipt.getString("job_id"));
        assertEquals(miner.id(), receipt.getString("provider"));
        assertEquals(7, receipt.getInt("units"));
        assertEquals(5, receipt.getInt("unit_price"));
        assertEquals(35, receipt.getInt("price"), "units × unit price; the miner's aitbc_earned is ignored");
        JsonObject meta = receipt.getJsonObject("metadata");
        JsonObject payload = offered.json().getJsonObject("payload");
        assertEquals("sha256:" + Hashes.hex(Hashes.sha256(CanonicalJson.bytes(payload))), meta.getString("prompt_hash"));
        assertEquals("sha256:" + Hashes.hex(Hashes.sha256(CanonicalJson.bytes(result))), meta.getString("result_hash"));
        assertEquals(model, meta.getString("model"));
        assertEquals(12, meta.getInt("eval_count"));
        assertEquals(42, meta.getJsonObject("options").getInt("seed"));
        assertFalse(receipt.toString().contains(miner.key), "no key in a receipt");

        JsonObject settled = awaitPayment(key, jobId, "released");
        EscrowState escrow = site.client.escrow(lock.hash()).orElseThrow();
        assertEquals(EscrowState.Status.SETTLED, escrow.status());
        assertEquals(signed.receiptId(), escrow.receiptId());
        assertEquals(escrow.closeTx(), settled.getString("settle_tx"));
        assertEquals(200, Http.get(site.node.url("/rpc/receipts/" + signed.receiptId())).status(),
                "the receipt is recorded on chain");
        // price 35: coordinator 5 % rounded down = 1, miner 34, payer gets 965 back
        assertEquals(34, balance(minerWallet.address()));
        assertEquals(coordinatorBefore + 1, balance(site.receiptKey.address()));
        assertEquals(payerBefore - 35, balance(payer.address()));

        Http.Response again = miner.result(b, jobId, result, JsonObject.EMPTY_JSON_OBJECT);
        assertError(again, 409, "invalid_transition", null);
        Http.Response r = Http.get(a.url("/v1/jobs/" + jobId + "/result"), "X-Api-Key", key);
        assertEquals(200, r.status(), r.toString());
        assertEquals("Rayleigh scattering", r.json().getJsonObject("result").getString("output"));
        List<String> reasons = Http.get(a.url("/v1/jobs/" + jobId + "/events"), "X-Api-Key", key).json()
                .getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> e.getString("reason")).toList();
        assertEquals(List.of("submitted_awaiting_escrow", "escrow_admitted", "assigned", "result",
                "receipt_claim_sent", "settle_sent", "settled"), reasons);
    }

    @Test
    void canceledFailedAndExpiredJobsAreRefundedInFullAndNoMoneyIsMadeOrLost() {
        Ed25519.KeyPair payer = site.fundedAccount();
        String key = site.clientKey();
        String model = model();
        TestMiner miner = new TestMiner(site.minerKey(), Ed25519.generate().address())
                .register(b, TestMiner.gpu("NVIDIA A100", 80, "12.4", model), 2);
        long payerBefore = balance(payer.address());
        String[] ids = new String[4];
        for (int i = 0; i < 4; i++) {
            JsonObject body = job(model, 500L, i == 2 ? 3 : 600);
            if (i == 2) { // a job this miner can never take, left to expire
                body = Json.createObjectBuilder(body).add("constraints", Json.createObjectBuilder().add("min_vram_gb", 1000)).build();
            }
            JsonObject v = submit(a, key, body).json();
            ids[i] = v.getString("job_id");
            SignedTx lock = lock(payer, v, 500, ids[i]);
            assertEquals(201, pay(b, key, ids[i], lock, 500).status());
            site.client.awaitIncluded(lock.hash(), Duration.ofSeconds(20));
        }
        // 0: canceled while queued; 2: left to expire (ttl 3 s); 1: failed by its miner; 3: completed (10 units × 2)
        Http.Response canceled = Http.post(a.url("/v1/jobs/" + ids[0] + "/cancel"), "", "X-Api-Key", key);
        assertEquals(200, canceled.status(), canceled.toString());
        assertError(Http.post(a.url("/v1/jobs/" + ids[0] + "/cancel"), "", "X-Api-Key", key), 409, "invalid_transition", null);
        Http.Response first = miner.poll(a, 5);
        assertEquals(ids[1], first.json().getString("job_id"), "oldest queued job first");
        assertEquals(200, miner.fail(a, ids[1], "cuda_oom").status());
        Http.Response second = miner.poll(b, 5);
        assertEquals(ids[3], second.json().getString("job_id"), "the job needing 1000 GB is not offered: " + second);
        assertEquals(200, miner.result(b, ids[3], Json.createObjectBuilder().add("output", "ok").build(),
                Json.createObjectBuilder().add("duration_ms", 9001).build()).status());

        awaitPayment(key, ids[0], "refunded");
        awaitPayment(key, ids[1], "refunded");
        JsonObject expired = awaitPayment(key, ids[2], "refunded");
        assertEquals("EXPIRED", expired.getString("state"));
        JsonObject completed = awaitPayment(key, ids[3], "released");
        assertEquals(10, completed.getInt("units"), "9001 ms is 10 started gpu seconds");
        assertEquals(payerBefore - 20, balance(payer.address()), "only the completed job cost anything");

        JsonObject verified = Http.post(site.node.url("/rpc/admin/verifyChain"), "", "X-Api-Key",
                CoordinatorCluster.ADMIN).json();
        assertTrue(verified.getBoolean("valid"), "supply = balances + open escrows = genesis + mints: " + verified);
    }

    @Test
    void credentialsOfTheWrongKindAreRefusedAndNoKeyIsEverShown() {
        String clientKey = site.clientKey();
        String minerKey = site.minerKey();
        JsonObject body = job(model(), null, null);
        assertError(Http.post(a.url("/v1/jobs"), body.toString()), 401, "unauthorized", null);
        assertError(submit(a, "not-a-key", body), 401, "unauthorized", null);
        assertError(submit(a, minerKey, body), 403, "forbidden", null);
        assertError(submit(a, CoordinatorCluster.ADMIN, body), 403, "forbidden", null);
        assertError(Http.post(a.url("/v1/miners/poll"), "{}", "X-Api-Key", clientKey), 403, "forbidden", null);
        assertError(Http.get(a.url("/v1/miners"), "X-Api-Key", clientKey), 403, "forbidden", null);
        Http.Response admin = Http.get(a.url("/v1/miners"), "X-Api-Key", CoordinatorCluster.ADMIN);
        assertEquals(200, admin.status(), admin.toString());
        assertFalse(admin.body().contains("-key-"), "admin views show ids, never keys");
    }

    @Test
    void anotherClientsJobIsNotFoundAndBadConstraintsAre422WithNothingCreated() {
        String alice = site.clientKey();
        String bob = site.clientKey();
        String jobId = submit(a, alice, job(model(), null, null)).json().getString("job_id");
        assertError(Http.get(b.url("/v1/jobs/" + jobId), "X-Api-Key", bob), 404, "not_found", null);
        assertError(Http.post(b.url("/v1/jobs/" + jobId + "/cancel"), "", "X-Api-Key", bob), 404, "not_found", null);
        assertEquals(200, Http.get(b.url("/v1/jobs/" + jobId), "X-Api-Key", alice).status());

        JsonObject bad = Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("prompt", "x"))
                .add("constraints", Json.createObjectBuilder().add("min_vram_gb", "lots")).build();
        assertError(submit(a, bob, bad), 422, "invalid_constraints", "constraints.min_vram_gb");
        JsonObject unknown = Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("prompt", "x"))
                .add("constraints", Json.createObjectBuilder().add("gpu_count", 8)).build();
        assertError(submit(a, bob, unknown), 422, "invalid_constraints", "constraints.gpu_count");
        assertError(submit(a, bob, Json.createObjectBuilder().add("payload", "text").build()), 400, null, "payload");
        assertError(submit(a, bob, job(model(), null, null).entrySet().stream().collect(Json::createObjectBuilder,
                (o, e) -> o.add(e.getKey(), e.getValue()), (x, y) -> { }).add("payment_amount", 10.5).build()),
                400, null, "payment_amount");
        assertEquals(0, Http.get(a.url("/v1/jobs"), "X-Api-Key", bob).json().getJsonArray("jobs").size(),
                "a refused submission creates nothing");
    }

    @Test
    void aLockForAnotherJobOrTooSmallIsRefusedAndTheJobStaysUnfunded() {
        Ed25519.KeyPair payer = site.fundedAccount();
        String key = site.clientKey();
        JsonObject v1 = submit(a, key, job(model(), 500L, null)).json();
        JsonObject v2 = submit(a, key, job(model(), 500L, null)).json();
        String id1 = v1.getString("job_id");
        SignedTx forOther = lock(payer, v1, 500, v2.getString("job_id"));
        assertError(pay(a, key, id1, forOther, 500), 400, "invalid_field", "payment_tx.payload.reference");
        SignedTx tooSmall = lock(payer, v1, 499, id1);
        assertError(pay(a, key, id1, tooSmall, 499), 400, "invalid_field", "payment_tx.payload.amount");
        assertError(Http.post(a.url("/v1/payments"), "{\"job_id\": \"" + id1 + "\", \"amount\": 500}", "X-Api-Key", key),
                400, "invalid_field", "payment_tx");
        Ed25519.KeyPair broke = Ed25519.generate();
        SignedTx unfunded = lock(broke, v1, 500, id1);
        assertError(pay(a, key, id1, unfunded, 500), 400, "insufficient_balance", null);
        for (SignedTx tx : List.of(forOther, tooSmall, unfunded)) {
            assertEquals(404, Http.get(site.node.url("/rpc/tx/" + tx.hash())).status(), "never reached the chain");
        }
        assertEquals("awaiting_escrow", view(a, key, id1).getString("payment_status"));
        assertError(Http.post(a.url("/v1/payments"), "{\"job_id\": \"" + id1 + "\", \"amount\": 500, \"payment_tx\": "
                + lock(payer, v1, 500, id1).toWire() + "}", "X-Api-Key", site.clientKey()), 404, "not_found", null);
    }

    @Test
    void onlyTheAssignedMinerMayAnswerAndOnlyWhileRunning() {
        String key = site.clientKey();
        String model = model();
        TestMiner one = new TestMiner(site.minerKey(), null).register(a, TestMiner.gpu("RTX 3090", 24, "12.1", model), 1);
        TestMiner other = new TestMiner(site.minerKey(), null).register(a, TestMiner.gpu("RTX 3090", 24, "12.1", model), 1);
        String jobId = submit(a, key, job(model, null, null)).json().getString("job_id");
        assertEquals(jobId, one.poll(a, 5).json().getString("job_id"));
        assertError(other.result(a, jobId, Json.createObjectBuilder().add("output", "x").build(),
                JsonObject.EMPTY_JSON_OBJECT), 403, "not_assigned", null);
        assertError(other.fail(a, jobId, "nope"), 403, "not_assigned", null);
        assertEquals(425, Http.get(a.url("/v1/jobs/" + jobId + "/result"), "X-Api-Key", key).status());
        assertEquals(200, one.result(a, jobId, Json.createObjectBuilder().add("output", "x").build(),
                Json.createObjectBuilder().add("units", 1).build()).status());
        assertError(one.fail(a, jobId, "late"), 409, "invalid_transition", null);
        assertError(Http.post(a.url("/v1/jobs/" + jobId + "/cancel"), "", "X-Api-Key", key), 409, "invalid_transition", null);
    }
}
