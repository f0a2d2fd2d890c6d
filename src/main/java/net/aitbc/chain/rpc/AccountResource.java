package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.mempool.PendingTxStore;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Accounts. Every well-formed address is an account (zero until it receives something). {@code nonce} counts
 * the account's applied transactions; {@code next_nonce} adds its pending ones: the nonce to sign next.
 */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    Ledger ledger;
    @Inject
    Mempool mempool;
    @Inject
    ChainConfig config;

    @GET
    @Path("getBalance/{address}")
    @Operation(summary = "{address, balance, nonce, next_nonce}")
    public JsonObject balance(@PathParam("address") String raw) {
        return summary(RpcParams.address(raw)).build();
    }

    @GET
    @Path("balance/{address}")
    @Operation(summary = "Same as getBalance")
    public JsonObject balanceAlias(@PathParam("address") String raw) {
        return balance(raw);
    }

    @GET
    @Path("address/{address}")
    @Operation(summary = "Balance, nonce, pending and included transactions of an address (newest first, paged), "
            + "and the open escrows it pays into or arbitrates")
    public JsonObject address(@PathParam("address") String raw, @QueryParam("limit") Integer limit,
                              @QueryParam("offset") Integer offset) {
        String address = RpcParams.address(raw);
        Paging p = Paging.of(limit, offset);
        JsonArrayBuilder txs = JsonCodec.createArrayBuilder();
        ledger.transactionsOf(address, p.limit(), p.offset()).forEach(t -> txs.add(t.toJson(config.chainId())));
        JsonArrayBuilder pending = JsonCodec.createArrayBuilder();
        mempool.ofAddress(address, Paging.MAX_LIMIT).forEach(t -> pending.add(t.toJson(config.chainId())));
        JsonArrayBuilder escrows = JsonCodec.createArrayBuilder();
        ledger.openEscrowsOf(address, Paging.MAX_LIMIT).forEach(e -> escrows.add(e.toJson()));
        return summary(address).add("tx_count", ledger.transactionCountOf(address)).add("transactions", txs)
                .add("pending", pending).add("escrows", escrows).add("limit", p.limit()).add("offset", p.offset())
                .build();
    }

    @GET
    @Path("addresses")
    @Operation(summary = "Accounts by balance: {addresses, total, limit, offset}")
    public JsonObject addresses(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
                                @QueryParam("min_balance") Long minBalance) {
        Paging p = Paging.of(limit, offset);
        long min = minBalance == null ? 0 : minBalance;
        if (min < 0) {
            throw ApiException.invalidField("min_balance", "min_balance must not be negative");
        }
        JsonArrayBuilder array = JsonCodec.createArrayBuilder();
        ledger.accounts(min, p.limit(), p.offset()).forEach(a -> array.add(JsonCodec.createObjectBuilder()
                .add("address", a.address()).add("balance", a.balance()).add("nonce", a.nonce())
                .add("updated_at", Timestamps.format(a.updatedAt()))));
        return JsonCodec.createObjectBuilder().add("addresses", array).add("total", ledger.accountCount(min))
                .add("limit", p.limit()).add("offset", p.offset()).build();
    }

    private JsonObjectBuilder summary(String address) {
        PendingTxStore.SenderSnapshot a = mempool.snapshotOf(address);
        return JsonCodec.createObjectBuilder().add("address", address).add("balance", a.balance())
                .add("nonce", a.nonce()).add("next_nonce", a.nextNonce());
    }
}
