package net.aitbc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Linux says about a process ({@code /proc/<pid>/...}): resident memory, threads, open descriptors, CPU time,
 * the descriptor limit; and the established TCP connections a local port holds. -1 for what cannot be read (the
 * process ended, no such pid).
 */
final class ProcStat {

    /** USER_HZ: the unit of the CPU times in /proc/<pid>/stat (100 on every Linux build seen so far). */
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private ProcStat() {
    }

    static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** The {@code Threads:} line of /proc/<pid>/status: the process' threads right now. */
    static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    static long fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** "RSS 412 MiB, 87 threads, 130 open files" of a process. */
    static String line(long pid) {
        if (pid < 0) {
            return "(process not found)";
        }
        return String.format("RSS %d MiB, %d threads, %d open files", rssKb(pid) / 1024, threads(pid), fds(pid));
    }

    /** The soft limit of open files ("Max open files" of /proc/<pid>/limits); Long.MAX_VALUE when unlimited. */
    static long openFilesLimit(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", pid < 0 ? "self" : Long.toString(pid), "limits"))) {
                if (l.startsWith("Max open files")) {
                    String soft = l.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /** User plus system CPU seconds the process has used; with its ended children when {@code children}. */
    static double cpuSeconds(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime (14), stime (15)
            if (children) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime (16), cstime (17)
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds of a process and all its live descendants (PostgreSQL: the postmaster and its backends). */
    static double treeCpuSeconds(long pid) {
        if (pid < 0) {
            return 0;
        }
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        return cpuSeconds(pid, true) + root.map(h -> h.descendants().mapToDouble(d -> cpuSeconds(d.pid(), false))
                .sum()).orElse(0.0);
    }

    /**
     * Established TCP connections whose local end is {@code port} (the server's side of each; on loopback the
     * client's side is listed too, with the port as its remote end, and is not counted).
     */
    static long establishedAt(int port) {
        String hexPort = String.format(":%04X", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String l : Files.readAllLines(Path.of(table))) {
                    String[] f = l.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("01")) {
                        n++;
                    }
                }
            } catch (IOException e) {
                // no IPv6 table
            }
        }
        return n;
    }

    private static long statusField(long pid, String field) {
        if (pid < 0) {
            return -1;
        }
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith(field)).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
