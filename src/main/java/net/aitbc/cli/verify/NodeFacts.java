package net.aitbc.cli.verify;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Hashes;

/** What a node says, checked against what the file says (the online half of a verification). */
final class NodeFacts {

    private NodeFacts() {
    }

    /** The public key of {@code proposer} among the chain's authorities (from the node's genesis). */
    static Optional<byte[]> authorityKey(ChainClient node, String proposer) {
        for (JsonValue v : node.get("/rpc/status").getJsonArray("authorities")) {
            JsonObject a = v.asJsonObject();
            if (proposer.equals(a.getString("address", null))) {
                return Optional.ofNullable(Hashes.parseHex(a.getString("public_key", "").toLowerCase(), 32));
            }
        }
        return Optional.empty();
    }

    static void proposerIsAuthority(ChainClient node, String proposer, Checks c) {
        boolean known = authorityKey(node, proposer).isPresent();
        c.add("authority", known, known ? proposer + " is an authority of " + node.baseUrl()
                : proposer + " is not an authority of the chain at " + node.baseUrl());
    }

    static void sameChain(ChainClient node, JsonObject bundle, Checks c) {
        JsonObject status = node.get("/rpc/status");
        if (bundle.get("genesis_hash") instanceof JsonString g) {
            boolean same = g.getString().equalsIgnoreCase(status.getString("genesis_hash", ""));
            c.add("genesis", same, same ? "the node's chain starts at " + g.getString()
                    : "the node's genesis is " + status.getString("genesis_hash", "?") + ", the bundle's " + g.getString());
        }
    }

    static void sameBlock(ChainClient node, JsonObject header, Checks c) {
        long height = header.getJsonNumber("height").longValue();
        String ours = header.getString("hash", "");
        String theirs;
        try {
            theirs = node.get("/rpc/blocks/" + height).getString("hash", "");
        } catch (RuntimeException e) {
            c.add("on chain", false, "the node has no block " + height + " (" + e.getMessage() + ")");
            return;
        }
        boolean same = theirs.equalsIgnoreCase(ours);
        c.add("on chain", same, same ? "the node's block " + height + " is the same" : "the node's block " + height
                + " is " + theirs);
    }

    static void receiptOnChain(ChainClient node, JsonObject bundle, Checks c) {
        JsonObject receipt = bundle.getJsonObject("receipt");
        String id = receipt.getString("receipt_id", "");
        JsonObject recorded;
        try {
            recorded = node.get("/rpc/receipts/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            c.add("on chain", false, "the node has no receipt " + id + " (" + e.getMessage() + ")");
            return;
        }
        String tx = recorded.getString("tx_hash", "");
        boolean sameTx = !(bundle.get("tx_hash") instanceof JsonString t) || t.getString().equalsIgnoreCase(tx);
        boolean sameHeight = bundle.get("block_height") == null || bundle.get("block_height") == JsonValue.NULL
                || recorded.get("block_height") != null && recorded.get("block_height").toString()
                .equals(bundle.get("block_height").toString());
        c.add("on chain", sameTx && sameHeight, sameTx && sameHeight ? "recorded by " + tx + " in block "
                + recorded.get("block_height") : "the node recorded it by " + tx + " in block "
                + recorded.get("block_height") + ", the bundle says " + bundle.get("tx_hash") + " in block "
                + bundle.get("block_height"));
    }
}
