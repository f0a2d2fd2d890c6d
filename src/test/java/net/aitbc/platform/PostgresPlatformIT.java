package net.aitbc.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A production-mode server on PostgreSQL (DATABASE_URL in the seed's form, all secrets given): the smoke test
 * plus the platform's cross-cutting behaviour, all through HTTP.
 */
class PostgresPlatformIT extends SmokeChecks {

    static final Map<String, String> PRODUCTION_SECRETS = Map.of(
            "AITBC_MODE", "production",
            "ADMIN_API_KEYS", "admin-key-for-tests",
            "JWT_SECRET", "jwt-secret-for-tests-0123456789abcdef",
            "CLIENT_API_KEYS", "client-key-for-tests",
            "MINER_API_KEYS", "miner-key-for-tests",
            "RECEIPT_KEY_PASSWORD", "receipt-key-password-for-tests",
            "SESSION_SECRET", "session-secret-for-tests",
            "WALLET_ENCRYPTION_KEY", "wallet-key-for-tests");

    private LibertyServer server;
    private TestDatabase.Database db;

    @BeforeAll
    void start() {
        db = TestDatabase.create("platform");
        server = LibertyServer.named("it-platform-pg")
                .env("DATABASE_URL", db.url())
                .env(TestChain.create("platform", 1, 1).authorityEnv(0))
                .env(PRODUCTION_SECRETS)
                .env("AITBC_CORS_ORIGINS", "http://localhost:3000,https://explorer.example")
                .env("AITBC_MAX_BODY_BYTES", "4096")
                .create().startAndAwaitReady();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @Override
    LibertyServer server() {
        return server;
    }

    @Override
    String expectedDatabaseProduct() {
        return "PostgreSQL";
    }

    @Test
    void productionModeStartsWhenEverySecretIsGiven() {
        assertEquals("production", Http.get(server.url("/v1/health")).json().getString("mode"));
        assertFalse(server.console().contains("DEV MODE"));
    }

    @Test
    void credentialsComeFromDatabaseUrl() throws SQLException {
        try (Connection c = db.admin().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_schema_history'")) {
            assertTrue(rs.next(), "schema migrated into the database named in DATABASE_URL");
            assertEquals(db.user(), rs.getString(1), "tables created as the user named in DATABASE_URL");
        }
    }

    @Test
    void unknownPathIsJson404() {
        for (String path : new String[] {"/no/such/page", "/v1/no-such-thing", "/exchange/no-such-thing"}) {
            Http.Response r = Http.get(server.url(path));
            assertEquals(404, r.status(), path + " -> " + r);
            assertEquals("not_found", r.json().getString("error"), path);
            assertTrue(r.json().getString("detail").contains(path), r.toString());
            assertEquals(r.header("X-Request-Id"), r.json().getString("request_id"));
        }
    }

    @Test
    void wrongMethodIsJson405() {
        Http.Response r = Http.method("DELETE", server.url("/v1/health"), null);
        assertEquals(405, r.status(), r.toString());
        assertEquals("method_not_allowed", r.json().getString("error"));
        assertTrue(r.header("Allow").contains("GET"), "Allow header names GET: " + r.headers());
    }

    @Test
    void bodyOverTheLimitIsJson413() {
        Http.Response r = Http.post(server.url("/v1/health"), "x".repeat(5000));
        assertEquals(413, r.status(), r.toString());
        assertEquals("payload_too_large", r.json().getString("error"));
        assertTrue(r.json().getString("detail").contains("4096"), r.toString());
    }

    @Test
    void allowedOriginGetsCorsHeadersAndPreflight() {
        Http.Response simple = Http.get(server.url("/v1/health"), "Origin", "https://explorer.example");
        assertEquals(200, simple.status(), simple.toString());
        assertEquals("https://explorer.example", simple.header("Access-Control-Allow-Origin"));

        Http.Response preflight = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v1/health")))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type,x-api-key");
        assertEquals(204, preflight.status(), preflight.toString());
        assertEquals("http://localhost:3000", preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("X-Api-Key"));
    }

    @Test
    void disallowedOriginIsJson400() {
        Http.Response r = Http.get(server.url("/v1/health"), "Origin", "https://evil.example");
        assertEquals(400, r.status(), r.toString());
        assertEquals("origin_not_allowed", r.json().getString("error"));
        assertNull(r.header("Access-Control-Allow-Origin"));

        Http.Response preflight = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v1/health")))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertEquals(400, preflight.status(), preflight.toString());
    }

    @Test
    void sameOriginRequestsAreNotCrossOrigin() {
        Http.Response r = Http.get(server.url("/v1/health"), "Origin", server.baseUrl());
        assertEquals(200, r.status(), r.toString());
    }

    @Test
    void prometheusMetricsAreServed() {
        Http.Response r = Http.get(server.url("/metrics"));
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("# TYPE"), "Prometheus text format");
        assertTrue(r.body().contains("jvm_uptime"), "base metrics present");
    }

    @Test
    void openApiDocumentAndUiAreServed() {
        Http.Response doc = Http.get(server.url("/openapi"), "Accept", "application/json");
        assertEquals(200, doc.status(), doc.toString());
        JsonObject paths = doc.json().getJsonObject("paths");
        assertNotNull(paths.get("/v1/health"), paths.keySet().toString());
        assertNotNull(paths.get("/exchange/health"), paths.keySet().toString());
        Http.Response ui = Http.get(server.url("/openapi/ui/"));
        assertEquals(200, ui.status());
        assertTrue(ui.body().toLowerCase().contains("<html"), "UI page");
    }

    @Test
    void messagesLogIsJsonWithServiceModuleFunction() {
        JsonObject json = server.messagesLog().lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> Json.createReader(new StringReader(l)).readObject())
                .filter(j -> j.getString("module", "").equals("net.aitbc.platform.database.SchemaMigration"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON log line of the migration"));
        String line = json.toString();
        assertEquals("migrate", json.getString("function"));
        assertEquals("platform", json.getString("service"), "the feature that logged");
        assertTrue(json.containsKey("line"), "source line of the log call: " + line);
    }
}
