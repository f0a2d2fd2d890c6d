package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.sync.SyncService;
import net.aitbc.platform.config.ServerRoles;
import net.aitbc.platform.health.Version;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What this node is: {@code /rpc/status} and {@code /rpc/syncStatus}. */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    @Inject
    ChainConfig config;
    @Inject
    Ledger ledger;
    @Inject
    ServerRoles roles;
    @Inject
    SyncService sync;

    @GET
    @Path("status")
    @Operation(summary = "{chain_id, node_id, roles, authority, genesis_hash, height, authorities, version, ...}")
    public JsonObject status() {
        JsonArrayBuilder authorities = JsonCodec.createArrayBuilder();
        config.genesis().authorities().forEach(a -> authorities.add(JsonCodec.createObjectBuilder().add("id", a.id())
                .add("address", a.address()).add("public_key", a.publicKey())));
        Block head = ledger.head().orElseThrow();
        var b = JsonCodec.createObjectBuilder().add("status", "ok").add("chain_id", config.chainId())
                .add("node_id", config.nodeId()).add("roles", JsonCodec.createArrayBuilder(roles.ids()))
                .add("authority", config.proposerKey().isPresent())
                .add("genesis_hash", config.genesis().block().hash())
                .add("height", head.height()).add("head_hash", head.hash())
                .add("authorities", authorities)
                .add("block_time_seconds", config.blockTimeMillis() / 1000.0)
                .add("max_txs_per_block", config.maxTxsPerBlock()).add("min_fee", config.minFee())
                .add("faucet", config.genesis().params().faucet())
                .add("version", Version.current());
        config.proposerKey().ifPresent(k -> b.add("proposer", k.address()));
        return b.build();
    }

    @GET
    @Path("syncStatus")
    @Operation(summary = "{node_id, height, head_hash, last_sync_at, peers: [{url, height, lag, state, last_sync_at, last_error}]}")
    public JsonObject syncStatus() {
        return sync.status();
    }
}
