package net.aitbc.cli.miner;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import net.aitbc.chain.crypto.Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code aitbc miner run}: serve a coordinator's LLM jobs on the local Ollama until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = net.aitbc.cli.ToolVersion.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Register with a coordinator and run its LLM jobs on the local Ollama until stopped.",
            "SIGTERM/Ctrl+C: no new jobs; running jobs get --grace-seconds, then are reported failed "
                    + "(error_code shutdown); exit 0.",
            "Exit codes: 0 stopped or --max-jobs reached; 2 bad options, or the coordinator refused the key, "
                    + "the registration or a poll."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--coordinator", required = true, paramLabel = "URL",
            description = "Coordinator base URL, e.g. http://host:8000.")
    URI coordinator;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MINER_API_KEY}",
            showDefaultValue = Visibility.NEVER,
            description = "Miner API key (sent as X-Api-Key; never printed). Default: $MINER_API_KEY.")
    String apiKey;

    @Option(names = "--ollama", paramLabel = "URL", defaultValue = "http://127.0.0.1:11434",
            description = "Ollama base URL.")
    URI ollama;

    @Option(names = "--gpu-model", paramLabel = "NAME", description = "GPU model advertised, e.g. \"RTX 4090\".")
    String gpuModel;

    @Option(names = "--gpu-memory-gb", paramLabel = "GB", description = "GPU memory advertised, in GB.")
    Integer gpuMemoryGb;

    @Option(names = "--cuda", paramLabel = "VERSION", description = "CUDA version advertised, e.g. 12.4.")
    String cuda;

    @Option(names = "--region", paramLabel = "REGION", description = "Region advertised, e.g. eu-west.")
    String region;

    @Option(names = "--wallet", paramLabel = "ADDRESS",
            description = "ait1... address that receives the payouts (required for paid jobs).")
    String wallet;

    @Option(names = "--price-per-gpu-second", paramLabel = "AMOUNT",
            description = "Asking price per GPU second, an integer in the chain's smallest unit.")
    Long pricePerGpuSecond;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1",
            description = "Jobs run at once (one polling worker each).")
    int concurrency;

    @Option(names = "--default-model", paramLabel = "MODEL",
            description = "Model for jobs whose payload names none. Default: Ollama's first model.")
    String defaultModel;

    @Option(names = "--heartbeat-seconds", paramLabel = "S", defaultValue = "10",
            description = "Heartbeat interval.")
    int heartbeatSeconds;

    @Option(names = "--poll-wait-seconds", paramLabel = "S", defaultValue = "15",
            description = "max_wait_seconds of each long poll.")
    int pollWaitSeconds;

    @Option(names = "--max-backoff-seconds", paramLabel = "S", defaultValue = "30",
            description = "Longest wait between reconnection attempts (from 1 s, doubling, jittered).")
    int maxBackoffSeconds;

    @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "20",
            description = "On SIGTERM, how long running jobs may still take.")
    int graceSeconds;

    @Option(names = "--job-timeout-seconds", paramLabel = "S", defaultValue = "600",
            description = "A job running longer is cancelled and reported failed (error_code timeout).")
    int jobTimeoutSeconds;

    @Option(names = "--max-jobs", paramLabel = "N", defaultValue = "0",
            description = "Exit after N jobs (0: never).")
    int maxJobs;

    @Option(names = "--once", description = "Exit after one job (--max-jobs 1).")
    boolean once;

    @Override
    public Integer call() {
        MinerSettings settings = settings();
        EventLog log = EventLog.stderr();
        MinerLoop loop = new MinerLoop(settings, new CoordinatorApi(settings.coordinator(), settings.apiKey()),
                new OllamaClient(settings.ollama()), log);
        // On SIGTERM the JVM runs its hooks, then exits with 143; a service manager reads that as a crash. The hook
        // drains the miner and halts with 0 instead: a requested stop is a clean stop.
        Thread hook = new Thread(() -> {
            loop.shutdown(settings.grace());
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "aitbc-miner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = loop.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal started the shutdown: the hook ends the process; returning would only block in System.exit
            joinForever(hook);
        }
        return code;
    }

    MinerSettings settings() {
        if (apiKey == null || apiKey.isBlank()) {
            throw usage("no miner key: give --api-key or set MINER_API_KEY");
        }
        httpUrl(coordinator, "--coordinator");
        httpUrl(ollama, "--ollama");
        String address = null;
        if (wallet != null) {
            address = Address.normalise(wallet.trim());
            if (address == null) {
                throw usage("--wallet must be an address: ait1 followed by 40 hex digits");
            }
        }
        if (maxBackoffSeconds < 1 || graceSeconds < 0 || jobTimeoutSeconds < 1) {
            throw usage("--max-backoff-seconds and --job-timeout-seconds must be at least 1, "
                    + "--grace-seconds not negative");
        }
        try {
            return new MinerSettings(coordinator, apiKey.trim(), ollama, blankToNull(gpuModel), gpuMemoryGb,
                    blankToNull(cuda), blankToNull(region), address, pricePerGpuSecond, concurrency,
                    Duration.ofSeconds(heartbeatSeconds), pollWaitSeconds, Duration.ofSeconds(maxBackoffSeconds),
                    Duration.ofSeconds(graceSeconds), Duration.ofSeconds(jobTimeoutSeconds),
                    blankToNull(defaultModel), once ? 1 : maxJobs);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void httpUrl(URI uri, String option) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw usage(option + " must be an http:// or https:// URL, e.g. http://127.0.0.1:8000");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void joinForever(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException ignored) {
                // the hook halts the JVM; nothing to do but wait for it
            }
        }
    }
}
