package net.aitbc.cli.chain;

import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.protocol.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code aitbc balance [ADDRESS]}. */
@Command(name = "balance", mixinStandardHelpOptions = true,
        description = "An address's balance and nonce on chain (default: the wallet's address).")
public final class BalanceCommand extends ChainCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", description = "ait1... (default: the wallet's).")
    String address;

    @Override
    public void run() {
        String a = addressOrWallet(address);
        ChainClient.Balance b = global.chain().balance(a);
        out().record(JsonCodec.createObjectBuilder().add("address", a).add("balance", b.balance())
                .add("nonce", b.nonce()).add("next_nonce", b.nextNonce()).build());
    }
}
