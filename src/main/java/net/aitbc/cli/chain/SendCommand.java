package net.aitbc.cli.chain;

import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aitbc send --to ADDRESS --amount N}: a TRANSFER signed by the wallet. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send AITBC from the wallet: a signed TRANSFER, by default waited for until it is in a block.")
public final class SendCommand extends ChainCommand {

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "Recipient, ait1...")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "N", description = "Amount in the chain's unit.")
    long amount;

    @Option(names = "--fee", paramLabel = "N", description = "Fee (default: the node's minimum).")
    Long fee;

    @Option(names = "--no-wait", description = "Return once the node accepted it, without waiting for a block.")
    boolean noWait;

    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "60", description = "How long to wait.")
    int waitSeconds;

    @Override
    public void run() {
        String recipient = address(to, "--to");
        if (amount <= 0) {
            throw CliException.usage("--amount must be positive");
        }
        ChainClient chain = global.chain();
        long f = fee(chain, fee);
        SigningAccount account = signer(chain);
        SignedTx tx = account.transfer(recipient, amount, f);
        long height = noWait ? -1 : awaitIncluded(chain, tx.hash(), waitSeconds);
        var json = JsonCodec.createObjectBuilder().add("tx_hash", tx.hash()).add("from", account.address())
                .add("to", recipient).add("amount", amount).add("fee", f).add("nonce", tx.nonce())
                .add("status", noWait ? "pending" : "included");
        if (!noWait) {
            json.add("block_height", height);
        }
        out().message((noWait ? "sent " : "included in block " + height + ": ") + tx.hash(), json.build());
    }
}
