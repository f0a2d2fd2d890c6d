package net.aitbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx (installed by .ci/run) serving the shipped routes, {@code deploy/nginx/aitbc-routes.conf}, verbatim,
 * in front of the test's servers: only the upstream addresses and the listen address are the test's own.
 */
public final class Nginx implements AutoCloseable {

    public static final Path ROUTES = Path.of("deploy/nginx/aitbc-routes.conf").toAbsolutePath();
    private static final Path BINARY = Path.of(System.getProperty("aitbc.nginx", "/usr/sbin/nginx"));

    private final String host;
    private final int port;
    private final Path dir;
    private final Process process;

    private Nginx(String host, int port, Path dir, Process process) {
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts nginx on {@code host:port} with upstreams {@code name → "host:port"} (aitbc_node1, aitbc_node2,
     * aitbc_node3: the names aitbc.conf defines).
     */
    public static Nginx start(String name, String host, int port, Map<String, String> upstreams) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("nginx is missing: apt-get install nginx-light (.ci/run does)");
        }
        Path dir = Path.of(System.getProperty("aitbc.work.dir", "target/it")).toAbsolutePath().resolve(name);
        try {
            Files.createDirectories(dir.resolve("temp"));
            String upstreamBlocks = upstreams.entrySet().stream().map(e -> "  upstream " + e.getKey()
                    + " { server " + e.getValue() + "; keepalive 8; }").collect(Collectors.joining("\n"));
            String conf = ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                    + "worker_processes 1;\n"
                    + "error_log " + dir.resolve("error.log") + " info;\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "events { worker_connections 512; }\n"
                    + "http {\n"
                    + "  access_log " + dir.resolve("access.log") + ";\n"
                    + "  client_body_temp_path " + dir.resolve("temp/body") + ";\n"
                    + "  proxy_temp_path " + dir.resolve("temp/proxy") + ";\n"
                    + "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";\n"
                    + "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";\n"
                    + "  scgi_temp_path " + dir.resolve("temp/scgi") + ";\n"
                    + "  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }\n"
                    + upstreamBlocks + "\n"
                    + "  server {\n"
                    + "    listen " + host + ":" + port + ";\n"
                    + "    server_tokens off;\n"
                    + "    include " + ROUTES + ";\n"
                    + "  }\n"
                    + "}\n";
            Path file = dir.resolve("nginx.conf");
            Files.writeString(file, conf);
            Process p = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", file.toString(),
                    "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.log").toFile()).start();
            Nginx nginx = new Nginx(host, port, dir, p);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("console.log"))
                        + errorLog());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("nginx not listening on " + host + ":" + port + ": " + errorLog());
    }

    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
