package net.aitbc.exchange;

import java.util.List;

/**
 * What one committed engine batch changed in the book, for the stream: the levels that moved (as they are now,
 * amount 0 when gone), the trades, and the snapshot that results (its sequence and hash).
 */
public record BookUpdate(BookSnapshot snapshot, List<LevelChange> changes, List<Trade> trades) {

    /** A level as it is after the batch; side B or S. */
    public record LevelChange(String side, BookLevel level) {
    }
}
