package net.aitbc.chain.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.protocol.JsonCodec;

/** The JSON shapes of blocks shared by several endpoints (and by sync, which imports them). */
@ApplicationScoped
public class ChainViews {

    @Inject
    Ledger ledger;
    @Inject
    ChainConfig config;

    public JsonObject header(Block b) {
        return b.header(config.chainId()).toJson();
    }

    /** A block as /rpc/blocks/{h} returns it: header, signature and its full signed transactions. */
    public JsonObject fullBlock(Block b, List<ChainTx> txs) {
        JsonArrayBuilder array = JsonCodec.createArrayBuilder();
        txs.forEach(t -> array.add(t.toJson(config.chainId())));
        return JsonCodec.createObjectBuilder(header(b)).add("transactions", array).build();
    }

    public JsonObject fullBlock(Block b) {
        return fullBlock(b, ledger.transactionsIn(b.height()));
    }
}
