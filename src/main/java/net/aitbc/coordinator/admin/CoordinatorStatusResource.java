package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.jobs.JobStats;
import net.aitbc.platform.health.ServiceHealth;

/** {@code GET /v1/status} (public): health plus the coordinator's counts, what the original CLI's status shows. */
@Path("v1/status")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CoordinatorStatusResource {

    @Inject
    ServiceHealth health;
    @Inject
    ChainGateway chain;
    @Inject
    JobStats stats;

    @GET
    public JsonObject status() {
        JsonObject s = stats.stats();
        return JsonCodec.createObjectBuilder(health.report("coordinator")).add("chain", chain.status())
                .add("total_jobs", s.getJsonNumber("total_jobs")).add("active_jobs", s.getJsonNumber("active_jobs"))
                .add("online_miners", s.getJsonNumber("online_miners")).build();
    }
}
