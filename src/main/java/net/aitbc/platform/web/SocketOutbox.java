package net.aitbc.platform.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The messages waiting for one WebSocket subscriber, sent one at a time and in order (a WebSocket session takes one
 * asynchronous send at a time). A subscriber that falls {@code maxQueued} messages behind is closed with "try again
 * later" rather than let it slow the server or hold its memory; {@code onClosed} then lets the stream forget it.
 */
public final class SocketOutbox {

    private final Session session;
    private final int maxQueued;
    private final Runnable onClosed;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;

    public SocketOutbox(Session session, int maxQueued, Runnable onClosed) {
        this.session = session;
        this.maxQueued = maxQueued;
        this.onClosed = onClosed;
    }

    public synchronized void offer(String message) {
        if (queue.size() >= maxQueued) {
            close("too far behind: " + maxQueued + " messages; reconnect");
            return;
        }
        queue.add(message);
        if (!sending) {
            sendNext();
        }
    }

    private synchronized void sendNext() {
        String next = queue.poll();
        if (next == null || !session.isOpen()) {
            sending = false;
            return;
        }
        sending = true;
        try {
            session.getAsyncRemote().sendText(next, result -> {
                if (result.isOK()) {
                    sendNext();
                } else {
                    close("send failed");
                }
            });
        } catch (RuntimeException e) {
            close("send failed");
        }
    }

    private synchronized void close(String why) {
        queue.clear();
        sending = false;
        onClosed.run();
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, why));
        } catch (IOException | RuntimeException ignored) {
            // the client is gone either way
        }
    }
}
