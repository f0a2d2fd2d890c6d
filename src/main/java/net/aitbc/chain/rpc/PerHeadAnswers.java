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
 * Answers that change only with the head (the explorer's newest blocks and transactions), built and serialised
 * once per head for every reader: fifty explorers polling the first page cost one query and one JSON build per
 * block instead of one per request. Keyed by the head's hash, so an answer built from the state before a block
 * is never served after it.
 */
@ApplicationScoped
public class PerHeadAnswers {

    /** Pages kept per head: the explorer asks for a few; anything else is only built again. */
    private static final int MAX_ANSWERS = 64;

    @Inject
    ChainHead head;
    @Inject
    ChainConfig config;

    private record Key(String headHash, String list, int limit, int offset) {
    }

    private final Map<Key, SerialisedJson> answers = new ConcurrentHashMap<>();
    private volatile String lastHead = "";

    /** The page {@code list}/{@code limit}/{@code offset} at the current head, built by {@code build} if new. */
    public SerialisedJson page(String list, int limit, int offset, Supplier<JsonObject> build) {
        String now = head.header(config.chainId()).map(BlockHeader::hash).orElse("");
        if (!now.equals(lastHead)) {
            lastHead = now;
            answers.clear();
        }
        if (answers.size() >= MAX_ANSWERS) {
            answers.clear();
        }
        return answers.computeIfAbsent(new Key(now, list, limit, offset), k -> SerialisedJson.of(build.get()));
    }
}
