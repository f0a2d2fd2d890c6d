package net.aitbc.coordinator.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Optional;
import net.aitbc.platform.error.ApiException;
import org.junit.jupiter.api.Test;

/** The matcher reads both capability shapes of compat.md and excludes for the first failing rule. */
class MatchRulesTest {

    private static final JsonObject NESTED = Json.createObjectBuilder()
            .add("gpu", Json.createObjectBuilder().add("model", "NVIDIA GeForce RTX 4090").add("memory_gb", 24)
                    .add("cuda_version", "12.4"))
            .add("ollama", Json.createObjectBuilder().add("models", Json.createArrayBuilder().add("llama3.2:latest")
                    .add("mistral")))
            .build();
    private static final JsonObject FLAT = Json.createObjectBuilder().add("gpu", "RTX 4090").add("vram_gb", "24GB")
            .add("cuda", "12.4").add("models", Json.createArrayBuilder().add("llama3.2").add("mistral:latest")).build();

    private static Constraints c(String json) {
        return Constraints.read(Json.createReader(new java.io.StringReader(json)).readObject());
    }

    private static Optional<Exclusion> excluded(String constraints, JsonObject caps, String region, long price) {
        return MatchRules.exclusion(c(constraints), Capabilities.read(caps), region, price);
    }

    @Test
    void bothShapesReadTheSame() {
        Capabilities nested = Capabilities.read(NESTED);
        Capabilities flat = Capabilities.read(FLAT);
        assertEquals(24.0, nested.vramGb());
        assertEquals(24.0, flat.vramGb());
        assertEquals("12.4", nested.cuda());
        assertEquals("12.4", flat.cuda());
        for (JsonObject caps : new JsonObject[] {NESTED, FLAT}) {
            assertEquals(Optional.empty(), excluded("{\"gpu\": \"4090\", \"min_vram_gb\": 24, \"cuda\": \"12.1\","
                    + " \"models\": [\"llama3.2:latest\", \"mistral\"], \"region\": \"EU\", \"max_price\": 5}", caps, "eu", 5));
        }
    }

    @Test
    void eachRuleExcludesWithItsOwnReasonInOrder() {
        assertEquals(Optional.of(Exclusion.GPU), excluded("{\"gpu\": \"A100\", \"min_vram_gb\": 99}", NESTED, null, 1));
        assertEquals(Optional.of(Exclusion.VRAM), excluded("{\"min_vram_gb\": 24.5}", NESTED, null, 1));
        assertEquals(Optional.of(Exclusion.CUDA), excluded("{\"cuda\": \"12.10\"}", NESTED, null, 1),
                "12.10 is newer than 12.4");
        assertEquals(Optional.empty(), excluded("{\"cuda\": \"11\"}", NESTED, null, 1));
        assertEquals(Optional.of(Exclusion.MODELS), excluded("{\"models\": [\"llama3.2\", \"phi3\"]}", NESTED, null, 1));
        assertEquals(Optional.of(Exclusion.REGION), excluded("{\"region\": \"us-east\"}", NESTED, "eu-west", 1));
        assertEquals(Optional.of(Exclusion.REGION), excluded("{\"region\": \"us-east\"}", NESTED, null, 1));
        assertEquals(Optional.of(Exclusion.PRICE), excluded("{\"max_price\": 2}", NESTED, null, 3));
        assertEquals(Optional.empty(), excluded("{\"max_price\": 3}", NESTED, null, 3));
    }

    @Test
    void impossibleConstraintsAre422NamingTheField() {
        for (String[] bad : new String[][] {{"{\"min_vram_gb\": \"lots\"}", "constraints.min_vram_gb"},
                {"{\"min_vram_gb\": -1}", "constraints.min_vram_gb"}, {"{\"max_price\": 1.5}", "constraints.max_price"},
                {"{\"models\": \"llama\"}", "constraints.models"}, {"{\"cuda\": \"twelve\"}", "constraints.cuda"},
                {"{\"gpus\": 2}", "constraints.gpus"}, {"{\"region\": 7}", "constraints.region"}}) {
            ApiException e = assertThrows(ApiException.class, () -> c(bad[0]), bad[0]);
            assertEquals(422, e.status(), bad[0]);
            assertEquals(bad[1], e.field(), bad[0]);
        }
    }

    @Test
    void thePayloadModelIsRequiredOnce() {
        Constraints c = c("{\"models\": [\"mistral\"]}").requiringModel("llama3.2");
        assertEquals(java.util.List.of("llama3.2", "mistral"), c.models());
        assertEquals(c, c.requiringModel("llama3.2:latest"), "the :latest tag names the same model");
    }
}
