package net.aitbc.cli.verify;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.cli.GlobalOptions;
import net.aitbc.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aitbc verify bundle FILE}: the explorer's "Download proof bundle" of a block or a receipt. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = {"Check an explorer proof bundle (aitbc-block-proof-v1 or aitbc-receipt-proof-v1) offline.",
            "With --url (or --online) also against the node: the same block at that height by one of its "
                    + "authorities, the receipt recorded by the same transaction."})
public final class VerifyBundleCommand implements Runnable {

    @Spec
    CommandSpec spec;
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle's JSON file, or - for standard input.")
    String file;

    @Option(names = "--online", description = "Also check against the node (implied by --url).")
    boolean online;

    @Override
    public void run() {
        JsonObject bundle = Inputs.read(file);
        String format = bundle.get("format") instanceof JsonString f ? f.getString() : "";
        ChainClient node = online || global.serverUrlGiven() ? global.chain() : null;
        Checks checks;
        String what;
        if (BlockChecks.BLOCK_PROOF.equals(format)) {
            checks = BlockChecks.blockBundle(bundle);
            JsonObject header = bundle.getJsonObject("header");
            what = "block " + header.get("height");
            if (node != null) {
                NodeFacts.sameBlock(node, header, checks);
                NodeFacts.proposerIsAuthority(node, header.getString("proposer", ""), checks);
                NodeFacts.sameChain(node, bundle, checks);
            }
        } else if (BlockChecks.RECEIPT_PROOF.equals(format)) {
            checks = BlockChecks.receiptBundle(bundle);
            what = "receipt " + (bundle.get("receipt") instanceof JsonObject r ? r.getString("receipt_id", "?") : "?");
            if (node != null) {
                NodeFacts.receiptOnChain(node, bundle, checks);
            }
        } else {
            checks = new Checks();
            checks.add("format", false, "not a proof bundle: format is \"" + format + "\", expected "
                    + BlockChecks.BLOCK_PROOF + " or " + BlockChecks.RECEIPT_PROOF);
            what = file;
        }
        Inputs.report(new Output(spec, global.format()), spec, checks, what);
    }
}
