package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The deployed exchange page's paths (compat.md, "Exchange"): {@code /v1/exchange/*} answer as their
 * {@code /exchange/api} counterparts. They belong to the exchange role (see Role.owning).
 */
@Path("v1/exchange")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeAliasResource {

    @Inject
    FundsResource funds;
    @Inject
    ExchangeResource market;

    @POST
    @Path("create-payment")
    public Response createPayment(@Context HttpServletRequest request, String body) {
        return funds.createPayment(request, body);
    }

    @GET
    @Path("payment-status/{id}")
    public JsonObject paymentStatus(@PathParam("id") String id) {
        return funds.payment(id);
    }

    @GET
    @Path("rates")
    public JsonObject rates() {
        return funds.rates();
    }

    @GET
    @Path("market-stats")
    public JsonObject marketStats() {
        return market.marketStats();
    }
}
