package net.aitbc.chain.ledger;

import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import net.aitbc.chain.protocol.SignedTx;

/** A transaction included in a block, with everything needed to re-verify it. */
@Entity
@Table(name = "chain_tx")
@NamedQuery(name = "ChainTx.inBlock", query = "SELECT t FROM ChainTx t WHERE t.blockHeight = :height ORDER BY t.position")
@NamedQuery(name = "ChainTx.inBlocks", query = "SELECT t FROM ChainTx t WHERE t.blockHeight BETWEEN :start AND :end ORDER BY t.blockHeight, t.position")
@NamedQuery(name = "ChainTx.newest", query = "SELECT t FROM ChainTx t ORDER BY t.blockHeight DESC, t.position DESC")
@NamedQuery(name = "ChainTx.count", query = "SELECT COUNT(t) FROM ChainTx t")
@NamedQuery(name = "ChainTx.ofAddress", query = "SELECT t FROM ChainTx t WHERE t.sender = :address OR t.recipient = :address ORDER BY t.blockHeight DESC, t.position DESC")
@NamedQuery(name = "ChainTx.countOfAddress", query = "SELECT COUNT(t) FROM ChainTx t WHERE t.sender = :address OR t.recipient = :address")
@NamedQuery(name = "ChainTx.exists", query = "SELECT COUNT(t) FROM ChainTx t WHERE t.txHash = :hash")
public class ChainTx extends StoredTx {

    @Column(name = "block_height", nullable = false)
    private long blockHeight;
    private int position;

    protected ChainTx() {
    }

    public static ChainTx included(SignedTx tx, long height, int position, long receivedAt) {
        ChainTx t = new ChainTx();
        t.copy(tx, tx.amount(), receivedAt);
        t.blockHeight = height;
        t.position = position;
        return t;
    }

    /** The item of /rpc/tx, /rpc/transactions and a block's transactions[]. */
    public JsonObject toJson(String chainId) {
        return jsonBuilder(chainId).add("block_height", blockHeight).add("position", position)
                .add("status", "included").add("amount", amount).build();
    }

    public long blockHeight() {
        return blockHeight;
    }
}
