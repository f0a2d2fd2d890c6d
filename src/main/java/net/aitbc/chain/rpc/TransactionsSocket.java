package net.aitbc.chain.rpc;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /rpc/ws/transactions}: {@code {tx_hash, type, sender, fee, status: "pending"}} when a transaction enters
 * the mempool, {@code {tx_hash, status: "included", block_height}} when a block takes it.
 */
@ServerEndpoint("/rpc/ws/transactions")
public class TransactionsSocket {

    @OnOpen
    public void open(Session session) {
        BlocksSocket.stream().subscribe(session, LiveStream.Topic.TRANSACTIONS);
    }

    @OnClose
    public void close(Session session) {
        BlocksSocket.stream().unsubscribe(session);
    }

    @OnError
    public void error(Session session, Throwable t) {
        BlocksSocket.stream().unsubscribe(session);
    }
}
