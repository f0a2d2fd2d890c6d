package net.aitbc.marketplace;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A value read at most once per period and shared by every caller. When there is none (at first, or after
 * {@link #invalidate}) the caller reads it; when it is only old, callers get the old one while one background
 * task reads the next, so no reader waits for a rebuild. A read begun before an invalidation never replaces
 * what came after it.
 */
final class RefreshedValue<T> {

    private static final Logger LOG = Logger.getLogger(RefreshedValue.class.getName());

    private record Snapshot<T>(long readAt, T value) {
    }

    private final long freshMillis;
    private final Supplier<T> reader;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot<T> snapshot;
    /** Counts invalidations (guarded by this). */
    private long generation;

    RefreshedValue(long freshMillis, Supplier<T> reader) {
        this.freshMillis = freshMillis;
        this.reader = reader;
    }

    T get(Executor background) {
        Snapshot<T> s = snapshot;
        if (s == null) {
            synchronized (this) {
                s = snapshot;
                if (s == null) {
                    T value = reader.get();
                    s = snapshot = new Snapshot<>(System.currentTimeMillis(), value);
                }
            }
            return s.value();
        }
        if (System.currentTimeMillis() - s.readAt() > freshMillis && refreshing.compareAndSet(false, true)) {
            try {
                background.execute(this::refresh);
            } catch (RuntimeException e) {
                refreshing.set(false); // no executor (shutting down): the next caller tries again
            }
        }
        return s.value();
    }

    /** Forget the value (it changed here): the next caller reads it anew. */
    synchronized void invalidate() {
        snapshot = null;
        generation++;
    }

    private void refresh() {
        long started;
        synchronized (this) {
            started = generation;
        }
        try {
            T value = reader.get();
            synchronized (this) {
                if (generation == started) {
                    snapshot = new Snapshot<>(System.currentTimeMillis(), value);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a marketplace board was not refreshed; the next reader tries again", e);
        } finally {
            refreshing.set(false);
        }
    }
}
