package net.aitbc.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.Timestamps;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * The published test vectors match what the code computes, and each value also checks out by an independent
 * route (Bouncy Castle's signer API, plain SHA-256 of the given bytes, hand-built Merkle pairs).
 */
class TestVectorsTest {

    private static JsonObject published() throws IOException {
        try (var r = Json.createReader(Files.newBufferedReader(TestVectors.FILE))) {
            return r.readObject();
        }
    }

    @Test
    void publishedFileMatchesTheCode() throws IOException {
        assertEquals(TestVectors.generate(), published(),
                "docs/test-vectors/chain-v1.json is stale: a hashing or signing rule changed (run TestVectors.main)");
    }

    @Test
    void transactionHashIsSha256OfTheCanonicalSigningBytes() throws IOException {
        JsonObject tx = published().getJsonObject("transaction");
        JsonObject wire = tx.getJsonObject("wire");
        byte[] signing = HexFormat.of().parseHex(tx.getString("signing_bytes_hex"));
        assertEquals(tx.getString("signing_bytes_utf8"), new String(signing, StandardCharsets.UTF_8));
        assertTrue(tx.getString("signing_bytes_utf8").startsWith("{\"chain_id\":\"ait-devnet\",\"fee\":10,"),
                "JCS sorts keys and writes no spaces");
        assertEquals("0x" + HexFormat.of().formatHex(Hashes.sha256(signing)), tx.getString("tx_hash"));
        assertTrue(independentVerify(wire.getString("public_key"), signing, wire.getString("sig")));
        SignedTx parsed = SignedTx.fromWire(wire);
        parsed.checkSignature();
        assertEquals(tx.getString("tx_hash"), parsed.hash());
    }

    /**
     * The escrow blocks: each transaction verifies and hashes by the transaction rule; each block's state_root is
     * SHA-256 of the canonical {parent_state_root, accounts, escrows} written out here by hand from the listed
     * states; the escrows' ids are their locks' hashes.
     */
    @Test
    void escrowTransactionsAndTheirStateRootsCheckOut() throws IOException {
        JsonObject v = published();
        String parentRoot = v.getJsonObject("block").getJsonObject("header").getString("state_root");
        var blocks = v.getJsonObject("escrow").getJsonArray("blocks").getValuesAs(JsonObject.class);
        assertEquals(2, blocks.size());
        java.util.Set<String> types = new java.util.HashSet<>();
        for (JsonObject b : blocks) {
            for (JsonObject t : b.getJsonArray("transactions").getValuesAs(JsonObject.class)) {
                SignedTx parsed = SignedTx.fromWire(t.getJsonObject("wire"));
                parsed.checkSignature();
                byte[] signing = t.getString("signing_bytes_utf8").getBytes(StandardCharsets.UTF_8);
                assertEquals("0x" + HexFormat.of().formatHex(Hashes.sha256(signing)), t.getString("tx_hash"));
                assertTrue(independentVerify(t.getJsonObject("wire").getString("public_key"), signing,
                        t.getJsonObject("wire").getString("sig")));
                types.add(parsed.type().name());
            }
            StringBuilder json = new StringBuilder("{\"accounts\":[");
            var accounts = b.getJsonArray("accounts_after").getValuesAs(JsonObject.class);
            for (int i = 0; i < accounts.size(); i++) {
                JsonObject a = accounts.get(i);
                json.append(i == 0 ? "" : ",").append("{\"address\":\"").append(a.getString("address"))
                        .append("\",\"balance\":").append(a.getJsonNumber("balance")).append(",\"nonce\":")
                        .append(a.getJsonNumber("nonce")).append('}');
            }
            json.append("],\"escrows\":[");
            var escrows = b.getJsonArray("escrow_commitments").getValuesAs(JsonObject.class);
            for (int i = 0; i < escrows.size(); i++) {
                JsonObject e = escrows.get(i);
                json.append(i == 0 ? "" : ",").append("{\"amount\":").append(e.getJsonNumber("amount"))
                        .append(",\"escrow_id\":\"").append(e.getString("escrow_id")).append("\",\"status\":\"")
                        .append(e.getString("status")).append("\"}");
            }
            json.append("],\"parent_state_root\":\"").append(parentRoot).append("\"}");
            String root = "0x" + HexFormat.of().formatHex(Hashes.sha256(json.toString().getBytes(StandardCharsets.UTF_8)));
            assertEquals(root, b.getJsonObject("header").getString("state_root"), "state_root of " + json);
            parentRoot = root;
        }
        assertEquals(java.util.Set.of("ESCROW_LOCK", "ESCROW_SETTLE", "ESCROW_RECLAIM"), types);
        JsonObject lock = blocks.get(0).getJsonArray("transactions").getJsonObject(0);
        JsonObject settled = blocks.get(1).getJsonArray("escrows_after").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("status").equals("SETTLED")).findFirst().orElseThrow();
        assertEquals(lock.getString("tx_hash"), settled.getString("escrow_id"), "an escrow's id is its lock's hash");
    }

    @Test
    void addressesDeriveFromPublicKeys() throws IOException {
        for (JsonObject k : published().getJsonArray("keys").getValuesAs(JsonObject.class)) {
            byte[] pub = HexFormat.of().parseHex(k.getString("public_key"));
            byte[] digest = Hashes.sha256(pub);
            assertEquals("ait1" + HexFormat.of().formatHex(digest, 0, 20), k.getString("address"));
            Ed25519.KeyPair derived = Ed25519.KeyPair.fromSeed(HexFormat.of().parseHex(k.getString("seed_hex")));
            assertEquals(k.getString("public_key"), derived.publicKeyHex());
        }
    }

    @Test
    void merkleRootsFollowThePairingRule() throws IOException {
        for (JsonObject m : published().getJsonArray("merkle").getValuesAs(JsonObject.class)) {
            var leaves = m.getJsonArray("tx_hashes").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(s -> Hashes.parseHash(s.getString())).toList();
            String expected = switch (leaves.size()) {
                case 0 -> "0x" + "0".repeat(64);
                case 1 -> Hashes.prefixed(leaves.get(0));
                case 2 -> Hashes.prefixed(Hashes.sha256(leaves.get(0), leaves.get(1)));
                case 3 -> Hashes.prefixed(Hashes.sha256(Hashes.sha256(leaves.get(0), leaves.get(1)),
                        Hashes.sha256(leaves.get(2), leaves.get(2))));
                default -> null;
            };
            if (expected != null) {
                assertEquals(expected, m.getString("tx_root"), "leaves: " + leaves.size());
            }
        }
    }

    @Test
    void blockHashAndSignatureCheckOut() throws IOException {
        JsonObject v = published();
        JsonObject h = v.getJsonObject("block").getJsonObject("header");
        String canonical = "{\"chain_id\":\"ait-devnet\",\"height\":1,\"parent_hash\":\"" + h.getString("parent_hash")
                + "\",\"proposer\":\"" + h.getString("proposer") + "\",\"state_root\":\"" + h.getString("state_root")
                + "\",\"timestamp\":\"2026-11-25T01:14:32.123Z\",\"tx_root\":\"" + h.getString("tx_root") + "\"}";
        assertEquals(h.getString("hash"), Hashes.prefixed(Hashes.sha256(canonical.getBytes(StandardCharsets.UTF_8))));
        String authorityKey = v.getJsonArray("keys").getJsonObject(2).getString("public_key");
        assertTrue(independentVerify(authorityKey, Hashes.parseHash(h.getString("hash")), h.getString("signature")));
        assertEquals(v.getJsonObject("genesis").getString("hash"), h.getString("parent_hash"));
        Genesis g = Genesis.parse(v.getJsonObject("genesis").getJsonObject("file"));
        assertEquals(v.getJsonObject("genesis").getString("hash"), g.block().hash());
        assertEquals("2026-11-25T01:14:32.123Z", Timestamps.format(Timestamps.parse(h.getString("timestamp"))));
    }

    @Test
    void aTamperedBlockOrReceiptFailsItsChecks() throws IOException {
        JsonObject v = published();
        JsonObject h = v.getJsonObject("block").getJsonObject("header");
        BlockHeader header = new BlockHeader("ait-devnet", 1, h.getString("parent_hash"), h.getString("proposer"),
                Timestamps.parse(h.getString("timestamp")) + 1, 2, h.getString("tx_root"), h.getString("state_root"),
                h.getString("hash"), h.getString("signature"));
        assertFalse(header.recomputeHash().equals(header.hash()), "a changed timestamp changes the hash");
        JsonObject receipt = v.getJsonObject("receipt").getJsonObject("signed");
        SignedReceipt.parse(receipt);
        JsonObject tampered = Json.createObjectBuilder(receipt).add("price", 37).build();
        assertEquals("invalid_receipt", org.junit.jupiter.api.Assertions.assertThrows(
                net.aitbc.chain.protocol.TxRejectedException.class, () -> SignedReceipt.parse(tampered)).code());
    }

    @Test
    void signingIsDeterministic() {
        Ed25519.KeyPair k = Ed25519.KeyPair.fromSeed(TestVectors.seed(0));
        assertArrayEquals(k.sign(new byte[] {1, 2, 3}), k.sign(new byte[] {1, 2, 3}));
    }

    private static boolean independentVerify(String publicKeyHex, byte[] message, String sigHex) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(HexFormat.of().parseHex(publicKeyHex), 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(HexFormat.of().parseHex(sigHex));
    }
}
