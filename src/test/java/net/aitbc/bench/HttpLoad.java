package net.aitbc.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop read load for phases D and R: each connection asks again as soon as it has its answer. wrk when it
 * is on the PATH (it costs the shared cores far less than a JVM client), else a Java client with one thread per
 * connection.
 */
final class HttpLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private HttpLoad() {
    }

    /** What a load run measured; errors are non-2xx answers and failed requests. */
    record Figures(String tool, long requests, double perSecond, double p50ms, double p99ms, long errors) {
        String line() {
            return String.format("%.0f req/s, p50 %.1f ms, p99 %.1f ms, %d requests, %d errors (%s)", perSecond,
                    p50ms, p99ms, requests, errors, tool);
        }
    }

    /** A response's size on the wire and its Content-Encoding ("identity" when none). */
    record Size(int bytes, String encoding) {
    }

    /** One URL at {@code connections} connections for {@code seconds}: wrk when installed, else Java. */
    static Figures run(String url, int connections, int seconds, String... headers) throws Exception {
        String wrk = wrk();
        return wrk != null ? wrk(wrk, url, connections, seconds, headers)
                : java(List.of(url), connections, seconds, headers).get(url);
    }

    static Size size(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        // the JDK client does not decompress: the body is what travelled
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Size(r.body().length, r.headers().firstValue("Content-Encoding").orElse("identity"));
    }

    private static String wrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "wrk");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    private static Figures wrk(String wrk, String url, int connections, int seconds, String... headers)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(wrk, "-t2", "-c" + connections, "-d" + seconds + "s", "--latency"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            cmd.add("-H");
            cmd.add(headers[i] + ": " + headers[i + 1]);
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        long socketErrors = 0;
        Matcher se = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(out);
        if (se.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(se.group(g));
            }
        }
        return new Figures("wrk -t2 -c" + connections, (long) number(out, "(\\d+) requests in"),
                number(out, "Requests/sec:\\s+([0-9.]+)"), wrkMillis(out, "50%"), wrkMillis(out, "99%"),
                (long) number(out, "Non-2xx or 3xx responses:\\s+(\\d+)") + socketErrors);
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A percentile of wrk's "Latency Distribution" (e.g. "  99%   29.60ms") in milliseconds; NaN if missing. */
    private static double wrkMillis(String out, String percentile) {
        Matcher m = Pattern.compile(percentile + "\\s+([0-9.]+)(us|ms|s|m)\\b").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    /**
     * Java readers: {@code threads} threads, each asking the URLs in turn (starting at a different one), for
     * {@code seconds}. Figures per URL, and for all of them under the key "all".
     */
    static Map<String, Figures> java(List<String> urls, int threads, int seconds, String... headers)
            throws InterruptedException {
        List<HttpRequest> requests = new ArrayList<>();
        for (String url : urls) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            requests.add(b.build());
        }
        Samples[][] samples = new Samples[threads][urls.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int t = 0; t < threads; t++) {
            Samples[] mine = samples[t];
            Arrays.setAll(mine, u -> new Samples());
            int first = t;
            pool.submit(() -> {
                for (int n = first; System.nanoTime() < end; n++) {
                    int u = n % requests.size();
                    long s = System.nanoTime();
                    if (read(requests.get(u))) {
                        mine[u].add(System.nanoTime() - s);
                    } else {
                        mine[u].errors++;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        String tool = "Java client, " + threads + " threads";
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (int u = 0; u < urls.size(); u++) {
            int url = u;
            figures.put(urls.get(u), figures(tool, Arrays.stream(samples).map(s -> s[url]).toList(), seconds));
        }
        figures.put("all", figures(tool, Arrays.stream(samples).flatMap(Arrays::stream).toList(), seconds));
        return figures;
    }

    private static boolean read(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Figures figures(String tool, List<Samples> parts, int seconds) {
        long[] sorted = parts.stream().flatMapToLong(p -> Arrays.stream(p.values, 0, p.size)).sorted().toArray();
        return new Figures(tool, sorted.length, sorted.length / (double) seconds, NodeBenchmark.pct(sorted, 50) / 1e6,
                NodeBenchmark.pct(sorted, 99) / 1e6, parts.stream().mapToLong(p -> p.errors).sum());
    }

    /** Latencies (nanoseconds) and errors of one thread on one URL, so no thread waits for another. */
    private static final class Samples {
        private long[] values = new long[1024];
        private int size;
        private long errors;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
