package net.aitbc.cli.miner;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The miner's log: one line per event (registered, job received, job done, backoff) on stderr, so that stdout
 * stays free for command output. Nothing secret is ever handed to it: the API key and the session token stay in
 * {@link CoordinatorApi} and {@link Registration}.
 */
public final class EventLog {

    private final PrintStream out;

    public EventLog(PrintStream out) {
        this.out = out;
    }

    public static EventLog stderr() {
        return new EventLog(System.err);
    }

    public void event(String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " aitbc miner: " + message;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
