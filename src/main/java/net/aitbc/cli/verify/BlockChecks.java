package net.aitbc.cli.verify;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.crypto.MerkleRoot;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;

/**
 * The offline checks of a block, of the explorer's block proof bundle ({@code aitbc-block-proof-v1}) and of its
 * receipt proof bundle ({@code aitbc-receipt-proof-v1}), by the rules of docs/chain-format.md: the header's hash
 * recomputed from its canonical form, the transaction root from the transaction hashes, every transaction's
 * signature, and the proposer's Ed25519 signature over the 32 hash bytes. Pure: the commands add what a node says.
 */
final class BlockChecks {

    static final String BLOCK_PROOF = "aitbc-block-proof-v1";
    static final String RECEIPT_PROOF = "aitbc-receipt-proof-v1";

    private BlockChecks() {
    }

    /** A block as {@code /rpc/blocks/{h}} serves it; {@code proposerKey} may be null (then that check fails). */
    static Checks block(JsonObject block, byte[] proposerKey) {
        Checks c = new Checks();
        BlockHeader h = header(block, c);
        if (h == null) {
            return c;
        }
        List<String> hashes = new ArrayList<>();
        int bad = 0;
        String firstBad = null;
        JsonValue list = block.get("transactions");
        if (list == null || list.getValueType() != JsonValue.ValueType.ARRAY) {
            c.add("transactions", false, "the block has no transactions[] (a header alone: use verify bundle)");
            return c;
        }
        for (JsonValue v : list.asJsonArray()) {
            try {
                SignedTx tx = SignedTx.fromWire(v.asJsonObject());
                tx.checkSignature();
                hashes.add(tx.hash());
            } catch (RuntimeException e) {
                bad++;
                if (firstBad == null) {
                    firstBad = "transaction " + hashes.size() + ": " + e.getMessage();
                }
                hashes.add("?");
            }
        }
        c.add("transactions", bad == 0, bad == 0 ? hashes.size() + " signatures verified"
                : bad + " of " + hashes.size() + " do not verify (" + firstBad + ")");
        root(c, h, bad == 0 ? hashes : null);
        signature(c, h, proposerKey);
        return c;
    }

    /** The explorer's block proof bundle: header, tx_hashes, signer {address, public_key}. */
    static Checks blockBundle(JsonObject bundle) {
        Checks c = new Checks();
        if (!(bundle.get("header") instanceof JsonObject headerJson)) {
            c.add("format", false, "no header object");
            return c;
        }
        BlockHeader h = header(headerJson, c);
        if (h == null) {
            return c;
        }
        if (bundle.get("chain_id") instanceof JsonString id) {
            c.add("chain id", id.getString().equals(h.chainId()), "bundle " + id.getString() + ", header "
                    + h.chainId());
        }
        List<String> hashes = new ArrayList<>();
        if (bundle.get("tx_hashes") != null && bundle.get("tx_hashes").getValueType() == JsonValue.ValueType.ARRAY) {
            bundle.getJsonArray("tx_hashes").forEach(v -> hashes.add(v instanceof JsonString s
                    ? s.getString().toLowerCase() : "?"));
            root(c, h, hashes);
        } else {
            c.add("tx root", false, "the bundle lists no tx_hashes");
        }
        byte[] key = null;
        if (bundle.get("signer") instanceof JsonObject signer && signer.get("public_key") instanceof JsonString k) {
            key = Hashes.parseHex(k.getString().toLowerCase(), 32);
        }
        signature(c, h, key);
        return c;
    }

    /** The explorer's receipt proof bundle: the signed receipt and its signer's address. */
    static Checks receiptBundle(JsonObject bundle) {
        Checks c = new Checks();
        if (!(bundle.get("receipt") instanceof JsonObject receipt)) {
            c.add("format", false, "no receipt object");
            return c;
        }
        try {
            SignedReceipt r = SignedReceipt.parse(receipt);
            c.add("receipt signature", true, "receipt " + r.receiptId() + " signed by " + r.signer());
            if (bundle.get("signer") instanceof JsonString s) {
                c.add("signer", r.signer().equals(Address.normalise(s.getString())), "the bundle names "
                        + s.getString() + ", the signature is by " + r.signer());
            }
        } catch (RuntimeException e) {
            c.add("receipt signature", false, e.getMessage());
        }
        return c;
    }

    private static BlockHeader header(JsonObject json, Checks c) {
        BlockHeader h;
        try {
            h = BlockHeader.fromJson(json);
        } catch (RuntimeException e) {
            c.add("format", false, "not a block header: " + e.getMessage());
            return null;
        }
        String recomputed = h.recomputeHash();
        c.add("header hash", recomputed.equals(h.hash()), recomputed.equals(h.hash())
                ? "block " + h.height() + " hashes to " + h.hash() : "recomputed " + recomputed + ", header says "
                + h.hash());
        return h;
    }

    private static void root(Checks c, BlockHeader h, List<String> hashes) {
        if (hashes == null) {
            c.add("tx root", false, "not computed: a transaction does not verify");
            return;
        }
        String root;
        try {
            root = MerkleRoot.of(hashes);
        } catch (IllegalArgumentException e) {
            c.add("tx root", false, e.getMessage());
            return;
        }
        boolean ok = root.equals(h.txRoot()) && hashes.size() == h.txCount();
        c.add("tx root", ok, ok ? hashes.size() + " transactions give " + root : "recomputed " + root + " over "
                + hashes.size() + " transactions, header says " + h.txRoot() + " over " + h.txCount());
    }

    private static void signature(Checks c, BlockHeader h, byte[] key) {
        if (h.isGenesis()) {
            c.add("proposer signature", h.signature() == null, "the genesis block is unsigned");
            return;
        }
        if (key == null) {
            c.add("proposer signature", false, "no public key for proposer " + h.proposer()
                    + " (give --public-key, or --url to read the chain's authorities)");
            return;
        }
        boolean ok = h.signatureValidFor(key);
        c.add("proposer signature", ok, ok ? "signed by " + h.proposer() : "the signature does not verify under "
                + Address.of(key) + (Address.of(key).equals(h.proposer()) ? "" : " (not the proposer "
                + h.proposer() + ")"));
    }
}
