package net.aitbc.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import net.aitbc.testing.Http;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The smoke test, run against every database a server can use (subclasses start the server). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SmokeChecks {

    abstract LibertyServer server();

    abstract String expectedDatabaseProduct();

    @Test
    void coordinatorHealthAnswersOk() {
        Http.Response r = Http.get(server().url("/v1/health"));
        assertEquals(200, r.status(), r.toString());
        JsonObject body = r.json();
        assertEquals("ok", body.getString("status"));
        assertEquals("up", body.getString("database"));
        assertEquals(server().name(), body.getString("node_id"));
    }

    @Test
    void readinessReportsTheMigratedDatabase() {
        Http.Response r = Http.get(server().url("/health/ready"));
        assertEquals(200, r.status(), r.toString());
        JsonObject db = r.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("database")).findFirst().orElseThrow();
        assertEquals("UP", db.getString("status"));
        assertEquals(expectedDatabaseProduct(), db.getJsonObject("data").getString("product"));
        assertTrue(Integer.parseInt(db.getJsonObject("data").getString("schema_version")) >= 1, db.toString());
    }

    @Test
    void livenessIsUp() {
        Http.Response r = Http.get(server().url("/health/live"));
        assertEquals(200, r.status(), r.toString());
        assertEquals("UP", r.json().getString("status"));
    }

    @Test
    void exchangeHealthAnswersOk() {
        Http.Response r = Http.get(server().url("/exchange/health"));
        assertEquals(200, r.status(), r.toString());
        assertEquals("exchange", r.json().getString("service"));
    }
}
