package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.aitbc.chain.ledger.BlockAdded;
import net.aitbc.chain.mempool.TxAccepted;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.web.SocketOutbox;

/**
 * Fans committed blocks and accepted transactions out to the WebSocket subscribers of /rpc/ws/blocks and
 * /rpc/ws/transactions. Each subscriber gets every message in order through its own queue; one that falls
 * {@value #MAX_QUEUED} messages behind is disconnected rather than slowing the node.
 */
@ApplicationScoped
public class LiveStream {

    static final int MAX_QUEUED = 10_000;

    enum Topic { BLOCKS, TRANSACTIONS }

    private final Map<Session, Subscriber> subscribers = new ConcurrentHashMap<>();

    void subscribe(Session session, Topic topic) {
        subscribers.put(session, new Subscriber(new SocketOutbox(session, MAX_QUEUED,
                () -> subscribers.remove(session)), topic));
    }

    void unsubscribe(Session session) {
        subscribers.remove(session);
    }

    void onBlock(@Observes(during = TransactionPhase.AFTER_SUCCESS) BlockAdded event) {
        if (event.header() == null) {
            return;
        }
        publish(Topic.BLOCKS, event.header().toJson().toString());
        for (String hash : event.txHashes()) {
            publish(Topic.TRANSACTIONS, JsonCodec.createObjectBuilder().add("tx_hash", hash).add("status", "included")
                    .add("block_height", event.header().height()).build().toString());
        }
    }

    void onTransaction(@Observes(during = TransactionPhase.AFTER_SUCCESS) TxAccepted event) {
        publish(Topic.TRANSACTIONS, JsonCodec.createObjectBuilder().add("tx_hash", event.tx().hash())
                .add("type", event.tx().type().name()).add("sender", event.tx().sender())
                .add("fee", event.tx().fee()).add("status", "pending").build().toString());
    }

    private void publish(Topic topic, String message) {
        for (Subscriber s : subscribers.values()) {
            if (s.topic == topic) {
                s.offer(message);
            }
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private record Subscriber(SocketOutbox outbox, Topic topic) {
        void offer(String message) {
            outbox.offer(message);
        }
    }
}
