package net.aitbc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import net.aitbc.chain.client.ChainClientException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the tool ends when something goes wrong: one line on stderr that names the problem, and an exit code a script
 * can branch on (2 for bad usage, 1 for what a server or a check reported). Picocli's own reaction to a bad option
 * prints the whole usage text; one line and a pointer to {@code --help} is easier to read in a script's log.
 */
public final class Failures {

    public static final int REPORTED = 1;
    public static final int USAGE = 2;

    private Failures() {
    }

    public static int badUsage(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        cl.getErr().println("error: " + oneLine(e.getMessage()) + hint + " (see: "
                + cl.getCommandSpec().qualifiedName() + " --help)");
        return USAGE;
    }

    public static int failed(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof CliException c) {
            cl.getErr().println("error: " + oneLine(c.getMessage()));
            return c.exitCode();
        }
        cl.getErr().println("error: " + oneLine(describe(e)));
        return REPORTED;
    }

    /** A message for an exception a library threw: what failed, without a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof ChainClientException c) {
            return "the node refused: " + c.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "cannot connect to the server: " + (e.getMessage() == null ? root : e.getMessage());
        }
        if (root instanceof HttpTimeoutException) {
            return "the server did not answer in time: " + e.getMessage();
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }
}
