package net.aitbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/aitbc.jar} as a user runs it: a child process with its own home directory (so no config
 * file or wallet of this machine's user is seen), an environment of the test's choosing, and its exit code,
 * stdout and stderr.
 */
public final class AitbcTool {

    public static final Path JAR = Path.of("target/aitbc.jar");

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    public AitbcTool() {
        try {
            home = Files.createTempDirectory("aitbc-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public AitbcTool env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Run run(String... args) {
        return runWithInput(null, args);
    }

    public Run runWithInput(String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // only what the test sets: none of this machine's AITBC_* settings leak in
        pb.environment().keySet().removeIf(k -> k.startsWith("AITBC_") || k.equals("MINER_API_KEY"));
        pb.environment().putAll(env);
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aitbc " + String.join(" ", args) + " did not end within 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AITBC_") || k.equals("MINER_API_KEY"));
        pb.environment().putAll(env);
        return pb.start();
    }
}
