package net.aitbc.chain.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import net.aitbc.chain.ledger.Block;

/** Block timestamps on the wire and in hashes: exactly {@code 2026-11-25T01:14:32.123Z} (UTC, milliseconds). */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Parses the exact form; anything else (no millis, offsets) is rejected. */
    public static long parse(String text) {
        if (text == null || !text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z")) {
            throw new IllegalArgumentException("timestamp must look like 2026-11-25T01:14:32.123Z: " + text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a valid UTC time: " + text, e);
        }
    }
}
