package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The newest events of this server's audit trail, read from the end of the files {@code AuditLog} writes. Those
 * grow to 5 files of 50 MB and the dashboard asks every few seconds, so only the last lines are read, backwards in
 * chunks, never a whole file.
 */
@ApplicationScoped
public class AuditTail {

    /**
     * AuditLog's FileHandler keeps this many generations and, as its pattern has no {@code %g}, names them
     * {@code <AITBC_AUDIT_LOG>.0} (being written) to {@code .4} (oldest).
     */
    static final int GENERATIONS = 5;
    static final int CHUNK = 64 * 1024;
    /** How far back one request reads at most: 500 audit lines of a few hundred bytes fit many times over. */
    static final long MAX_SCAN_BYTES = 8L * 1024 * 1024;
    /** No audit event is this long; a longer line is skipped rather than held in memory. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    @Inject
    @ConfigProperty(name = "AITBC_AUDIT_LOG", defaultValue = "logs/audit.log")
    String file;

    /** The configured name (relative to the server's directory, as AuditLog resolves it). */
    public String file() {
        return file;
    }

    /** At most {@code limit} events, newest first; lines that are not a JSON object (a half-written one) are skipped. */
    public List<JsonObject> newest(int limit) throws IOException {
        List<JsonObject> events = new ArrayList<>(limit);
        long budget = MAX_SCAN_BYTES;
        for (Path p : files(Path.of(file).toAbsolutePath())) {
            // one line more than needed: the newest may be half-written by the log at this moment. A rotation
            // between two files can show an event twice; the dashboard can live with that.
            Tail tail = lastLines(p, limit - events.size() + 1, budget);
            for (String line : tail.lines()) {
                JsonObject event = JsonCodec.objectOrNull(line);
                if (event != null && events.size() < limit) {
                    events.add(event);
                }
            }
            budget -= tail.bytesRead();
            if (events.size() >= limit || budget <= 0) {
                break;
            }
        }
        return events;
    }

    /** The audit files, newest first: the generations that exist, else the plain name (a handler without rotation). */
    static List<Path> files(Path base) {
        List<Path> found = new ArrayList<>();
        for (int g = 0; g < GENERATIONS; g++) {
            Path p = base.resolveSibling(base.getFileName() + "." + g);
            if (Files.isRegularFile(p)) {
                found.add(p);
            }
        }
        if (found.isEmpty() && Files.isRegularFile(base)) {
            found.add(base);
        }
        return found;
    }

    /** Lines of a file, newest first, and how many bytes reading them took. */
    record Tail(List<String> lines, long bytesRead) {
    }

    /** The last {@code max} non-empty lines of a file, newest first, reading at most about {@code budget} bytes. */
    static Tail lastLines(Path file, int max, long budget) throws IOException {
        List<String> lines = new ArrayList<>();
        if (max <= 0) {
            return new Tail(lines, 0);
        }
        long read = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long pos = channel.size(); // what is appended meanwhile is newer than this answer: not read
            byte[] carry = new byte[0]; // the end of a line whose start lies before pos
            boolean overlong = false; // carry was dropped: the rest of that line is dropped too
            while (pos > 0 && lines.size() < max && read < budget) {
                int n = (int) Math.min(CHUNK, pos);
                pos -= n;
                byte[] chunk = readFully(channel, pos, n);
                read += n;
                byte[] bytes;
                int end;
                if (overlong) {
                    int lastBreak = lastIndexOf(chunk, (byte) '\n');
                    if (lastBreak < 0) {
                        continue; // the whole chunk is inside the overlong line
                    }
                    bytes = chunk;
                    end = lastBreak; // what follows the break belongs to the overlong line
                    overlong = false;
                } else {
                    bytes = concat(chunk, carry);
                    end = bytes.length;
                }
                int keep = split(bytes, end, pos == 0, lines, max);
                if (keep > MAX_LINE_BYTES) {
                    carry = new byte[0];
                    overlong = true;
                } else {
                    carry = Arrays.copyOf(bytes, keep);
                }
            }
        }
        return new Tail(lines, read);
    }

    /**
     * Takes the whole lines of {@code bytes[0, end)} from the end; when {@code atStart} the part before the first
     * line break is a whole line too. Returns how many leading bytes are not yet known to be a whole line.
     */
    static int split(byte[] bytes, int end, boolean atStart, List<String> lines, int max) {
        int lineEnd = end;
        for (int i = end - 1; i >= 0 && lines.size() < max; i--) {
            if (bytes[i] == '\n') {
                add(bytes, i + 1, lineEnd, lines);
                lineEnd = i;
            }
        }
        if (atStart && lines.size() < max) {
            add(bytes, 0, lineEnd, lines);
            return 0;
        }
        return lineEnd;
    }

    private static void add(byte[] bytes, int from, int to, List<String> lines) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to; // AuditLog ends lines with the platform's separator
        if (end > from && end - from <= MAX_LINE_BYTES) {
            lines.add(new String(bytes, from, end - from, StandardCharsets.UTF_8)); // '\n' never occurs inside a UTF-8 sequence
        }
    }

    private static byte[] readFully(SeekableByteChannel channel, long pos, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        channel.position(pos);
        while (buf.hasRemaining() && channel.read(buf) >= 0) {
            // keep reading: a channel may return fewer bytes than asked
        }
        return buf.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
