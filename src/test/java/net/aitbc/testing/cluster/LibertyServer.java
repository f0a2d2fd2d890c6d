package net.aitbc.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Open Liberty server running the built WAR, in its own process, with its own port, database and
 * environment. Made from the server the build prepared (target/liberty/wlp/usr/servers/aitbc) so every test
 * server runs exactly what the README's run command runs. It can be killed with SIGKILL and started again on
 * the same directory (same data, same port).
 */
public final class LibertyServer implements AutoCloseable {

    private static final Path WLP = Path.of(System.getProperty("aitbc.wlp.dir", "target/liberty/wlp"));
    private static final String TEMPLATE = System.getProperty("aitbc.template.server", "aitbc");
    /** What each server copies from the template; data, logs and work areas stay its own. */
    private static final Set<String> COPIED = Set.of("server.xml", "server.env", "jvm.options", "jdbc", "apps",
            "bootstrap.properties");
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final String host;
    private final int port;
    private final Map<String, String> env;
    private final Path dir;
    private Process process;

    private LibertyServer(String name, String host, int port, Map<String, String> env) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.env = env;
        this.dir = WLP.resolve("usr/servers").resolve(name);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The loopback address it listens on: 127.0.0.1 unless a test places it at another "site". */
    public String host() {
        return host;
    }

    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    public String url(String path) {
        return baseUrl() + path;
    }

    public Path directory() {
        return dir;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Starts the process (no waiting). */
    public synchronized LibertyServer start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder pb = new ProcessBuilder(WLP.resolve("bin/server").toString(), "run", name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile().toFile()));
        Map<String, String> processEnv = pb.environment();
        processEnv.keySet().removeIf(k -> k.startsWith("AITBC_") || k.equals("DATABASE_URL")
                || k.endsWith("_API_KEYS") || k.endsWith("_SECRET") || k.equals("WALLET_ENCRYPTION_KEY"));
        processEnv.putAll(env);
        try {
            Files.createDirectories(consoleFile().getParent());
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Starts and waits until /health/ready answers 200. */
    public LibertyServer startAndAwaitReady() {
        start();
        return awaitReady(Duration.ofSeconds(120));
    }

    public LibertyServer awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + exitCode() + " before it was ready:\n"
                        + consoleTail(40));
            }
            if (readyStatus() == 200) {
                return this;
            }
            if (console().contains("CWWKZ0002E")) { // the application failed to start: no point waiting
                throw new IllegalStateException(name + " failed to start its application:\n" + consoleTail(40));
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + consoleTail(40));
    }

    public int readyStatus() {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create(url("/health/ready")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Starts several servers at once (they share the 2 cores, so this beats one after another). */
    public static void startAllAndAwaitReady(LibertyServer... servers) {
        for (LibertyServer s : servers) {
            s.start();
        }
        for (LibertyServer s : servers) {
            s.awaitReady(Duration.ofSeconds(180));
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout + ":\n" + consoleTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    private Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    /** SIGKILL, no shutdown hooks: what a power cut or the OOM killer does. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM and wait: Liberty shuts down cleanly. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Path consoleFile() {
        return dir.resolve("logs/console-run.log");
    }

    public String console() {
        try {
            return Files.exists(consoleFile()) ? Files.readString(consoleFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String consoleTail(int lines) {
        String[] all = console().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** The JSON messages.log Liberty writes (JSON logging). */
    public String messagesLog() {
        try {
            Path p = dir.resolve("logs/messages.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Describes a server before it exists: name, port, environment (the same variables an operator sets). */
    public static final class Builder {
        private final String name;
        private final Map<String, String> env = new LinkedHashMap<>();
        private int port;
        private String host = "127.0.0.1";
        private boolean productionRateLimits;

        private Builder(String name) {
            this.name = name;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Listens on this loopback address (127.0.0.2, ...): another site on the same machine. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Keeps the server's own rate limits (operations.md's defaults) instead of the test servers' "off". */
        public Builder productionRateLimits() {
            this.productionRateLimits = true;
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        /** A fresh server directory, copied from the build's server; an old one of the same name is removed. */
        public LibertyServer create() {
            int p = port == 0 ? freePort() : port;
            Map<String, String> all = new LinkedHashMap<>();
            all.put("AITBC_HTTP_PORT", Integer.toString(p));
            all.put("AITBC_HOST", host);
            all.put("AITBC_NODE_ID", name);
            all.put("JVM_ARGS", System.getProperty("aitbc.it.jvm", "-Xmx512m -XX:+UseSerialGC"));
            // tests drive a few keys and one IP far past the production limits; a test of the limits sets them
            for (net.aitbc.platform.ratelimit.RateLimit limit : net.aitbc.platform.ratelimit.RateLimit.values()) {
                if (!productionRateLimits) {
                    all.put(limit.configKey(), "0");
                }
            }
            all.putAll(env);
            LibertyServer server = new LibertyServer(name, host, p, all);
            try {
                Path template = WLP.resolve("usr/servers").resolve(TEMPLATE);
                if (!Files.isDirectory(template)) {
                    throw new IllegalStateException("no server at " + template + "; run the tests through 'mvn verify'");
                }
                deleteRecursively(server.dir);
                Files.createDirectories(server.dir);
                try (Stream<Path> entries = Files.list(template)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        if (COPIED.contains(entry.getFileName().toString())) {
                            copyRecursively(entry, server.dir.resolve(entry.getFileName().toString()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create server " + name, e);
            }
            return server;
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
