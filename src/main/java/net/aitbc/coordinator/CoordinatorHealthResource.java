package net.aitbc.coordinator;

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

/** The seed's health check of the coordinator, {@code GET /v1/health}. */
@Path("v1/health")
@RequestScoped
public class CoordinatorHealthResource {

    @Inject
    ServiceHealth health;
    @Inject
    ChainGateway chain;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject health() {
        // the chain this service pays through: {url, reachable, chain_id, height}
        return JsonCodec.createObjectBuilder(health.report("coordinator")).add("chain", chain.status()).build();
    }
}
