package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.web.SocketOutbox;

/**
 * The book stream of {@code /exchange/api/ws/book}: a snapshot on connect (and on a client's {@code resync}), then
 * one numbered update per committed engine batch that moved the book, each with the hash of the book after it, so a
 * client that missed one sees the gap or the mismatch and asks again. A snapshot and the updates are queued under
 * one lock, so a client gets them in sequence order; a subscriber {@value #MAX_QUEUED} messages behind is dropped.
 */
@ApplicationScoped
public class BookStream {

    static final int MAX_QUEUED = 5_000;

    @Inject
    ExchangeEngine engine;

    private final Map<Session, SocketOutbox> subscribers = new ConcurrentHashMap<>();
    private BookSnapshot last;

    synchronized void subscribe(Session session) {
        SocketOutbox s = new SocketOutbox(session, MAX_QUEUED, () -> subscribers.remove(session));
        subscribers.put(session, s);
        s.offer(snapshotMessage());
    }

    synchronized void resync(Session session) {
        SocketOutbox s = subscribers.get(session);
        if (s != null) {
            s.offer(snapshotMessage());
        }
    }

    void unsubscribe(Session session) {
        subscribers.remove(session);
    }

    synchronized void onUpdate(@Observes BookUpdate update) {
        last = update.snapshot();
        if (subscribers.isEmpty()) {
            return;
        }
        JsonArrayBuilder changes = JsonCodec.createArrayBuilder();
        for (BookUpdate.LevelChange c : update.changes()) {
            changes.add(JsonCodec.createObjectBuilder().add("side", c.side()).add("price", c.level().price())
                    .add("amount", c.level().amount()).add("orders", c.level().orders()));
        }
        String message = JsonCodec.createObjectBuilder().add("type", "update")
                .add("sequence", update.snapshot().sequence()).add("changes", changes)
                .add("trades", ExchangeViews.trades(update.trades())).add("hash", update.snapshot().hash()).build()
                .toString();
        subscribers.values().forEach(s -> s.offer(message));
    }

    private String snapshotMessage() {
        BookSnapshot s = last != null ? last : engine.snapshot();
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("type", "snapshot").add("sequence", s.sequence())
                .add("hash", s.hash()).add("buys", ExchangeViews.levels(s.buys(), Integer.MAX_VALUE))
                .add("sells", ExchangeViews.levels(s.sells(), Integer.MAX_VALUE));
        return b.build().toString();
    }
}
