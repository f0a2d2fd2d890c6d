package net.aitbc.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import net.aitbc.chain.client.ChainClient;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * Where the tool talks to and how it answers, shared by every command. Each setting comes from its option, else
 * the environment, else the config file ({@code --config}, {@code $AITBC_CONFIG}, or
 * {@code ~/.aitbc/config.properties} when it exists; keys {@code url}, {@code node_url}, {@code api_key},
 * {@code wallet}, {@code wallet_dir}), else a default for a local devnet.
 */
public final class GlobalOptions {

    public static final String DEFAULT_URL = "http://127.0.0.1:8000";

    @Option(names = "--url", paramLabel = "URL", description = "Server base URL (coordinator; also the node unless "
            + "--node-url). Default: $AITBC_URL, the config file's url, " + DEFAULT_URL + ".")
    String url;

    @Option(names = "--node-url", paramLabel = "URL",
            description = "Blockchain node base URL. Default: $AITBC_NODE_URL, the config file's node_url, --url.")
    String nodeUrl;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Client API key (X-Api-Key; never printed). "
            + "Default: $AITBC_API_KEY, the config file's api_key.")
    String apiKey;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (properties). Default: "
            + "$AITBC_CONFIG, else ~/.aitbc/config.properties if it exists.")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            showDefaultValue = Visibility.ALWAYS, description = "table or json (one JSON document, stable for scripts).")
    Output.Format output;

    private Properties file;

    public String serverUrl() {
        return trimSlash(first(url, System.getenv("AITBC_URL"), setting("url")).orElse(DEFAULT_URL));
    }

    public String nodeUrl() {
        return trimSlash(first(nodeUrl, System.getenv("AITBC_NODE_URL"), setting("node_url")).orElse(serverUrl()));
    }

    /** A server was named on the command line: verifications then also ask it. */
    public boolean serverUrlGiven() {
        return url != null || nodeUrl != null;
    }

    public Optional<String> apiKey() {
        return first(apiKey, System.getenv("AITBC_API_KEY"), setting("api_key"));
    }

    public Output.Format format() {
        return output;
    }

    public ChainClient chain() {
        return new ChainClient(nodeUrl());
    }

    public ServerApi server() {
        return new ServerApi(serverUrl(), apiKey().orElse(null));
    }

    /** A value of the config file, if one is there. */
    public Optional<String> setting(String key) {
        if (file == null) {
            file = readConfig();
        }
        String v = file.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private Properties readConfig() {
        Properties p = new Properties();
        Path path = config;
        boolean named = path != null;
        if (path == null && System.getenv("AITBC_CONFIG") != null) {
            path = Path.of(System.getenv("AITBC_CONFIG"));
            named = true;
        }
        if (path == null) {
            path = Path.of(System.getProperty("user.home"), ".aitbc", "config.properties");
        }
        if (!Files.exists(path)) {
            if (named) {
                throw CliException.usage("the config file " + path + " does not exist");
            }
            return p;
        }
        try (Reader r = Files.newBufferedReader(path)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read the config file " + path + ": " + e.getMessage());
        }
        return p;
    }

    static Optional<String> first(Object... values) {
        for (Object v : values) {
            Object x = v instanceof Optional<?> o ? o.orElse(null) : v;
            if (x instanceof String s && !s.isBlank()) {
                return Optional.of(s.strip());
            }
        }
        return Optional.empty();
    }

    private static String trimSlash(String u) {
        String s = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw CliException.usage("a server URL starts with http:// or https://, not " + u);
        }
        return s;
    }
}
