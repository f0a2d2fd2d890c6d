package net.aitbc.chain.crypto;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.StateRoot;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.chain.protocol.TxType;

/**
 * Builds the published test vectors (docs/test-vectors/chain-v1.json) from fixed seeds. Ed25519 is
 * deterministic, so the file never changes unless a rule does. Regenerate with
 * {@code mvn -q test-compile exec:java} or by running {@link #main}.
 */
public final class TestVectors {

    public static final Path FILE = Path.of("docs/test-vectors/chain-v1.json");

    private TestVectors() {
    }

    static byte[] seed(int first) {
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) {
            s[i] = (byte) (first + i);
        }
        return s;
    }

    public static JsonObject generate() {
        Ed25519.KeyPair sender = Ed25519.KeyPair.fromSeed(seed(0x00));
        Ed25519.KeyPair recipient = Ed25519.KeyPair.fromSeed(seed(0x40));
        Ed25519.KeyPair authority = Ed25519.KeyPair.fromSeed(seed(0x20));

        JsonObject genesisFile = Json.createObjectBuilder().add("chain_id", "ait-devnet")
                .add("timestamp", "2026-01-28T00:00:00.000Z")
                .add("authorities", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "node1")
                        .add("address", authority.address()).add("public_key", authority.publicKeyHex())))
                .add("allocations", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("address", sender.address()).add("amount", 1_000_000)))
                .add("params", Json.createObjectBuilder().add("max_txs_per_block", 500)
                        .add("max_block_size_bytes", 1_048_576).add("faucet", true).add("proposer_timeout_seconds", 10))
                .build();
        Genesis genesis = Genesis.parse(genesisFile);
        BlockHeader g = genesis.block();

        SignedTx tx = SignedTx.sign("ait-devnet", TxType.TRANSFER, 0, 10,
                Json.createObjectBuilder().add("recipient", recipient.address()).add("amount", 2500).build(), sender);
        SignedTx tx2 = SignedTx.sign("ait-devnet", TxType.TRANSFER, 1, 3,
                Json.createObjectBuilder().add("recipient", recipient.address()).add("amount", 100).build(), sender);
        List<String> hashes = List.of(tx.hash(), tx2.hash());
        List<AccountState> after = List.of(new AccountState(sender.address(), 1_000_000 - 2510 - 103, 2),
                new AccountState(recipient.address(), 2600, 0), new AccountState(authority.address(), 13, 0));
        String stateRoot = StateRoot.next(g.stateRoot(), after);
        long time = Timestamps.parse("2026-11-25T01:14:32.123Z");
        BlockHeader block = BlockHeader.seal("ait-devnet", 1, g.hash(), time, 2, MerkleRoot.of(hashes), stateRoot,
                authority);

        JsonObject escrow = escrowVectors(genesis, block, after, sender, recipient, authority);

        JsonArrayBuilder merkle = Json.createArrayBuilder();
        for (int n : new int[] {0, 1, 2, 3, 5}) {
            JsonArrayBuilder leaves = Json.createArrayBuilder();
            List<String> list = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String leaf = Hashes.prefixed(Hashes.sha256(new byte[] {(byte) i}));
                list.add(leaf);
                leaves.add(leaf);
            }
            merkle.add(Json.createObjectBuilder().add("tx_hashes", leaves).add("tx_root", MerkleRoot.of(list)));
        }

        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("version", "1.0")
                .add("receipt_id", "rcpt-0001").add("job_id", "job-0001").add("provider", "miner-1")
                .add("client", "client-1").add("status", "COMPLETED").add("units", 12)
                .add("unit_type", "gpu_seconds").add("unit_price", 3).add("price", 36)
                .add("started_at", "2026-11-25T01:00:00.000Z").add("completed_at", "2026-11-25T01:00:12.000Z")
                .add("metadata", Json.createObjectBuilder().add("result_hash", "0x" + "11".repeat(32))).build(),
                authority);

        return Json.createObjectBuilder()
                .add("description", "AITBC chain test vectors v1: rules in docs/chain-format.md. Seeds are 32 "
                        + "consecutive bytes starting at the given value.")
                .add("keys", Json.createArrayBuilder()
                        .add(key("sender", 0x00, sender)).add(key("recipient", 0x40, recipient))
                        .add(key("authority", 0x20, authority)))
                .add("transaction", Json.createObjectBuilder().add("wire", tx.toWire())
                        .add("signing_bytes_hex", Hashes.hex(tx.signingBytes()))
                        .add("signing_bytes_utf8", new String(tx.signingBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .add("tx_hash", tx.hash()))
                .add("second_transaction", Json.createObjectBuilder().add("wire", tx2.toWire()).add("tx_hash", tx2.hash()))
                .add("merkle", merkle)
                .add("genesis", Json.createObjectBuilder().add("file", genesisFile)
                        .add("state_root", g.stateRoot()).add("hash", g.hash()))
                .add("block", Json.createObjectBuilder().add("header", block.toJson())
                        .add("accounts_after", Json.createArrayBuilder(after.stream().map(AccountState::toJson).toList()))
                        .add("tx_hashes", Json.createArrayBuilder(hashes)))
                .add("escrow", escrow)
                .add("receipt", Json.createObjectBuilder().add("signed", receipt)
                        .add("signing_bytes_utf8", new String(SignedReceipt.signingBytes(receipt),
                                java.nio.charset.StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * Blocks 2 and 3 after the block above: block 2 holds two locks by the sender for the recipient as arbiter
     * (one expiring at height 10, one at 3); block 3 the arbiter's settle of the first (naming no receipt) and the
     * sender's reclaim of the second. Applied with the chain's own rules; the file lists every account and escrow
     * each block changed, which is what its state_root commits to.
     */
    private static JsonObject escrowVectors(Genesis genesis, BlockHeader parent, List<AccountState> state1,
                                            Ed25519.KeyPair payer, Ed25519.KeyPair arbiter, Ed25519.KeyPair authority) {
        java.util.Map<String, AccountState> state = new java.util.HashMap<>();
        genesis.allocations().forEach(a -> state.put(a.address(), a));
        state1.forEach(a -> state.put(a.address(), a));
        java.util.Map<String, EscrowState> escrows = new java.util.HashMap<>();
        SignedTx lock = SignedTx.sign("ait-devnet", TxType.ESCROW_LOCK, 2, 5,
                EscrowPayload.lock(5000, arbiter.address(), 10, "job-0001"), payer);
        SignedTx shortLock = SignedTx.sign("ait-devnet", TxType.ESCROW_LOCK, 3, 5,
                EscrowPayload.lock(700, arbiter.address(), 3, null), payer);
        SignedTx settle = SignedTx.sign("ait-devnet", TxType.ESCROW_SETTLE, 0, 2,
                EscrowPayload.settle(lock.hash(), List.of(new EscrowPayload.Payout(authority.address(), 4750),
                        new EscrowPayload.Payout(arbiter.address(), 250)), null), arbiter);
        SignedTx reclaim = SignedTx.sign("ait-devnet", TxType.ESCROW_RECLAIM, 4, 1,
                EscrowPayload.reclaim(shortLock.hash()), payer);
        JsonArrayBuilder blocks = Json.createArrayBuilder();
        BlockHeader prev = parent;
        long time = parent.timestamp();
        for (List<SignedTx> txs : List.of(List.of(lock, shortLock), List.of(settle, reclaim))) {
            net.aitbc.chain.ledger.AccountBook book = new net.aitbc.chain.ledger.AccountBook(
                    a -> state.getOrDefault(a, new AccountState(a, 0, 0)),
                    id -> java.util.Optional.ofNullable(escrows.get(id)));
            net.aitbc.chain.ledger.StateTransition rules = new net.aitbc.chain.ledger.StateTransition(genesis, r -> false);
            long height = prev.height() + 1;
            for (SignedTx t : txs) {
                rules.apply(t, book, authority.address(), height, new java.util.HashSet<>());
            }
            List<AccountState> accounts = book.changed().values().stream()
                    .sorted(java.util.Comparator.comparing(AccountState::address)).toList();
            List<EscrowState> changedEscrows = book.presentEscrows().stream()
                    .sorted(java.util.Comparator.comparing(EscrowState::escrowId)).toList();
            time += 2000;
            BlockHeader h = BlockHeader.seal("ait-devnet", height, prev.hash(), time, txs.size(),
                    MerkleRoot.of(txs.stream().map(SignedTx::hash).toList()),
                    StateRoot.next(prev.stateRoot(), accounts, changedEscrows), authority);
            state.putAll(book.changed());
            changedEscrows.forEach(e -> escrows.put(e.escrowId(), e));
            JsonArrayBuilder wires = Json.createArrayBuilder();
            txs.forEach(t -> wires.add(Json.createObjectBuilder().add("wire", t.toWire()).add("tx_hash", t.hash())
                    .add("signing_bytes_utf8", new String(t.signingBytes(), java.nio.charset.StandardCharsets.UTF_8))));
            blocks.add(Json.createObjectBuilder().add("header", h.toJson()).add("transactions", wires)
                    .add("accounts_after", Json.createArrayBuilder(accounts.stream().map(AccountState::toJson).toList()))
                    .add("escrows_after", Json.createArrayBuilder(changedEscrows.stream().map(EscrowState::toJson).toList()))
                    .add("escrow_commitments", Json.createArrayBuilder(changedEscrows.stream()
                            .map(EscrowState::commitment).toList())));
            prev = h;
        }
        return Json.createObjectBuilder()
                .add("description", "Blocks 2 and 3, after block 1 above: two ESCROW_LOCKs by the sender with the "
                        + "recipient as arbiter; then the arbiter's ESCROW_SETTLE of the first (payouts add up to the "
                        + "locked 5000) and the sender's ESCROW_RECLAIM of the second (expired at height 3). "
                        + "state_root adds \"escrows\": the changed escrows' {escrow_id, status, amount} sorted by id.")
                .add("blocks", blocks).build();
    }

    private static JsonObject key(String name, int seedStart, Ed25519.KeyPair k) {
        return Json.createObjectBuilder().add("name", name).add("seed_hex", Hashes.hex(seed(seedStart)))
                .add("public_key", k.publicKeyHex()).add("address", k.address()).build();
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(FILE.getParent());
        var writer = Json.createWriterFactory(java.util.Map.of(jakarta.json.stream.JsonGenerator.PRETTY_PRINTING, true));
        try (var out = Files.newBufferedWriter(FILE); var w = writer.createWriter(out)) {
            w.writeObject(generate());
        }
        System.out.println("wrote " + FILE.toAbsolutePath());
    }
}
