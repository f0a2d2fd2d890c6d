package net.aitbc.cli.verify;

import jakarta.json.JsonObject;
import java.util.Locale;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.cli.CliException;
import net.aitbc.cli.GlobalOptions;
import net.aitbc.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aitbc verify block FILE|HEIGHT}: a block's hash, transactions, root and proposer signature. */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = {"Check a block: its header hash, every transaction's signature, the transaction root and "
                + "the proposer's signature.",
            "FILE (a block as GET /rpc/blocks/{h} serves it, or - for standard input) is checked offline; the "
                    + "proposer's key then comes from --public-key or, with --url, the node's authorities.",
            "HEIGHT fetches the block from the node (--url / --node-url) and checks it here."})
public final class VerifyBlockCommand implements Runnable {

    @Spec
    CommandSpec spec;
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "FILE|HEIGHT", description = "A block JSON file, - , or a height.")
    String block;

    @Option(names = "--public-key", paramLabel = "HEX", description = "The proposer's Ed25519 public key.")
    String publicKey;

    @Option(names = "--online", description = "Also compare with the node: the same hash at that height, the "
            + "proposer one of its authorities (implied by a HEIGHT or by --url).")
    boolean online;

    @Override
    public void run() {
        boolean byHeight = block.matches("\\d+");
        boolean useNode = byHeight || online || global.serverUrlGiven();
        ChainClient node = useNode ? global.chain() : null;
        JsonObject json = byHeight ? fetched(node, Long.parseLong(block)) : Inputs.read(block);
        byte[] key = null;
        if (publicKey != null) {
            key = Hashes.parseHex(publicKey.strip().toLowerCase(Locale.ROOT), 32);
            if (key == null) {
                throw CliException.usage("--public-key must be 64 hex digits");
            }
        } else if (node != null) {
            key = NodeFacts.authorityKey(node, json.getString("proposer", "")).orElse(null);
        }
        Checks checks = BlockChecks.block(json, key);
        if (node != null && !byHeight && json.get("height") != null) {
            NodeFacts.sameBlock(node, json, checks);
        }
        Inputs.report(new Output(spec, global.format()), spec, checks, "block " + json.get("height"));
    }

    private static JsonObject fetched(ChainClient node, long height) {
        try {
            return node.get("/rpc/blocks/" + height);
        } catch (RuntimeException e) {
            throw new CliException("cannot read block " + height + " from " + "the node: " + e.getMessage());
        }
    }
}
