package net.aitbc.cli.verify;

import net.aitbc.cli.ToolVersion;
import net.aitbc.cli.miner.VerifyReceiptCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code aitbc verify}: checks anyone can run without trusting a server, against the rules of
 * docs/chain-format.md; with {@code --url} also against what a node serves.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"Check a receipt, a block or an explorer proof bundle offline (with --url also online).",
            "Exit codes: 0 valid; 1 invalid (each check is printed); 2 the input could not be read."},
        subcommands = {VerifyReceiptCommand.class, VerifyBlockCommand.class, VerifyBundleCommand.class})
public final class VerifyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing verify command: receipt, block or bundle");
    }
}
