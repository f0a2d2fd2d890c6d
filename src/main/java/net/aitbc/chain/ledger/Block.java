package net.aitbc.chain.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import net.aitbc.chain.protocol.BlockHeader;

/** A stored block header (its transactions are {@link ChainTx} rows). */
@Entity
@Table(name = "chain_block")
@NamedQuery(name = "Block.newest", query = "SELECT b FROM Block b ORDER BY b.height DESC")
@NamedQuery(name = "Block.byHash", query = "SELECT b FROM Block b WHERE b.hash = :hash")
@NamedQuery(name = "Block.range", query = "SELECT b FROM Block b WHERE b.height BETWEEN :start AND :end ORDER BY b.height")
@NamedQuery(name = "Block.count", query = "SELECT COUNT(b) FROM Block b")
public class Block {

    @Id
    private long height;
    @Column(nullable = false, unique = true)
    private String hash;
    @Column(name = "parent_hash", nullable = false)
    private String parentHash;
    @Column(nullable = false)
    private String proposer;
    @Column(name = "block_time", nullable = false)
    private long blockTime;
    @Column(name = "tx_count", nullable = false)
    private int txCount;
    @Column(name = "tx_root", nullable = false)
    private String txRoot;
    @Column(name = "state_root", nullable = false)
    private String stateRoot;
    private String signature;

    protected Block() {
    }

    public static Block of(BlockHeader h) {
        Block b = new Block();
        b.height = h.height();
        b.hash = h.hash();
        b.parentHash = h.parentHash();
        b.proposer = h.proposer();
        b.blockTime = h.timestamp();
        b.txCount = h.txCount();
        b.txRoot = h.txRoot();
        b.stateRoot = h.stateRoot();
        b.signature = h.signature();
        return b;
    }

    public BlockHeader header(String chainId) {
        return new BlockHeader(chainId, height, parentHash, proposer, blockTime, txCount, txRoot, stateRoot, hash,
                signature);
    }

    public long height() {
        return height;
    }

    public String hash() {
        return hash;
    }

    public long blockTime() {
        return blockTime;
    }

    public int txCount() {
        return txCount;
    }

    public String stateRoot() {
        return stateRoot;
    }
}
