package net.aitbc.chain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.util.List;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.mempool.PendingTxStore;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In-container tests of the block producer (Arquillian, the real WAR in a Liberty server): block contents and
 * order are checked without racing the timer, which this server runs once an hour.
 */
@ExtendWith(ArquillianExtension.class)
class BlockProducerIT {

    @Deployment
    static WebArchive deployment() {
        // the real WAR under another name (the server's own "aitbc" application is switched off there)
        return ShrinkWrap.create(WebArchive.class, "producer-it.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/aitbc.war")))
                .addClass(BlockProducerIT.class);
    }

    @Inject
    BlockProducer producer;
    @Inject
    Faucet faucet;
    @Inject
    Mempool mempool;
    @Inject
    PendingTxStore pendingStore;
    @Inject
    Ledger ledger;
    @Inject
    ChainConfig config;

    private Ed25519.KeyPair authority() {
        return config.proposerKey().orElseThrow();
    }

    private Ed25519.KeyPair funded(long amount) {
        Ed25519.KeyPair k = Ed25519.generate();
        faucet.mint(k.address(), amount);
        return k;
    }

    private SignedTx transfer(Ed25519.KeyPair from, long nonce, long fee) {
        return SignedTx.sign(config.chainId(), TxType.TRANSFER, nonce, fee, Json.createObjectBuilder()
                .add("recipient", Ed25519.generate().address()).add("amount", 10).build(), from);
    }

    @Test
    void highestFeeFirstButEachSendersNoncesInOrder() {
        Ed25519.KeyPair a = funded(1000);
        Ed25519.KeyPair b = funded(1000);
        Ed25519.KeyPair c = funded(1000);
        producer.produce(authority()).orElseThrow();

        SignedTx a0 = transfer(a, 0, 1);
        SignedTx a1 = transfer(a, 1, 9);
        SignedTx a2 = transfer(a, 2, 5);
        SignedTx b0 = transfer(b, 0, 3);
        SignedTx c0 = transfer(c, 0, 9);
        for (SignedTx tx : List.of(a0, a1, a2, b0, c0)) {
            mempool.submit(tx);
        }
        BlockHeader block = producer.produce(authority()).orElseThrow();
        List<String> order = ledger.transactionsIn(block.height()).stream().map(ChainTx::txHash).toList();
        // by fee: a1(9) c0(9) a2(5) b0(3) a0(1); a1 and a2 wait for a0, which then releases them in nonce order
        assertEquals(List.of(c0.hash(), b0.hash(), a0.hash(), a1.hash(), a2.hash()), order);
        assertEquals(1000 - 3 * 10 - 15, ledger.account(a.address()).balance());
        assertEquals(3, ledger.account(a.address()).nonce());
        assertTrue(mempool.find(a2.hash()).isEmpty(), "included transactions leave the mempool in the same commit");
    }

    @Test
    void noPendingTransactionNoBlock() {
        while (producer.produce(authority()).isPresent()) {
            // drain what other tests left
        }
        long height = ledger.head().orElseThrow().height();
        assertTrue(producer.produce(authority()).isEmpty());
        assertEquals(height, ledger.head().orElseThrow().height());
    }

    @Test
    void aTransactionThatBecameInvalidIsDroppedWithoutStoppingTheBlock() {
        Ed25519.KeyPair x = funded(1000);
        Ed25519.KeyPair y = funded(1000);
        producer.produce(authority()).orElseThrow();
        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("receipt_id",
                "rcpt-it-" + System.nanoTime()).add("job_id", "j").add("provider", "m").build(), Ed25519.generate());
        SignedTx first = SignedTx.sign(config.chainId(), TxType.RECEIPT_CLAIM, 0, 2,
                Json.createObjectBuilder().add("receipt", receipt).build(), x);
        SignedTx second = SignedTx.sign(config.chainId(), TxType.RECEIPT_CLAIM, 0, 1,
                Json.createObjectBuilder().add("receipt", receipt).build(), y);
        mempool.submit(first);
        // admission refuses a second claim of a receipt while the first is pending here ...
        TxRejectedException refused = assertThrows(TxRejectedException.class, () -> mempool.submit(second));
        assertEquals(RejectReason.DUPLICATE_RECEIPT, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().contains(first.hash()), refused.getMessage());
        // ... but one that reached the mempool before the first was known here (as by relay) passes; only the
        // first can be recorded
        pendingStore.insertAll(List.of(second));
        BlockHeader block = producer.produce(authority()).orElseThrow();
        List<String> included = ledger.transactionsIn(block.height()).stream().map(ChainTx::txHash).toList();
        assertEquals(List.of(first.hash()), included);
        assertFalse(mempool.find(second.hash()).isPresent(), "the invalid one is dropped from the mempool");
        assertEquals(0, ledger.account(y.address()).nonce(), "and leaves no trace in the ledger");
        assertTrue(ledger.isReceiptRecorded(receipt.getString("receipt_id")));
    }

    @Test
    void aDroppedTransactionTakesItsSendersLaterOnesWithItSoTheNextNonceIsFreeAgain() {
        Ed25519.KeyPair x = funded(1000);
        Ed25519.KeyPair y = funded(1000);
        producer.produce(authority()).orElseThrow();
        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("receipt_id",
                "rcpt-gap-" + System.nanoTime()).add("job_id", "j").add("provider", "m").build(), Ed25519.generate());
        SignedTx first = SignedTx.sign(config.chainId(), TxType.RECEIPT_CLAIM, 0, 2,
                Json.createObjectBuilder().add("receipt", receipt).build(), x);
        // y's claim of the same receipt got past admission (as if it had arrived before x's), then y went on
        SignedTx doomed = SignedTx.sign(config.chainId(), TxType.RECEIPT_CLAIM, 0, 1,
                Json.createObjectBuilder().add("receipt", receipt).build(), y);
        SignedTx afterDoomed = transfer(y, 1, 1);
        mempool.submit(first);
        pendingStore.insertAll(List.of(doomed));
        mempool.submit(afterDoomed);
        BlockHeader block = producer.produce(authority()).orElseThrow();
        assertEquals(List.of(first.hash()), ledger.transactionsIn(block.height()).stream().map(ChainTx::txHash).toList());

        assertFalse(mempool.find(doomed.hash()).isPresent(), "the invalid claim is dropped");
        assertFalse(mempool.find(afterDoomed.hash()).isPresent(),
                "the sender's later transaction can never be included after the gap: dropped with it");
        assertEquals(0, mempool.snapshotOf(y.address()).nextNonce(), "y's next nonce is the dropped one's again");
        SignedTx retry = transfer(y, 0, 1);
        mempool.submit(retry);
        BlockHeader next = producer.produce(authority()).orElseThrow();
        assertEquals(List.of(retry.hash()), ledger.transactionsIn(next.height()).stream().map(ChainTx::txHash).toList());
    }
}
