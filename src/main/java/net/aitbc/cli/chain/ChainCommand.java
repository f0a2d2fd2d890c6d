package net.aitbc.cli.chain;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.cli.CliException;
import net.aitbc.cli.GlobalOptions;
import net.aitbc.cli.Output;
import net.aitbc.cli.wallet.WalletOptions;
import net.aitbc.cli.wallet.Wallets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What the commands that read or write the chain share: the node, the wallet, the fee and the wait. */
public abstract class ChainCommand implements Runnable {

    @Spec
    protected CommandSpec spec;
    @Mixin
    protected GlobalOptions global;
    @Mixin
    protected WalletOptions wallet;

    protected Output out() {
        return new Output(spec, global.format());
    }

    /** The address given, else the wallet's (read without its password). */
    protected String addressOrWallet(String given) {
        if (given != null) {
            String a = Address.normalise(given.strip());
            if (a == null) {
                throw CliException.usage("an address is ait1 followed by 40 hex digits, not " + given);
            }
            return a;
        }
        return wallet.wallets(global).info(wallet.name(global)).address();
    }

    protected String address(String given, String option) {
        String a = given == null ? null : Address.normalise(given.strip());
        if (a == null) {
            throw CliException.usage(option + " must be an address: ait1 followed by 40 hex digits");
        }
        return a;
    }

    /** The wallet's key as a signer on this node (asks for the password). */
    protected SigningAccount signer(ChainClient chain) {
        return SigningAccount.remote(chain, unlock());
    }

    /** The wallet's key, decrypted with its password. */
    protected Ed25519.KeyPair unlock() {
        String name = wallet.name(global);
        Wallets wallets = wallet.wallets(global);
        Wallets.Entry entry = wallets.info(name);
        char[] pw = wallet.passwords().existing("wallet " + name + " (" + entry.address() + ")");
        Ed25519.KeyPair key;
        try {
            key = wallets.unlock(name, pw);
        } finally {
            Arrays.fill(pw, '\0');
        }
        return key;
    }

    /** The fee given, else the node's minimum. */
    protected static long fee(ChainClient chain, Long given) {
        if (given != null) {
            if (given < 0) {
                throw CliException.usage("--fee cannot be negative");
            }
            return given;
        }
        JsonObject status = chain.get("/rpc/status");
        return status.get("min_fee") instanceof JsonNumber n ? n.longValue() : 0;
    }

    /** Waits for inclusion, with a line of progress for people; the block height. */
    protected long awaitIncluded(ChainClient chain, String txHash, int seconds) {
        out().progress(spec, "waiting for " + txHash + " to be in a block ...");
        try {
            return chain.awaitIncluded(txHash, Duration.ofSeconds(seconds));
        } catch (RuntimeException e) {
            throw new CliException("transaction " + txHash + " was not included within " + seconds + " s: "
                    + e.getMessage());
        }
    }
}
