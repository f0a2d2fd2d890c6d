package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.Http;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * A client of phase J: its own client key and funded wallet; submits its jobs one after another, each paid at
 * once with an ESCROW_LOCK signed for the job's payment instructions. Nonces are counted here (the wallet's next
 * nonce at the start, one more per lock), so locks go back to back without asking the node; a refused payment
 * takes the node's next nonce again.
 */
final class PayingClient {

    static final long AMOUNT = 10;

    private final LibertyServer coordinator;
    private final ChainClient node;
    private final String key;
    private final Ed25519.KeyPair wallet;
    private final String model;

    PayingClient(LibertyServer coordinator, ChainClient node, String key, Ed25519.KeyPair wallet, String model) {
        this.coordinator = coordinator;
        this.node = node;
        this.key = key;
        this.wallet = wallet;
        this.model = model;
    }

    void run(JobRound round, int jobs) {
        long nonce = node.balance(wallet.address()).nextNonce();
        for (int i = 0; i < jobs; i++) {
            try {
                if (submitAndPay(round, nonce, i)) {
                    nonce++;
                } else {
                    nonce = node.balance(wallet.address()).nextNonce();
                }
            } catch (RuntimeException | AssertionError e) {
                round.error("client " + key + ": " + e);
                nonce = node.balance(wallet.address()).nextNonce();
            }
        }
    }

    /** One job; false when it was not paid. */
    private boolean submitAndPay(JobRound round, long nonce, int i) {
        String body = Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("model", model)
                .add("prompt", "bench job " + i)).add("payment_amount", AMOUNT).build().toString();
        long s0 = System.nanoTime();
        Http.Response submitted = Http.post(coordinator.url("/v1/jobs"), body, "X-Api-Key", key);
        round.submit.add(System.nanoTime() - s0);
        if (submitted.status() != 201) {
            round.error("submit: " + submitted);
            return true; // no lock was signed: the nonce is still free
        }
        JsonObject view = submitted.json();
        String jobId = view.getString("job_id");
        JsonObject p = view.getJsonObject("payment");
        SignedTx lock = SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK, nonce, 0,
                EscrowPayload.lock(AMOUNT, p.getString("arbiter"), p.getJsonNumber("expires_at_height").longValue(),
                        jobId), wallet);
        String payment = Json.createObjectBuilder().add("job_id", jobId).add("amount", AMOUNT)
                .add("payment_tx", lock.toWire()).build().toString();
        long p0 = System.nanoTime();
        Http.Response paid = Http.post(coordinator.url("/v1/payments"), payment, "X-Api-Key", key);
        long p1 = System.nanoTime();
        round.pay.add(p1 - p0);
        if (paid.status() != 201) {
            round.error("pay: " + paid);
            return false;
        }
        round.paid(jobId, key, p0, p1);
        return true;
    }
}
