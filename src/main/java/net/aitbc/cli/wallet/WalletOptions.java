package net.aitbc.cli.wallet;

import java.nio.file.Path;
import net.aitbc.cli.GlobalOptions;
import picocli.CommandLine.Option;

/**
 * Which wallet a command uses and where its password comes from. The password is never an argument (it would sit in
 * the shell history and in {@code ps}): a file, a named environment variable, {@code $AITBC_WALLET_PASSWORD}, or
 * the terminal's hidden prompt, in that order.
 */
public final class WalletOptions {

    @Option(names = {"-w", "--wallet"}, paramLabel = "NAME",
            description = "Wallet name. Default: the config file's wallet, else \"default\".")
    String name;

    @Option(names = "--wallet-dir", paramLabel = "DIR", description = "Where wallets are kept. Default: "
            + "$AITBC_WALLET_DIR, the config file's wallet_dir, ~/.aitbc/wallets.")
    Path dir;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the wallet password from the first line of FILE.")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Read the wallet password from environment variable VAR (default: AITBC_WALLET_PASSWORD "
                    + "when set, else a prompt).")
    String passwordEnv;

    public Wallets wallets(GlobalOptions global) {
        String d = dir != null ? dir.toString() : System.getenv("AITBC_WALLET_DIR") != null
                ? System.getenv("AITBC_WALLET_DIR") : global.setting("wallet_dir").orElse(null);
        return new Wallets(d != null ? Path.of(d) : Path.of(System.getProperty("user.home"), ".aitbc", "wallets"));
    }

    public String name(GlobalOptions global) {
        String n = name != null ? name : global.setting("wallet").orElse("default");
        return Wallets.checkName(n);
    }

    public Passwords passwords() {
        return new Passwords(passwordFile, passwordEnv);
    }
}
