package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.node.ChainViews;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The serialised form of full blocks, plain and gzipped, kept by block hash (least recently used out, bounded by
 * AITBC_BLOCK_CACHE_BYTES): a block's hash fixes its header and, through tx_root, its transactions, so the bytes
 * of a hash never change, even when a reorganisation replaces the block at that height (the old entry just ages
 * out). A read of a cached block costs no transaction query, no JSON building and no compression.
 */
@ApplicationScoped
public class BlockJsonCache {

    /** Below this a response is not worth compressing. */
    private static final int GZIP_FROM_BYTES = 2048;

    @Inject
    ChainViews views;
    // 16 MiB: a few full blocks (a 2,000-transaction block is about 1.7 MB plain and gzipped); 32 MiB left the
    // shipped 224 MB heap so little room that a node at 1,000 tx/s collected its old generation once a minute
    @Inject
    @ConfigProperty(name = "AITBC_BLOCK_CACHE_BYTES", defaultValue = "16777216")
    long capacityBytes;

    /** A block's JSON: {@code gzip} null when the block is too small to compress. */
    public record Serialised(byte[] plain, byte[] gzip) {

        long bytes() {
            return plain.length + (gzip == null ? 0 : gzip.length);
        }
    }

    private final Map<String, Serialised> cache = new LinkedHashMap<>(256, 0.75f, true);
    /**
     * Heights that can no longer be reorganised away (more than max_reorg_depth below the head when seen), with
     * their block's hash: a read of such a block needs no query at all. Bounded; a miss is only a query.
     */
    private final Map<Long, String> settled = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SETTLED = 100_000;
    private long cachedBytes;

    public Serialised of(Block block) {
        return of(block, null);
    }

    /** As {@link #of(Block)}, with the block's transactions already read (a range reads them in one query). */
    public Serialised of(Block block, List<ChainTx> txs) {
        Serialised hit = cached(block.hash());
        if (hit != null) {
            return hit;
        }
        Serialised fresh = serialise(block, txs);
        remember(block.hash(), fresh);
        return fresh;
    }

    /** The cached bytes of the block at a settled height, if both are known here. */
    public Serialised settledAt(long height) {
        String hash = settled.get(height);
        return hash == null ? null : cached(hash);
    }

    /** Remembers that {@code block} is the block at its height for good ({@code headHeight}: the head's now). */
    public void settle(Block block, long headHeight, int maxReorgDepth) {
        if (block.height() < headHeight - maxReorgDepth) {
            if (settled.size() >= MAX_SETTLED) {
                settled.clear();
            }
            settled.put(block.height(), block.hash());
        }
    }

    private synchronized Serialised cached(String hash) {
        return cache.get(hash);
    }

    private synchronized void remember(String hash, Serialised s) {
        if (s.bytes() > capacityBytes || cache.containsKey(hash)) {
            return;
        }
        cache.put(hash, s);
        cachedBytes += s.bytes();
        var eldest = cache.entrySet().iterator();
        while (cachedBytes > capacityBytes && eldest.hasNext()) {
            cachedBytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    private Serialised serialise(Block block, List<ChainTx> txs) {
        byte[] plain = (txs == null ? views.fullBlock(block) : views.fullBlock(block, txs)).toString()
                .getBytes(StandardCharsets.UTF_8);
        return new Serialised(plain, plain.length < GZIP_FROM_BYTES ? null : gzip(plain));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
