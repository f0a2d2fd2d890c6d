package net.aitbc.cli.miner;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * What one {@code POST /api/generate} produced: the concatenated {@code response} pieces and the statistics of
 * the final ({@code done: true}) chunk. A statistic is null when Ollama left it out (it omits
 * {@code prompt_eval_count} when the prompt came from its cache, for instance). Durations are nanoseconds.
 */
public record Generation(String response, String model, String doneReason, int chunks, Long promptEvalCount,
        Long promptEvalDuration, Long evalCount, Long evalDuration, Long totalDuration, Long loadDuration) {

    static Generation fromFinalChunk(String response, String requestedModel, int chunks, JsonObject last) {
        return new Generation(response, last.getString("model", requestedModel), last.getString("done_reason", null),
                chunks, number(last, "prompt_eval_count"), number(last, "prompt_eval_duration"),
                number(last, "eval_count"), number(last, "eval_duration"), number(last, "total_duration"),
                number(last, "load_duration"));
    }

    private static Long number(JsonObject o, String field) {
        return o.get(field) instanceof JsonNumber n ? n.longValue() : null;
    }
}
