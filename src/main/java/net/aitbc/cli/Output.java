package net.aitbc.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command prints on stdout: for people a table or aligned "field: value" lines; for scripts
 * ({@code --output json}) exactly one JSON document per command, whose fields are the ones documented in the
 * README. Errors never go here (stderr, {@link Failures}).
 */
public final class Output {

    /** Lower case, as typed on the command line. */
    public enum Format { table, json }

    private final PrintWriter out;
    private final Format format;

    public Output(CommandSpec spec, Format format) {
        this.out = spec.commandLine().getOut();
        this.format = format;
    }

    public boolean json() {
        return format == Format.json;
    }

    /** One thing: its fields, one per line, or the object. */
    public void record(JsonObject o) {
        if (json()) {
            print(o);
            return;
        }
        int width = o.keySet().stream().mapToInt(String::length).max().orElse(0);
        o.forEach((k, v) -> {
            if (!(v instanceof JsonArray) && !(v instanceof JsonObject)) {
                out.println(k + ":" + " ".repeat(width - k.length() + 1) + text(v));
            }
        });
        out.flush();
    }

    /** A list: {@code rows} of {@code whole} as columns, or {@code whole} itself. */
    public void table(JsonObject whole, JsonArray rows, List<String> columns, String empty) {
        if (json()) {
            print(whole);
            return;
        }
        if (rows.isEmpty()) {
            out.println(empty);
            out.flush();
            return;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new));
        for (JsonValue r : rows) {
            JsonObject row = r.asJsonObject();
            lines.add(columns.stream().map(c -> text(row.get(c))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        }
        for (String[] l : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < l.length; i++) {
                b.append(i == l.length - 1 ? l[i] : l[i] + " ".repeat(widths[i] - l[i].length() + 2));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }

    /** A sentence for people, the object for scripts. */
    public void message(String text, JsonObject o) {
        if (json()) {
            print(o);
        } else {
            out.println(text);
            out.flush();
        }
    }

    /** Progress for people (on stderr, so that stdout stays the answer); nothing in JSON mode. */
    public void progress(CommandSpec spec, String text) {
        if (!json()) {
            spec.commandLine().getErr().println(text);
            spec.commandLine().getErr().flush();
        }
    }

    private void print(JsonObject o) {
        out.println(o.toString());
        out.flush();
    }

    static String text(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return "-";
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        return v.toString();
    }
}
