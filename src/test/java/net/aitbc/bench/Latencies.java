package net.aitbc.bench;

import java.util.Arrays;

/** Durations in nanoseconds from many threads (a few hundred a second: one lock is no contention). */
final class Latencies {

    private long[] values = new long[256];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized long[] sorted() {
        long[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        return s;
    }

    /** The p-th percentile in milliseconds (100: the maximum; 0 when there are none). */
    double ms(int p) {
        return NodeBenchmark.pct(sorted(), p) / 1e6;
    }

    /** The shortest in milliseconds (0 when there are none). */
    double minMs() {
        long[] s = sorted();
        return s.length == 0 ? 0 : s[0] / 1e6;
    }

    /** "p50 12.3 ms, p95 …, p99 …, max … (n)"; "none" when empty. */
    String line() {
        long[] s = sorted();
        if (s.length == 0) {
            return "none";
        }
        return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d)", NodeBenchmark.pct(s, 50) / 1e6,
                NodeBenchmark.pct(s, 95) / 1e6, NodeBenchmark.pct(s, 99) / 1e6, s[s.length - 1] / 1e6, s.length);
    }
}
