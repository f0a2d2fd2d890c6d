package net.aitbc.chain.sync;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Sync by RPC polling (chain.md): on each tick ask every peer for its head; when a peer is ahead fetch the
 * missing blocks in batches of up to 100 (/rpc/blocks-range) and import them, fully validated. When the peer is
 * on another branch the batch starts max_reorg_depth blocks back, so the fork point is inside it. A peer that
 * is down, slow or refused costs only its own part of the tick (bounded timeouts, a breaker per peer).
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class.getName());
    private static final int BATCH = 100;

    @Inject
    @ConfigProperty(name = "AITBC_PEERS", defaultValue = " ")
    String peersSetting;
    @Inject
    @ConfigProperty(name = "AITBC_PEER_TIMEOUT_SECONDS", defaultValue = "5")
    int timeoutSeconds;
    @Inject
    Ledger ledger;
    @Inject
    ChainConfig config;
    @Inject
    BlockImporter importer;
    @Inject
    ChainHead chainHead;
    @Inject
    MetricRegistry metrics;
    @Resource
    ManagedExecutorService executor;

    private final List<PeerState> peers = new ArrayList<>();
    private volatile long lastSyncAt;

    @PostConstruct
    void configure() {
        for (String raw : peersSetting.split(",")) {
            String url = raw.strip();
            if (!url.isEmpty()) {
                PeerState peer = new PeerState(url, new ChainClient(url, Duration.ofSeconds(timeoutSeconds)));
                peers.add(peer);
                metrics.gauge("aitbc_sync_peer_lag", peer, PeerState::lag, new Tag("peer", url));
            }
        }
    }

    public boolean hasPeers() {
        return !peers.isEmpty();
    }

    List<PeerState> peers() {
        return peers;
    }

    /** One sync round over all peers. */
    public void tick() {
        for (PeerState peer : peers) {
            if (!peer.skipThisTick()) {
                syncWith(peer);
            }
        }
        lastSyncAt = System.currentTimeMillis();
    }

    private void syncWith(PeerState peer) {
        try {
            long own = ownHeight();
            long theirs = peer.client().head().getJsonNumber("height").longValue();
            peer.seen(theirs, own);
            Prefetch prefetch = null;
            while (theirs > own) {
                LOG.info("Peer " + peer.url() + " is " + (theirs - own) + " blocks ahead (" + theirs + " > " + own + ")");
                Fetched batch = prefetch != null && prefetch.start() == own + 1 ? prefetch.batch().join()
                        : fetchPrepared(peer, own + 1, Math.min(theirs, own + BATCH));
                List<JsonObject> blocks = batch.blocks();
                prefetch = prefetchAfter(peer, blocks, theirs);
                Optional<ImportResult> result = importNextBatch(peer, own, theirs, batch);
                if (result.isEmpty()) {
                    return;
                }
                if (!result.get().accepted()) {
                    peer.refused(result.get().reason());
                    return;
                }
                long now = ownHeight();
                if (now <= own) {
                    peer.refused("no progress importing from height " + own);
                    return;
                }
                own = now;
                peer.seen(theirs, own);
            }
            peer.synced(own);
        } catch (RuntimeException e) {
            peer.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.warning("Sync with " + peer.url() + " failed: " + e.getMessage());
        }
    }

    /**
     * A range asked for, read and signature-checked while the one before it is written, so fetching and the
     * signature checks (most of import's CPU) overlap the sequential validation and the database writes.
     */
    private record Prefetch(long start, CompletableFuture<Fetched> batch) {
    }

    /** A fetched range as the peer sent it, and prepared for import. */
    private record Fetched(List<JsonObject> blocks, BlockImporter.PreparedBranch prepared) {
    }

    private Fetched fetchPrepared(PeerState peer, long start, long end) {
        List<JsonObject> blocks = fetch(peer, start, end);
        return new Fetched(blocks, importer.prepare(blocks));
    }

    private Prefetch prefetchAfter(PeerState peer, List<JsonObject> blocks, long theirs) {
        if (blocks.isEmpty()) {
            return null;
        }
        long next = blocks.get(blocks.size() - 1).getJsonNumber("height").longValue() + 1;
        if (next > theirs) {
            return null;
        }
        return new Prefetch(next, CompletableFuture.supplyAsync(
                () -> fetchPrepared(peer, next, Math.min(theirs, next + BATCH - 1)), executor));
    }

    private Optional<ImportResult> importNextBatch(PeerState peer, long own, long theirs, Fetched batch) {
        List<JsonObject> blocks = batch.blocks();
        long start = own + 1;
        if (blocks.isEmpty()) {
            peer.refused("peer reported height " + theirs + " but returned no blocks from " + start);
            return Optional.empty();
        }
        String ourHead = ledger.block(own).map(Block::hash).orElse("");
        if (!blocks.get(0).getString("parent_hash", "").equals(ourHead)) {
            // the peer is on another branch: start one block further back than an allowed fork point, so a
            // fork just beyond the limit is recognised as such
            long from = Math.max(1, own - config.maxReorgDepth());
            blocks = fetch(peer, from, Math.min(theirs, from + BATCH - 1));
            ImportResult result = importer.importBranch(blocks);
            if (result.refusal() == ImportResult.Refusal.UNKNOWN_PARENT) {
                return Optional.of(ImportResult.refused(ImportResult.Refusal.TOO_DEEP, result.height(), result.hash(),
                        "the peer's branch forks more than max_reorg_depth (" + config.maxReorgDepth()
                                + ") blocks back: refused"));
            }
            return Optional.of(result);
        }
        return Optional.of(importer.importPrepared(batch.prepared()));
    }

    private List<JsonObject> fetch(PeerState peer, long start, long end) {
        JsonObject range = peer.client().get("/rpc/blocks-range?start=" + start + "&end=" + end);
        List<JsonObject> blocks = new ArrayList<>();
        for (JsonValue v : range.getJsonArray("blocks")) {
            blocks.add(v.asJsonObject());
        }
        return blocks;
    }

    private long ownHeight() {
        return ledger.head().map(Block::height).orElse(0L);
    }

    /** The body of /rpc/syncStatus. */
    public JsonObject status() {
        // the in-memory head: an explorer polls this, and a query per poll cost more than the answer
        BlockHeader head = chainHead.header(config.chainId()).orElseThrow();
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        peers.forEach(p -> list.add(p.toJson()));
        var b = JsonCodec.createObjectBuilder().add("node_id", config.nodeId()).add("height", head.height())
                .add("head_hash", head.hash()).add("peers", list);
        if (lastSyncAt == 0) {
            b.addNull("last_sync_at");
        } else {
            b.add("last_sync_at", Timestamps.format(lastSyncAt));
        }
        return b.build();
    }
}
