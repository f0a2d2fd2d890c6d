package net.aitbc.cli.miner;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to abort one job from another thread (shutdown after the grace period, the job timeout). Blocking reads
 * of the JDK HTTP client are not reliably interruptible, so whoever blocks registers how to unblock it (cancel the
 * request future, close the response stream) and {@link #cancel} runs that.
 */
public final class Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private String reason;

    /** Runs {@code action} on cancellation, or at once when already cancelled. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Cancels with a reason (an error_code such as "shutdown" or "timeout"); the first reason wins. */
    public boolean cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            reason = why;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // one failing abort must not keep the others from running
            }
        }
        return true;
    }

    public synchronized boolean cancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public synchronized String reason() {
        return reason;
    }
}
