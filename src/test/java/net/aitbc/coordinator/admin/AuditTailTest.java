package net.aitbc.coordinator.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail read from its end: newest first across AuditLog's rotated generations, whole lines across chunk
 * boundaries, a half-written newest line and an overlong line skipped, and never more than asked.
 */
class AuditTailTest {

    @TempDir
    Path dir;

    private static String event(int i, int padding) {
        return "{\"time\":\"t" + i + "\",\"node_id\":\"n\",\"event\":\"e" + i + "\",\"pad\":\"" + "x".repeat(padding) + "\"}";
    }

    private static String lines(int from, int to, int padding, String separator) {
        return IntStream.range(from, to).mapToObj(i -> event(i, padding) + separator).collect(Collectors.joining());
    }

    private AuditTail tail(Path base) {
        AuditTail t = new AuditTail();
        t.file = base.toString();
        return t;
    }

    private static List<String> events(List<JsonObject> list) {
        return list.stream().map(o -> o.getString("event")).collect(Collectors.toList());
    }

    @Test
    void theNewestComeFirstAcrossGenerationsAndTheLimitHolds() throws IOException {
        Path base = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit.log.1"), lines(0, 5, 10, "\n"));
        Files.writeString(dir.resolve("audit.log.0"), lines(5, 8, 10, "\n"));
        assertEquals(List.of("e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0"), events(tail(base).newest(50)));
        assertEquals(List.of("e7", "e6", "e5", "e4"), events(tail(base).newest(4)));
        assertEquals(List.of("e7"), events(tail(base).newest(1)));
    }

    @Test
    void linesLongerThanAChunkAndAcrossChunkBoundariesComeWhole() throws IOException {
        Path base = dir.resolve("audit.log");
        // 300 lines of about 1 KB, then a few of about 100 KB: every chunk boundary cuts a line somewhere
        Files.writeString(dir.resolve("audit.log.0"), lines(0, 300, 1000, "\r\n") + lines(300, 303, 100_000, "\r\n"));
        List<JsonObject> all = tail(base).newest(500);
        assertEquals(303, all.size());
        List<String> expected = new ArrayList<>();
        for (int i = 302; i >= 0; i--) {
            expected.add("e" + i);
        }
        assertEquals(expected, events(all));
        assertEquals(100_000, all.get(0).getString("pad").length(), "a CRLF line is read without its CR, whole");
    }

    @Test
    void aHalfWrittenNewestLineIsSkippedWithoutCostingAnEvent() throws IOException {
        Path base = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit.log.0"), lines(0, 4, 5, "\n") + "{\"time\":\"t4\",\"ev");
        assertEquals(List.of("e3", "e2"), events(tail(base).newest(2)));
    }

    @Test
    void anOverlongLineIsSkippedAndTheOlderLinesAreStillRead() throws IOException {
        Path base = dir.resolve("audit.log");
        String overlong = "{\"event\":\"huge\",\"pad\":\"" + "y".repeat(AuditTail.MAX_LINE_BYTES + 10) + "\"}\n";
        Files.writeString(dir.resolve("audit.log.0"), lines(0, 2, 5, "\n") + overlong + lines(2, 3, 5, "\n"),
                StandardCharsets.UTF_8);
        assertEquals(List.of("e2", "e1", "e0"), events(tail(base).newest(10)));
    }

    @Test
    void withoutRotationThePlainFileIsReadAndWithoutAFileThereIsNothing() throws IOException {
        Path base = dir.resolve("plain.log");
        assertTrue(tail(base).newest(10).isEmpty());
        Files.writeString(base, lines(0, 3, 5, "\n"));
        assertEquals(List.of("e2", "e1", "e0"), events(tail(base).newest(10)));
    }

    @Test
    void onlyTheTailIsRead() throws IOException {
        Path file = dir.resolve("audit.log.0");
        Files.writeString(file, lines(0, 20_000, 200, "\n")); // about 5 MB
        AuditTail.Tail t = AuditTail.lastLines(file, 50, AuditTail.MAX_SCAN_BYTES);
        assertEquals(50, t.lines().size());
        assertEquals(AuditTail.CHUNK, t.bytesRead(), "50 lines of 250 bytes are in the last chunk");
    }
}
