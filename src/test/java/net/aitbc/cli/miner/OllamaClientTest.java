package net.aitbc.cli.miner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.testing.OllamaStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The miner's Ollama client against the stand-in, which answers in Ollama's shapes. */
class OllamaClientTest {

    private static final String PROMPT = "why is the sky blue";

    private final OllamaStandIn ollama = OllamaStandIn.start(OllamaStandIn.Model.of("llama3.2:latest"),
            OllamaStandIn.Model.of("qwen2.5:0.5b"));
    private final OllamaClient client = new OllamaClient(ollama.uri());

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void tagsListModelsWithTheirDigests() {
        List<OllamaModel> models = client.tags();

        assertEquals(List.of("llama3.2:latest", "qwen2.5:0.5b"), models.stream().map(OllamaModel::name).toList());
        assertEquals(OllamaStandIn.Model.of("llama3.2:latest").digest(), models.get(0).digest());
        assertEquals(64, models.get(0).digest().length());
        assertEquals("llama", models.get(0).family());
        assertEquals("Q4_K_M", models.get(0).quantizationLevel());
        assertEquals(1, ollama.tagsRequests());
    }

    @Test
    void aStreamedGenerationIsReadToItsFinalChunk() {
        JsonObject options = JsonCodec.createObjectBuilder().add("seed", 42).add("temperature", 0).build();

        Generation g = client.generate(new LlmRequest("llama3.2:latest", PROMPT, options));

        assertEquals("blue sky the is why", g.response());
        assertEquals(OllamaStandIn.expectedResponse(PROMPT), g.response());
        assertEquals(6, g.chunks()); // five pieces, then the done chunk
        assertEquals("llama3.2:latest", g.model());
        assertEquals("stop", g.doneReason());
        assertEquals(5L, g.promptEvalCount());
        assertEquals(5L, g.evalCount());
        assertEquals(5_000_000L, g.evalDuration());
        assertEquals(1_000_000L, g.loadDuration());
        assertEquals(g.loadDuration() + 1_250_000L + g.evalDuration(), g.totalDuration());

        JsonObject sent = ollama.generateBodies().get(0);
        assertEquals(JsonValue.TRUE, sent.get("stream"));
        assertEquals(options, sent.getJsonObject("options"));
        assertEquals(1, ollama.completedGenerations());
    }

    @Test
    void aModelNameWithoutTagRunsOnItsLatest() {
        Generation g = client.generate(new LlmRequest("llama3.2", "hello there", JsonValue.EMPTY_JSON_OBJECT));

        assertEquals("there hello", g.response());
    }

    @Test
    void numPredictCutsTheAnswerShortWithDoneReasonLength() {
        Generation g = client.generate(new LlmRequest("qwen2.5:0.5b", PROMPT,
                JsonCodec.createObjectBuilder().add("num_predict", 2).build()));

        assertEquals("blue sky", g.response());
        assertEquals("length", g.doneReason());
        assertEquals(2L, g.evalCount());
    }

    @Test
    void anUnknownModelIsA404NamingIt() {
        OllamaException e = assertThrows(OllamaException.class,
                () -> client.generate(new LlmRequest("mistral:7b", PROMPT, JsonValue.EMPTY_JSON_OBJECT)));

        assertEquals(404, e.status());
        assertTrue(e.modelNotFound());
        assertFalse(e.unreachable());
        assertEquals("ollama: model \"mistral:7b\" not found, try pulling it first", e.getMessage());
    }

    @Test
    void anErrorInsideTheStreamSurfaces() {
        ollama.setMidStreamError("llama runner process has terminated");

        OllamaException e = assertThrows(OllamaException.class,
                () -> client.generate(new LlmRequest("llama3.2:latest", PROMPT, JsonValue.EMPTY_JSON_OBJECT)));

        assertEquals(200, e.status());
        assertTrue(e.getMessage().contains("llama runner process has terminated"), e.getMessage());
    }

    @Test
    void aServerErrorSurfacesWithItsStatus() {
        ollama.failGenerate(500, "CUDA error: out of memory");

        OllamaException e = assertThrows(OllamaException.class,
                () -> client.generate(new LlmRequest("llama3.2:latest", PROMPT, JsonValue.EMPTY_JSON_OBJECT)));

        assertEquals(500, e.status());
        assertEquals("ollama: CUDA error: out of memory", e.getMessage());
    }

    @Test
    void anUnreachableOllamaIsReportedAsSuch() {
        URI gone = ollama.uri();
        ollama.close();

        OllamaException e = assertThrows(OllamaException.class, () -> new OllamaClient(gone).tags());

        assertTrue(e.unreachable());
        assertTrue(e.getMessage().startsWith("ollama unreachable at " + gone), e.getMessage());
    }

    @Test
    void aCancellationEndsAHangingGenerationAtOnce() throws Exception {
        ollama.setHanging(true);
        // the client closes its connection asynchronously: chunks written at once after the hang could all land in
        // the socket's buffer before that close (seen once on a loaded machine), so the rest come spaced out
        ollama.setChunkDelay(Duration.ofMillis(200));
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Generation> running = CompletableFuture.supplyAsync(() -> client.generate(
                new LlmRequest("llama3.2:latest", PROMPT, JsonValue.EMPTY_JSON_OBJECT), cancellation));
        awaitTrue(() -> ollama.inFlight() == 1);

        cancellation.cancel("shutdown");

        Throwable cause = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> running.get(5, TimeUnit.SECONDS)).getCause();
        assertTrue(cause instanceof CancellationException, String.valueOf(cause));
        assertEquals("shutdown", cause.getMessage());
        ollama.setHanging(false);
        awaitTrue(() -> ollama.brokenStreams() == 1);
        assertEquals(0, ollama.completedGenerations());
    }

    @Test
    void aPayloadWithAPromptOnlyRunsOnTheDefaultModel() {
        LlmRequest r = LlmRequest.fromPayload(JsonCodec.createObjectBuilder().add("prompt", "hi").build(),
                "llama3.2:latest");

        assertEquals("llama3.2:latest", r.model());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, r.options());
        assertThrows(IllegalArgumentException.class, () -> LlmRequest.fromPayload(
                JsonCodec.createObjectBuilder().add("prompt", "hi").build(), null));
        assertThrows(IllegalArgumentException.class, () -> LlmRequest.fromPayload(
                JsonCodec.createObjectBuilder().add("image", "x").build(), "llama3.2:latest"));
        assertNull(new LocalModels(client, null).defaultModel()); // nothing listed yet
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
