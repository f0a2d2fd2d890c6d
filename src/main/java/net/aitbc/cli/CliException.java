package net.aitbc.cli;

/** A failure the tool reports in one line with its exit code: what a server or a check said, or bad usage. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(String message) {
        this(message, Failures.REPORTED);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Bad usage found after parsing (a wallet that does not exist, a password source that is empty). */
    public static CliException usage(String message) {
        return new CliException(message, Failures.USAGE);
    }

    public int exitCode() {
        return exitCode;
    }
}
