package net.aitbc.cli.main;

import net.aitbc.cli.Failures;
import net.aitbc.cli.ToolVersion;
import net.aitbc.cli.chain.BalanceCommand;
import net.aitbc.cli.chain.EscrowCommand;
import net.aitbc.cli.chain.HistoryCommand;
import net.aitbc.cli.chain.SendCommand;
import net.aitbc.cli.client.ClientCommand;
import net.aitbc.cli.miner.MinerCommand;
import net.aitbc.cli.verify.VerifyCommand;
import net.aitbc.cli.wallet.WalletCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code aitbc} ({@code java -jar aitbc.jar}): the one command-line tool of AITBC. Keys in encrypted files,
 * balances and transfers, jobs with their escrow, offline verification of receipts, blocks and proof bundles, and
 * the reference miner. Exit codes: 0 success, 1 an error the server or a check reported, 2 bad usage.
 */
@Command(name = "aitbc", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"AITBC: wallets, transfers, jobs, offline verification and the reference miner.",
            "Exit codes: 0 success; 1 an error the server or a check reported; 2 bad usage."},
        subcommands = {WalletCommand.class, BalanceCommand.class, SendCommand.class, HistoryCommand.class,
            EscrowCommand.class, ClientCommand.class, VerifyCommand.class, MinerCommand.class,
            CommandLine.HelpCommand.class})
public final class AitbcCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the tool's error handling, for tests that run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AitbcCommand());
        cl.setParameterExceptionHandler(Failures::badUsage);
        cl.setExecutionExceptionHandler(Failures::failed);
        return cl;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: wallet, balance, send, history, escrow, "
                + "client, verify or miner");
    }
}
