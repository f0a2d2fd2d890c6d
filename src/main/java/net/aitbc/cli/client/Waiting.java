package net.aitbc.cli.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.function.Consumer;
import net.aitbc.cli.CliException;
import net.aitbc.cli.Output;
import net.aitbc.cli.ServerApi;

/** Following a job to its end: one line per change of state, then the outcome. */
final class Waiting {

    private Waiting() {
    }

    static JsonObject untilFinal(ServerApi coordinator, String jobId, int timeoutSeconds, Consumer<String> progress) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String last = null;
        long started = System.nanoTime();
        while (true) {
            JsonObject v = coordinator.get("/v1/jobs/" + ClientCommand.segment(jobId));
            String state = v.getString("state", "?");
            String shown = state + (v.get("payment_status") instanceof JsonString p ? " (payment " + p.getString()
                    + ")" : "");
            if (!shown.equals(last)) {
                progress.accept(String.format("%6.1f s  %s", (System.nanoTime() - started) / 1e9, shown));
                last = shown;
            }
            if (ClientCommand.FINAL.contains(state)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("job " + jobId + " is still " + state + " after " + timeoutSeconds + " s");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for job " + jobId);
            }
        }
    }

    /** The end of a job: its result when it completed; a reported error otherwise. */
    static void report(Output out, ServerApi coordinator, JsonObject end, JsonObjectBuilder answer) {
        String jobId = end.getString("job_id");
        String state = end.getString("state");
        if (!"COMPLETED".equals(state)) {
            throw new CliException("job " + jobId + " ended " + state + (end.get("error") instanceof JsonString e
                    ? ": " + e.getString() : ""));
        }
        JsonObject r = coordinator.get("/v1/jobs/" + ClientCommand.segment(jobId) + "/result");
        answer.add("state", state).add("result", r.get("result") == null ? JsonValue.NULL : r.get("result"));
        if (r.get("receipt") instanceof JsonObject receipt) {
            answer.add("receipt_id", receipt.getString("receipt_id", "")).add("receipt", receipt);
        }
        out.message(text(r.get("result")), answer.build());
    }

    /** A result for people: the generated text when there is one, else the JSON. */
    static String text(JsonValue result) {
        if (result instanceof JsonObject o) {
            for (String field : new String[] {"output", "response", "text"}) {
                if (o.get(field) instanceof JsonString s) {
                    return s.getString();
                }
            }
        }
        return result == null ? "" : result.toString();
    }
}
