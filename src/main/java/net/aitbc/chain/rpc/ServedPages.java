package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.platform.rest.SerialisedJson;

/**
 * Read answers that many explorers poll between two changes (the newest blocks and transactions change only with
 * the head, the mempool page only with the mempool), built and serialised, plain and gzipped, once per version of
 * what they show: fifty explorers cost one query and one JSON build per change instead of one per request. The
 * version is read before the answer is built and is part of its key, so an answer built from an older state is
 * never served once a newer version has been seen.
 */
@ApplicationScoped
public class ServedPages {

    /** Pages kept: the explorer asks for a few; anything else is only built again. */
    private static final int MAX_PAGES = 64;

    @Inject
    ChainHead head;
    @Inject
    ChainConfig config;

    private record Key(String list, Object version, int limit, int offset) {
    }

    private final Map<Key, SerialisedJson> pages = new ConcurrentHashMap<>();
    private final Map<String, Object> latest = new ConcurrentHashMap<>();

    /** A page of a list that changes only with the head (keyed by the head's hash). */
    public SerialisedJson atHead(String list, int limit, int offset, Supplier<JsonObject> build) {
        return at(list, head.header(config.chainId()).map(BlockHeader::hash).orElse(""), limit, offset, build);
    }

    /** A page of {@code list} as of {@code version} (read by the caller before anything the page shows). */
    public SerialisedJson at(String list, Object version, int limit, int offset, Supplier<JsonObject> build) {
        Object seen = latest.put(list, version);
        if (seen != null && !seen.equals(version)) {
            pages.keySet().removeIf(k -> k.list().equals(list) && !k.version().equals(version));
        }
        if (pages.size() >= MAX_PAGES) {
            pages.clear();
        }
        return pages.computeIfAbsent(new Key(list, version, limit, offset), k -> SerialisedJson.of(build.get()));
    }
}
