package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.platform.error.ApiException;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.platform.security.AdminKeys;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Funds in and out (exchange.md): balances, the deposit address and deposits, withdrawals through the chain, BTC
 * payment requests and their admin confirmation on the devnet, the configured rate, and the live solvency check.
 */
@Path("exchange/api")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class FundsResource {

    @Inject
    Traders traders;
    @Inject
    ExchangeStore store;
    @Inject
    HotWallet hot;
    @Inject
    Withdrawals withdrawals;
    @Inject
    BtcPayments payments;
    @Inject
    ChainFollower follower;
    @Inject
    ChainGateway chain;
    @Inject
    AdminKeys admins;
    @Inject
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "AITBC_EXCHANGE_DEPOSIT_CONFIRMATIONS",
            defaultValue = "1")
    int confirmations;

    @GET
    @Path("wallet/balance")
    @Operation(summary = "{wallet_address, aitbc: {available, reserved} (smallest units), btc: {available, reserved} "
            + "(satoshi)}")
    public JsonObject balance(@Context HttpServletRequest request) {
        String wallet = traders.wallet(request);
        return ExchangeViews.funds(wallet, store.account(wallet).orElse(null)).build();
    }

    @GET
    @Path("wallet/deposit-address")
    @Operation(summary = "Where to send AITBC: a signed TRANSFER from your wallet address to this address is credited "
            + "to your account once it is in a block")
    public JsonObject depositAddress() {
        return JsonCodec.createObjectBuilder().add("address", hot.address()).add("confirmations", confirmations)
                .add("note", "send a signed TRANSFER from the wallet you sign in with; it is credited to that wallet's "
                        + "account once it is in a block (" + confirmations + " confirmation(s))").build();
    }

    @GET
    @Path("wallet/deposits")
    public JsonObject deposits(@Context HttpServletRequest request, @QueryParam("limit") Integer limit) {
        String wallet = traders.wallet(request);
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        store.query("SELECT tx_hash, amount, block_height, credited_at FROM ex_deposit WHERE wallet = ? ORDER BY"
                + " credited_at DESC", List.of(wallet), ExchangeResource.limit(limit, 100, 500),
                r -> JsonCodec.createObjectBuilder().add("tx_hash", r.getString(1)).add("amount", r.getLong(2))
                        .add("block_height", r.getLong(3)).add("credited_at", Timestamps.format(r.getLong(4))).build())
                .forEach(a::add);
        return JsonCodec.createObjectBuilder().add("deposits", a).build();
    }

    @POST
    @Path("wallet/withdraw")
    @Operation(summary = "{amount} → 202 the withdrawal {withdrawal_id, amount, fee, to, status, tx_hash}: the account "
            + "is debited amount + the chain's fee at once and a TRANSFER is sent from the hot wallet to your address")
    public Response withdraw(@Context HttpServletRequest request, String body) {
        String wallet = traders.wallet(request);
        Long amount = RequestFields.integer(RequestFields.objectOrEmpty(body), "amount", 1, Long.MAX_VALUE / 2);
        if (amount == null) {
            throw ApiException.invalidField("amount", "amount (a positive integer of AITBC smallest units) is required");
        }
        return Response.status(202).entity(withdrawal(withdrawals.request(wallet, amount))).build();
    }

    @GET
    @Path("wallet/withdrawals")
    public JsonObject withdrawalList(@Context HttpServletRequest request, @QueryParam("limit") Integer limit) {
        String wallet = traders.wallet(request);
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        withdrawals.of(wallet, ExchangeResource.limit(limit, 100, 500)).forEach(w -> a.add(withdrawal(w)));
        return JsonCodec.createObjectBuilder().add("withdrawals", a).build();
    }

    @POST
    @Path("payments")
    @Operation(summary = "A BTC payment request: {aitbc_amount} buys AITBC from the treasury at BTC_TO_AITBC_RATE, "
            + "{btc_amount, purpose: deposit} credits BTC for trading → 201 {payment_id, btc_amount (satoshi), "
            + "payment_address, status, expires_at}")
    public Response createPayment(@Context HttpServletRequest request, String body) {
        String wallet = traders.wallet(request);
        JsonObject b = RequestFields.objectOrEmpty(body);
        BtcPayment p = payments.request(wallet, RequestFields.integer(b, "aitbc_amount", 1, Long.MAX_VALUE / 2),
                RequestFields.integer(b, "btc_amount", 1, Long.MAX_VALUE / 2), RequestFields.text(b, "purpose", 20));
        return Response.status(201).entity(payment(p)).build();
    }

    @GET
    @Path("payments/{id}")
    @Operation(summary = "A payment request's status: PENDING, CONFIRMED or EXPIRED")
    public JsonObject payment(@PathParam("id") String id) {
        return payment(payments.find(id).orElseThrow(() -> ApiException.notFound("no payment " + id)));
    }

    @POST
    @Path("admin/payments/{id}/confirm")
    @Operation(summary = "Devnet BTC watcher: an admin (X-Api-Key) confirms that the BTC arrived; credits once")
    public JsonObject confirm(@HeaderParam("X-Api-Key") String key, @PathParam("id") String id) {
        admins.require(key);
        return payment(payments.confirm(id));
    }

    @GET
    @Path("rates")
    @Operation(summary = "The configured rate {btc_to_aitbc_rate (AITBC per BTC), satoshi_per_aitbc}; no market feed")
    public JsonObject rates() {
        return JsonCodec.createObjectBuilder().add("btc_to_aitbc_rate", payments.rate())
                .add("aitbc_to_btc_rate", java.math.BigDecimal.ONE.divide(payments.rate(), 12,
                        java.math.RoundingMode.HALF_EVEN))
                .add("satoshi_per_aitbc", payments.satoshiFor(Market.UNITS_PER_AITBC))
                .add("source", "configuration (BTC_TO_AITBC_RATE)").build();
    }

    @GET
    @Path("solvency")
    @Operation(summary = "{hot_wallet, chain_balance, accounts_available, accounts_reserved, pending_withdrawals, "
            + "required, surplus, solvent, height}: the hot wallet's balance on chain at height against every "
            + "account's AITBC and the withdrawals not yet in a block")
    public JsonObject solvency() {
        Solvency s = follower.solvency();
        if (s == null) {
            throw new ApiException(503, "solvency_unknown", "the exchange has not yet followed the chain to its head"
                    + (follower.lastError() == null ? "" : ": " + follower.lastError()));
        }
        return JsonCodec.createObjectBuilder().add("hot_wallet", s.hotWallet()).add("chain_balance", s.chainBalance())
                .add("accounts_available", s.accountsAvailable()).add("accounts_reserved", s.accountsReserved())
                .add("pending_withdrawals", s.pendingWithdrawals()).add("required", s.required())
                .add("surplus", s.surplus()).add("solvent", s.solvent()).add("height", s.height())
                .add("computed_at", Timestamps.format(s.computedAt())).build();
    }

    static JsonObject payment(BtcPayment p) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("payment_id", p.id()).add("id", p.id())
                .add("purpose", p.purpose()).add("aitbc_amount", p.aitbcAmount()).add("btc_amount", p.btcAmount())
                .add("payment_address", p.paymentAddress()).add("status", p.status())
                .add("created_at", Timestamps.format(p.createdAt())).add("expires_at", Timestamps.format(p.expiresAt()));
        if (p.confirmedAt() != null) {
            b.add("confirmed_at", Timestamps.format(p.confirmedAt()));
        }
        return b.build();
    }

    private static JsonObject withdrawal(Withdrawal w) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("withdrawal_id", w.id()).add("amount", w.amount())
                .add("fee", w.fee()).add("to", w.wallet()).add("status", w.status())
                .add("created_at", Timestamps.format(w.createdAt()));
        if (w.txHash() == null) {
            b.addNull("tx_hash");
        } else {
            b.add("tx_hash", w.txHash());
        }
        if (w.blockHeight() == null) {
            b.addNull("block_height");
        } else {
            b.add("block_height", w.blockHeight());
        }
        if (w.error() == null) {
            b.addNull("error");
        } else {
            b.add("error", w.error());
        }
        return b.build();
    }
}
