package net.aitbc.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The whole book as committed after one engine batch, numbered by {@code sequence}, with the hash a stream client
 * checks its own copy against: SHA-256 over {@code B:price:amount\n} for each buy level best first, then
 * {@code S:price:amount\n} for each sell level best first (docs in the OpenAPI of the orderbook).
 */
public record BookSnapshot(long sequence, List<BookLevel> buys, List<BookLevel> sells, String hash) {

    public static BookSnapshot of(long sequence, List<BookLevel> buys, List<BookLevel> sells) {
        return new BookSnapshot(sequence, List.copyOf(buys), List.copyOf(sells), hash(buys, sells));
    }

    public static String hash(List<BookLevel> buys, List<BookLevel> sells) {
        StringBuilder text = new StringBuilder();
        buys.forEach(l -> text.append("B:").append(l.price()).append(':').append(l.amount()).append('\n'));
        sells.forEach(l -> text.append("S:").append(l.price()).append(':').append(l.amount()).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public BookLevel bestBid() {
        return buys.isEmpty() ? null : buys.get(0);
    }

    public BookLevel bestAsk() {
        return sells.isEmpty() ? null : sells.get(0);
    }
}
