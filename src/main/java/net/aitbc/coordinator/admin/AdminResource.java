package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.coordinator.jobs.CoordinatorSettings;
import net.aitbc.coordinator.jobs.Job;
import net.aitbc.coordinator.jobs.JobService;
import net.aitbc.coordinator.jobs.JobStats;
import net.aitbc.coordinator.jobs.JobViews;
import net.aitbc.coordinator.jobs.MinerService;
import net.aitbc.coordinator.jobs.MinerViews;
import net.aitbc.coordinator.jobs.Pages;
import net.aitbc.coordinator.jobs.PollWaiters;
import net.aitbc.platform.logging.AuditLog;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The admin's view, {@code /v1/admin} (admin key): counts, every job and miner, (de)activation of miners. */
@Path("v1/admin")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    Callers callers;
    @Inject
    JobStats stats;
    @Inject
    JobService jobs;
    @Inject
    JobViews views;
    @Inject
    MinerService miners;
    @Inject
    CoordinatorSettings settings;
    @Inject
    AuditLog audit;
    @Inject
    PollWaiters waiters;

    @GET
    @Path("stats")
    @Operation(summary = "{total_jobs, active_jobs, online_miners, avg_miner_job_duration_ms, jobs_by_state, "
            + "polls_waiting (on this server)}")
    public JsonObject stats(@Context HttpHeaders headers) {
        callers.admin(headers);
        return JsonCodec.createObjectBuilder(stats.stats()).add("polls_waiting", waiters.waitingCount()).build();
    }

    @GET
    @Path("status")
    @Operation(summary = "The original dashboard's name for /v1/admin/stats")
    public JsonObject status(@Context HttpHeaders headers) {
        return stats(headers);
    }

    @GET
    @Path("jobs")
    public JsonObject jobs(@Context HttpHeaders headers, @QueryParam("state") String state,
                           @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        callers.admin(headers);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        for (Job j : jobs.list(null, net.aitbc.coordinator.jobs.JobResource.state(state),
                Pages.limit(limit), Pages.offset(offset))) {
            items.add(JsonCodec.createObjectBuilder(views.view(j, false)).add("client_id", j.clientId()));
        }
        return JsonCodec.createObjectBuilder().add("jobs", items).add("limit", Pages.limit(limit))
                .add("offset", Pages.offset(offset)).build();
    }

    @GET
    @Path("jobs/{id}")
    public JsonObject job(@Context HttpHeaders headers, @PathParam("id") String id) {
        callers.admin(headers);
        Job j = jobs.any(id);
        return JsonCodec.createObjectBuilder(views.view(j, true)).add("client_id", j.clientId()).build();
    }

    @GET
    @Path("miners")
    public JsonObject miners(@Context HttpHeaders headers, @QueryParam("limit") Integer limit,
                             @QueryParam("offset") Integer offset) {
        callers.admin(headers);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        miners.all(Pages.limit(limit), Pages.offset(offset)).forEach(m -> items.add(MinerViews.view(m, settings)));
        return JsonCodec.createObjectBuilder().add("miners", items).build();
    }

    @GET
    @Path("miners/{id}")
    public JsonObject miner(@Context HttpHeaders headers, @PathParam("id") String id) {
        callers.admin(headers);
        return MinerViews.view(miners.registered(id, false), settings);
    }

    @POST
    @Path("miners/{id}/activate")
    public JsonObject activate(@Context HttpHeaders headers, @PathParam("id") String id) {
        return setActive(headers, id, true);
    }

    @POST
    @Path("miners/{id}/deactivate")
    @Operation(summary = "A deactivated miner gets no jobs and its polls are refused (403) until activated again")
    public JsonObject deactivate(@Context HttpHeaders headers, @PathParam("id") String id) {
        return setActive(headers, id, false);
    }

    private JsonObject setActive(HttpHeaders headers, String id, boolean active) {
        var admin = callers.admin(headers);
        var m = miners.setActive(id, active);
        audit.record(active ? "miner_activated" : "miner_deactivated", java.util.Map.of("miner_id", id,
                "admin_key_id", admin.id()));
        return MinerViews.view(m, settings);
    }
}
