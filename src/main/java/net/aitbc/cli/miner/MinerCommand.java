package net.aitbc.cli.miner;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aitbc-miner}: the reference miner, run on a GPU box beside Ollama ({@code java -jar aitbc-miner.jar}). */
@Command(name = "aitbc-miner", mixinStandardHelpOptions = true, versionProvider = MinerCommand.Version.class,
        description = "AITBC reference miner: serves a coordinator's LLM jobs on a local Ollama.",
        subcommands = {RunCommand.class, VerifyReceiptCommand.class, CommandLine.HelpCommand.class})
public final class MinerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests that run the miner in-process and read its exit code. */
    public static CommandLine commandLine() {
        return new CommandLine(new MinerCommand());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: run or verify-receipt");
    }

    /** The jar's Implementation-Version (set when it is packaged), else "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MinerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"aitbc-miner " + (v == null ? "dev" : v)};
        }
    }
}
