package net.aitbc.cli.verify;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.cli.CliException;
import net.aitbc.cli.Output;
import picocli.CommandLine.Model.CommandSpec;

/** Reading what to verify, and saying the verdict. */
final class Inputs {

    private Inputs() {
    }

    /** A JSON object from a file or standard input ("-"); unreadable input is bad usage (exit 2). */
    static JsonObject read(String source) {
        String text;
        try {
            text = "-".equals(source) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw CliException.usage("cannot read " + source + ": no such file");
        } catch (IOException e) {
            throw CliException.usage("cannot read " + source + ": " + e.getMessage());
        }
        try (var reader = JsonCodec.createReader(new StringReader(text))) {
            if (reader.read() instanceof JsonObject o) {
                return o;
            }
        } catch (RuntimeException e) {
            throw CliException.usage(source + " is not JSON: " + e.getMessage());
        }
        throw CliException.usage(source + " is not a JSON object");
    }

    /** Prints every check; an invalid result ends with exit code 1 and one line naming the failed checks. */
    static void report(Output out, CommandSpec spec, Checks checks, String what) {
        out.message((checks.ok() ? "valid: " : "INVALID: ") + what + "\n" + checks.lines(), checks.json(what));
        if (!checks.ok()) {
            throw new CliException(what + " does not verify: " + String.join(", ", checks.all().stream()
                    .filter(c -> !c.ok()).map(Checks.Check::name).toList()));
        }
    }
}
