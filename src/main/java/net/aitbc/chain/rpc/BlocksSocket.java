package net.aitbc.chain.rpc;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /rpc/ws/blocks}: each new head as the header object of /rpc/blocks/{h}. */
@ServerEndpoint("/rpc/ws/blocks")
public class BlocksSocket {

    @OnOpen
    public void open(Session session) {
        stream().subscribe(session, LiveStream.Topic.BLOCKS);
    }

    @OnClose
    public void close(Session session) {
        stream().unsubscribe(session);
    }

    @OnError
    public void error(Session session, Throwable t) {
        stream().unsubscribe(session);
    }

    static LiveStream stream() {
        return CDI.current().select(LiveStream.class).get();
    }
}
