package net.aitbc.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.testing.Http;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A follower-style server (AITBC_ROLES=node): the other roles' paths answer 404 JSON, shared paths work. It also
 * runs with the access log on (AITBC_ACCESS_LOG=true), which the embedded default's smoke test sees off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesIT {

    private LibertyServer nodeOnly;

    @BeforeAll
    void start() {
        nodeOnly = LibertyServer.named("it-roles-node").env("AITBC_ROLES", "node").env("AITBC_ACCESS_LOG", "true")
                .create().startAndAwaitReady();
    }

    @AfterAll
    void stop() {
        nodeOnly.stop();
    }

    @Test
    void pathsOfDisabledRolesAnswer404Json() {
        String[][] cases = {{"/v1/health", "coordinator"}, {"/exchange/health", "exchange"},
                {"/", "web"}, {"/explorer/", "web"}, {"/marketplace/", "web"}};
        for (String[] c : cases) {
            Http.Response r = Http.get(nodeOnly.url(c[0]));
            assertEquals(404, r.status(), c[0] + " -> " + r);
            JsonObject body = r.json();
            assertEquals("not_found", body.getString("error"));
            assertTrue(body.getString("detail").contains("role '" + c[1] + "'"), body.toString());
        }
        Http.Response post = Http.post(nodeOnly.url("/v1/jobs"), "{}");
        assertEquals(404, post.status(), "a write to a disabled role changes nothing: " + post);
    }

    @Test
    void sharedPathsStillWork() {
        assertEquals(200, Http.get(nodeOnly.url("/health/ready")).status());
        assertEquals(200, Http.get(nodeOnly.url("/metrics")).status());
    }

    @Test
    void theAccessLogRecordsEachRequestWithItsStatusAndElapsedTime() throws Exception {
        String path = "/rpc/head?access-log-probe=" + System.nanoTime();
        assertEquals(200, Http.get(nodeOnly.url(path)).status());
        Path log = nodeOnly.directory().resolve("logs/http_access.log");
        Pattern line = Pattern.compile("\\[[^]]+] \"GET " + Pattern.quote(path) + " HTTP/1\\.1\" 200 \\d+ (\\d+)$");
        long deadline = System.currentTimeMillis() + 10_000; // the log is written by a buffer, not per request
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log)) {
                for (String l : Files.readAllLines(log)) {
                    Matcher m = line.matcher(l);
                    if (m.find()) {
                        assertTrue(Long.parseLong(m.group(1)) > 0, "elapsed microseconds: " + l);
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no access log line for " + path + " in " + log);
    }
}
