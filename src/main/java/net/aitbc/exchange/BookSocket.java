package net.aitbc.exchange;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /exchange/api/ws/book}: the {@link BookStream}; a client sends {@code resync} for a fresh snapshot. */
@ServerEndpoint("/exchange/api/ws/book")
public class BookSocket {

    @OnOpen
    public void open(Session session) {
        stream().subscribe(session);
    }

    @OnMessage
    public void message(Session session, String text) {
        if ("resync".equalsIgnoreCase(text.strip())) {
            stream().resync(session);
        }
    }

    @OnClose
    public void close(Session session) {
        stream().unsubscribe(session);
    }

    @OnError
    public void error(Session session, Throwable t) {
        stream().unsubscribe(session);
    }

    private static BookStream stream() {
        return CDI.current().select(BookStream.class).get();
    }
}
