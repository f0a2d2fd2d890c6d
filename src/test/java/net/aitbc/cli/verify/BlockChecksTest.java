package net.aitbc.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.crypto.MerkleRoot;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import org.junit.jupiter.api.Test;

/** The offline checks of {@code aitbc verify block|bundle} on blocks made here by the chain's own sealing code. */
class BlockChecksTest {

    private final Ed25519.KeyPair proposer = Ed25519.generate();
    private final Ed25519.KeyPair sender = Ed25519.generate();

    private JsonObject block(int txs) {
        List<SignedTx> list = new ArrayList<>();
        for (int i = 0; i < txs; i++) {
            list.add(SignedTx.sign("test-chain", TxType.TRANSFER, i, 1, Json.createObjectBuilder()
                    .add("recipient", Ed25519.generate().address()).add("amount", 10 + i).build(), sender));
        }
        String root = MerkleRoot.of(list.stream().map(SignedTx::hash).toList());
        BlockHeader h = BlockHeader.seal("test-chain", 7, Hashes.prefixed(new byte[32]), 1_764_000_000_000L,
                txs, root, Hashes.prefixed(Hashes.sha256(new byte[] {1})), proposer);
        JsonArrayBuilder wire = Json.createArrayBuilder();
        list.forEach(t -> wire.add(t.toWire()));
        return Json.createObjectBuilder(h.toJson()).add("transactions", wire).build();
    }

    private static JsonObject bundleOf(JsonObject block, Ed25519.KeyPair signer) {
        var header = Json.createObjectBuilder(block);
        header.remove("transactions");
        JsonArrayBuilder hashes = Json.createArrayBuilder();
        block.getJsonArray("transactions").forEach(v -> hashes.add(SignedTx.fromWire(v.asJsonObject()).hash()));
        return Json.createObjectBuilder().add("format", BlockChecks.BLOCK_PROOF).add("chain_id", "test-chain")
                .add("header", header).add("tx_hashes", hashes).add("signer", Json.createObjectBuilder()
                        .add("address", signer.address()).add("public_key", signer.publicKeyHex())).build();
    }

    @Test
    void aSealedBlockVerifiesUnderItsProposersKey() {
        Checks c = BlockChecks.block(block(3), proposer.publicKey());
        assertTrue(c.ok(), c.lines());
        assertEquals(List.of("header hash", "transactions", "tx root", "proposer signature"),
                c.all().stream().map(Checks.Check::name).toList());
    }

    @Test
    void anotherKeyAMissingKeyAnAlteredTransactionOrHeaderFail() {
        JsonObject b = block(2);
        assertFalse(BlockChecks.block(b, Ed25519.generate().publicKey()).ok(), "a key that is not the proposer's");
        assertFalse(BlockChecks.block(b, null).ok(), "no key: the signature is not shown valid");
        String altered = b.toString().replace("\"amount\":10", "\"amount\":11");
        Checks tx = BlockChecks.block(Json.createReader(new java.io.StringReader(altered)).readObject(),
                proposer.publicKey());
        assertFalse(tx.ok(), tx.lines());
        assertTrue(tx.lines().contains("FAIL  transactions"), tx.lines());
        JsonObject otherTime = Json.createObjectBuilder(b).add("timestamp", "2026-01-01T00:00:00.000Z").build();
        Checks header = BlockChecks.block(otherTime, proposer.publicKey());
        assertTrue(header.lines().contains("FAIL  header hash"), header.lines());
    }

    @Test
    void theExplorersBlockBundleVerifiesAndAnAlteredOneDoesNot() {
        JsonObject bundle = bundleOf(block(4), proposer);
        assertTrue(BlockChecks.blockBundle(bundle).ok(), BlockChecks.blockBundle(bundle).lines());
        var fewer = Json.createObjectBuilder(bundle).add("tx_hashes", Json.createArrayBuilder(
                bundle.getJsonArray("tx_hashes").subList(0, 3))).build();
        assertTrue(BlockChecks.blockBundle(fewer).lines().contains("FAIL  tx root"));
        JsonObject foreign = bundleOf(block(1), Ed25519.generate());
        assertTrue(BlockChecks.blockBundle(foreign).lines().contains("FAIL  proposer signature"));
        JsonObject otherChain = Json.createObjectBuilder(bundle).add("chain_id", "other").build();
        assertTrue(BlockChecks.blockBundle(otherChain).lines().contains("FAIL  chain id"));
    }
}
