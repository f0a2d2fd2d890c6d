package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * Phase L (issue 16, point 7): Lighthouse's performance category for the explorer's page of the fullest block this
 * node holds, mobile (Lighthouse's default) and desktop, {@code bench.lighthouse.runs} times each, against the
 * real node and its real block (not a mock). Lighthouse comes from npm ({@code npx}); Chromium is Debian's.
 */
final class BlockPageScore {

    private static final int RUNS = Integer.getInteger("bench.lighthouse.runs", 3);
    private static final String LIGHTHOUSE = System.getProperty("bench.lighthouse", "lighthouse@12.8.2");

    private BlockPageScore() {
    }

    static void run(LibertyServer node, ChainClient client) throws Exception {
        JsonObject fullest = NodeBenchmark.blockHeaders(client, 0, client.height()).stream()
                .max(Comparator.comparingInt(b -> b.getInt("tx_count"))).orElseThrow();
        long height = fullest.getJsonNumber("height").longValue();
        String url = node.url("/explorer/block/" + height);
        for (String preset : List.of("mobile", "desktop")) {
            for (int i = 1; i <= RUNS; i++) {
                JsonObject report = lighthouse(url, preset);
                JsonObject audits = report.getJsonObject("audits");
                System.out.printf("L. %s (%d transactions), %s, run %d: performance %.0f, TBT %.0f ms, LCP %.0f ms, "
                                + "CLS %.3f, FCP %.0f ms (target >= 95)%n", url.substring(url.indexOf("/explorer")),
                        fullest.getInt("tx_count"), preset, i,
                        report.getJsonObject("categories").getJsonObject("performance").getJsonNumber("score")
                                .doubleValue() * 100, numeric(audits, "total-blocking-time"),
                        numeric(audits, "largest-contentful-paint"), numeric(audits, "cumulative-layout-shift"),
                        numeric(audits, "first-contentful-paint"));
            }
        }
    }

    private static double numeric(JsonObject audits, String id) {
        return audits.getJsonObject(id).getJsonNumber("numericValue").doubleValue();
    }

    private static JsonObject lighthouse(String url, String preset) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("npx", "--yes", LIGHTHOUSE, url, "--only-categories=performance",
                "--output=json", "--output-path=stdout", "--quiet", "--chrome-flags=--headless --no-sandbox "
                        + "--disable-gpu --disable-background-networking --disable-component-update --disable-sync "
                        + "--no-first-run"));
        if (preset.equals("desktop")) {
            cmd.add("--preset=desktop");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("CHROME_PATH", System.getProperty("bench.chrome", "/usr/bin/chromium"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("lighthouse failed (exit " + p.exitValue() + ") for " + url);
        }
        return Json.createReader(new StringReader(new String(out, StandardCharsets.UTF_8))).readObject();
    }
}
