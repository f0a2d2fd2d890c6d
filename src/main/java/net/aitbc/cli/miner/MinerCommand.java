package net.aitbc.cli.miner;

import net.aitbc.cli.ToolVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aitbc miner}: the reference miner, run on a GPU box beside Ollama. */
@Command(name = "miner", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "The reference miner: serves a coordinator's LLM jobs on a local Ollama.",
        subcommands = {RunCommand.class})
public final class MinerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing miner command: run");
    }
}
