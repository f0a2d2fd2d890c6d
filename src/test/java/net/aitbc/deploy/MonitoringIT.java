package net.aitbc.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.Http;
import net.aitbc.testing.SeedTopology;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 point 7: the shipped Prometheus and Grafana files fit the servers. Every series the dashboard queries
 * is one site A's node1 (every role, production) really exports, and Prometheus scrapes the seed's three servers
 * at the ports their env files give.
 */
class MonitoringIT {

    private static final Path DEPLOY = Path.of("deploy").toAbsolutePath();
    private final SeedTopology seed = SeedTopology.shared();

    @Test
    void everySeriesTheDashboardQueriesIsExported() throws IOException {
        // activity, so the request timers and the transaction counters have samples
        seed.viaNginx.awaitIncluded(seed.viaNginx.transfer(seed.fundedAccount(), Ed25519.generate().address(), 1, 1),
                java.time.Duration.ofSeconds(20));
        Http.post(seed.node1.url("/rpc/sendTx"), "{\"sender\": \"nobody\"}");
        Http.get(seed.node1.url("/v1/jobs"), "X-Api-Key", seed.clientKey());
        String metrics = Http.get(seed.node1.url("/metrics")).body();
        Set<String> exported = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(metrics);
        while (line.find()) {
            exported.add(line.group(1));
        }
        Set<String> queried = new TreeSet<>();
        Matcher expr = Pattern.compile("\"expr\": \"([^\"\\\\]|\\\\.)*\"")
                .matcher(Files.readString(DEPLOY.resolve("grafana/aitbc-dashboard.json")));
        while (expr.find()) {
            Matcher name = Pattern.compile("\\b((?:aitbc|REST)_[a-zA-Z0-9_]+)\\s*\\{").matcher(expr.group());
            while (name.find()) {
                queried.add(name.group(1));
            }
        }
        assertTrue(queried.size() >= 8, "the dashboard's series: " + queried);
        List<String> missing = queried.stream().filter(n -> !exported.contains(n)).toList();
        assertEquals(List.of(), missing, "queried by the dashboard but not exported; exported aitbc_/REST_: "
                + exported.stream().filter(n -> n.startsWith("aitbc_") || n.startsWith("REST_")).toList());
    }

    @Test
    void prometheusScrapesTheSeedsThreeServersAtTheirPorts() throws IOException {
        String config = Files.readString(DEPLOY.resolve("prometheus.yml"));
        for (String site : List.of("site-a", "node2", "node3")) {
            var env = SeedTopology.envFile(DEPLOY.resolve("env/" + site + ".server.env"));
            String target = "'" + env.get("AITBC_HOST") + ":" + env.get("AITBC_HTTP_PORT") + "'";
            assertTrue(config.contains(target), site + " is scraped at " + target);
        }
        assertTrue(config.contains("metrics_path: /metrics"));
    }
}
