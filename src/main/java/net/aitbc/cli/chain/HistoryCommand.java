package net.aitbc.cli.chain;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aitbc history [ADDRESS]}: pending and included transactions, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "An address's transactions (default: the wallet's), pending first, then newest first.")
public final class HistoryCommand extends ChainCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", description = "ait1... (default: the wallet's).")
    String address;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N included ones.")
    int limit;

    @Override
    public void run() {
        if (limit < 1 || limit > 100) {
            throw CliException.usage("--limit is 1 to 100");
        }
        String a = addressOrWallet(address);
        JsonObject view = global.chain().get("/rpc/address/" + a + "?limit=" + limit);
        JsonArrayBuilder rows = JsonCodec.createArrayBuilder();
        for (String list : List.of("pending", "transactions")) {
            for (JsonValue v : view.getJsonArray(list)) {
                JsonObject t = v.asJsonObject();
                JsonObject payload = t.getJsonObject("payload");
                String counterpart = payload != null && payload.containsKey("recipient")
                        ? payload.getString("recipient", "-") : "-";
                rows.add(JsonCodec.createObjectBuilder().add("tx_hash", t.getString("tx_hash", "-"))
                        .add("type", t.getString("type", "-")).add("status", t.getString("status", list.equals("pending")
                                ? "pending" : "included"))
                        .add("block_height", t.containsKey("block_height") ? t.get("block_height") : JsonValue.NULL)
                        .add("sender", t.getString("sender", "-")).add("recipient", counterpart)
                        .add("amount", t.containsKey("amount") ? t.get("amount") : payloadAmount(payload))
                        .add("fee", t.containsKey("fee") ? t.get("fee") : JsonValue.NULL));
            }
        }
        JsonObject all = JsonCodec.createObjectBuilder().add("address", a)
                .add("balance", view.get("balance") == null ? JsonValue.NULL : view.get("balance"))
                .add("tx_count", view.get("tx_count") == null ? JsonValue.NULL : view.get("tx_count"))
                .add("transactions", rows).build();
        out().table(all, all.getJsonArray("transactions"),
                List.of("block_height", "type", "sender", "recipient", "amount", "fee", "tx_hash"),
                "no transactions for " + a);
    }

    private static JsonValue payloadAmount(JsonObject payload) {
        return payload != null && payload.get("amount") != null ? payload.get("amount") : JsonValue.NULL;
    }
}
