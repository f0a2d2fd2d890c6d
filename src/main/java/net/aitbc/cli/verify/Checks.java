package net.aitbc.cli.verify;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;

/** The checks one verification ran, each passed or failed with what it found. */
final class Checks {

    record Check(String name, boolean ok, String detail) {
    }

    private final List<Check> all = new ArrayList<>();

    void add(String name, boolean ok, String detail) {
        all.add(new Check(name, ok, detail));
    }

    boolean ok() {
        return !all.isEmpty() && all.stream().allMatch(Check::ok);
    }

    List<Check> all() {
        return all;
    }

    String lines() {
        StringBuilder b = new StringBuilder();
        for (Check c : all) {
            b.append(c.ok() ? "  ok    " : "  FAIL  ").append(c.name()).append(": ").append(c.detail()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    JsonObject json(String what) {
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        all.forEach(c -> list.add(JsonCodec.createObjectBuilder().add("name", c.name()).add("ok", c.ok())
                .add("detail", c.detail())));
        return JsonCodec.createObjectBuilder().add("what", what).add("valid", ok()).add("checks", list).build();
    }
}
