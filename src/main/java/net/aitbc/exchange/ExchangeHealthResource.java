package net.aitbc.exchange;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.health.ServiceHealth;

/** {@code GET /exchange/health}, the exchange's health check in operations.md. */
@Path("exchange/health")
@RequestScoped
public class ExchangeHealthResource {

    @Inject
    ServiceHealth health;
    @Inject
    ChainGateway chain;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject health() {
        // the chain this service pays through: {url, reachable, chain_id, height}
        return JsonCodec.createObjectBuilder(health.report("exchange")).add("chain", chain.status()).build();
    }
}
