package net.aitbc.cli.chain;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aitbc escrow list | reclaim}: the escrows a wallet paid into, and taking back an expired one. */
@Command(name = "escrow", mixinStandardHelpOptions = true, description = "Escrows the wallet pays into.",
        subcommands = {EscrowCommand.ListEscrows.class, EscrowCommand.Reclaim.class})
public final class EscrowCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing escrow command: list or reclaim");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Escrows paid by an address (default: the wallet's), newest first.")
    static final class ListEscrows extends ChainCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", description = "ait1... (default: the wallet's).")
        String address;

        @Option(names = "--status", paramLabel = "STATUS", description = "OPEN, SETTLED or RECLAIMED (default: all).")
        String status;

        @Override
        public void run() {
            String a = addressOrWallet(address);
            String s = "";
            if (status != null) {
                String upper = status.strip().toUpperCase(Locale.ROOT);
                if (!List.of("OPEN", "SETTLED", "RECLAIMED").contains(upper)) {
                    throw CliException.usage("--status is OPEN, SETTLED or RECLAIMED");
                }
                s = "&status=" + upper;
            }
            ChainClient chain = global.chain();
            JsonObject list = chain.get("/rpc/escrows?payer=" + a + s + "&limit=100");
            JsonObject all = JsonCodec.createObjectBuilder(list).add("payer", a).add("height", chain.height()).build();
            out().table(all, all.getJsonArray("escrows"),
                    List.of("escrow_id", "status", "amount", "arbiter", "expires_at_height", "lock_tx"),
                    "no escrows paid by " + a);
        }
    }

    @Command(name = "reclaim", mixinStandardHelpOptions = true,
            description = "Take back an OPEN escrow of the wallet from its expires_at_height on (ESCROW_RECLAIM).")
    static final class Reclaim extends ChainCommand {
        @Parameters(index = "0", paramLabel = "ESCROW_ID", description = "The escrow's id (0x... 64 hex digits).")
        String escrowId;

        @Option(names = "--fee", paramLabel = "N", description = "Fee (default: the node's minimum).")
        Long fee;

        @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "60", description = "How long to wait.")
        int waitSeconds;

        @Override
        public void run() {
            ChainClient chain = global.chain();
            String id = escrowId.strip().toLowerCase(Locale.ROOT);
            EscrowState e = chain.escrow(id).orElseThrow(() -> new CliException("no escrow " + id + " on chain"));
            SigningAccount account = signer(chain);
            // the node would refuse these too; saying why here is clearer than its refusal
            if (!e.payer().equals(account.address())) {
                throw new CliException("escrow " + id + " was paid by " + e.payer() + ", not by this wallet ("
                        + account.address() + ")");
            }
            if (e.status() != EscrowState.Status.OPEN) {
                throw new CliException("escrow " + id + " is " + e.status() + ", not OPEN");
            }
            long height = chain.height();
            if (height + 1 < e.expiresAtHeight()) {
                throw new CliException("escrow " + id + " can be reclaimed from block " + e.expiresAtHeight()
                        + "; the chain is at " + height);
            }
            SignedTx tx = account.reclaim(id, fee(chain, fee));
            long included = awaitIncluded(chain, tx.hash(), waitSeconds);
            out().message("reclaimed " + e.amount() + " from escrow " + id + " in block " + included + ": " + tx.hash(),
                    JsonCodec.createObjectBuilder().add("escrow_id", id).add("amount", e.amount())
                            .add("tx_hash", tx.hash()).add("block_height", included).build());
        }
    }
}
