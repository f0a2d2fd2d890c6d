package net.aitbc.coordinator.jobs;

import net.aitbc.platform.rest.RequestFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.access.Caller;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Miners, {@code /v1/miners} (miner key; the miner id is the key's). Bodies are read leniently where the original
 * miner sends none; its {@code ?miner_id=} and {@code X-Miner-ID} are accepted and ignored.
 */
@Path("v1/miners")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MinerResource {

    private static final int DEFAULT_WAIT_SECONDS = 15;

    @Inject
    Callers callers;
    @Inject
    MinerService miners;
    @Inject
    PollWaiters waiters;
    @Inject
    ResultService results;
    @Inject
    JobService jobs;
    @Inject
    JobViews views;
    @Inject
    CoordinatorSettings settings;

    @POST
    @Path("register")
    @Operation(summary = "Register (or re-register): {capabilities, concurrency=1, region?, wallet_address?, "
            + "price_per_gpu_second?} → {status, session_token, miner_id}")
    public JsonObject register(@Context HttpHeaders headers, String body) {
        Caller miner = callers.miner(headers);
        Miner m = miners.register(miner.id(), RequestFields.objectOrEmpty(body));
        return JsonCodec.createObjectBuilder().add("status", "ok").add("session_token", m.sessionToken)
                .add("miner_id", m.minerId).build();
    }

    @POST
    @Path("heartbeat")
    @Operation(summary = "Heartbeat {inflight, status, metadata} (an empty body is fine); 404 if not registered")
    public JsonObject heartbeat(@Context HttpHeaders headers, String body) {
        Caller miner = callers.miner(headers);
        miners.heartbeat(miner.id(), RequestFields.objectOrEmpty(body));
        return JsonCodec.createObjectBuilder().add("status", "ok").add("miner_id", miner.id()).build();
    }

    @POST
    @Path("poll")
    @Operation(summary = "Long poll {max_wait_seconds=15}: 200 {job_id, payload, constraints} or 204 when nothing fits in time")
    public void poll(@Context HttpHeaders headers, String body, @Suspended AsyncResponse response) {
        Caller miner = callers.miner(headers);
        Long wait = RequestFields.integer(RequestFields.objectOrEmpty(body), "max_wait_seconds", 0,
                settings.pollMaxWaitSeconds());
        waiters.poll(miner.id(), wait == null ? DEFAULT_WAIT_SECONDS : wait.intValue(),
                response, false);
    }

    @GET
    @Path("poll")
    @Operation(summary = "The original CLI's poll: like POST with the default wait; no job → 200 with body null")
    public void pollGet(@Context HttpHeaders headers, @QueryParam("max_wait_seconds") Integer wait,
                        @Suspended AsyncResponse response) {
        Caller miner = callers.miner(headers);
        int w = wait == null ? DEFAULT_WAIT_SECONDS : Math.max(0, Math.min(wait, settings.pollMaxWaitSeconds()));
        waiters.poll(miner.id(), w, response, true);
    }

    @POST
    @Path("{job_id}/result")
    @Operation(summary = "The assigned miner's result {result, metrics} → {status, receipt}; only while RUNNING")
    public JsonObject result(@Context HttpHeaders headers, @PathParam("job_id") String jobId, String body) {
        Caller miner = callers.miner(headers);
        ResultService.Outcome outcome = results.result(miner.id(), jobId, RequestFields.objectOrEmpty(body));
        var b = JsonCodec.createObjectBuilder().add("status", "ok").add("job_id", jobId)
                .add("state", outcome.job().state().name());
        if (outcome.receipt() != null) {
            b.add("receipt", outcome.receipt());
        } else {
            b.addNull("receipt");
        }
        return b.build();
    }

    @POST
    @Path("{job_id}/fail")
    @Operation(summary = "The assigned miner gives up {error_code, error_message, metrics}; the escrow is refunded")
    public JsonObject fail(@Context HttpHeaders headers, @PathParam("job_id") String jobId, String body) {
        Caller miner = callers.miner(headers);
        Job job = results.fail(miner.id(), jobId, RequestFields.objectOrEmpty(body));
        return JsonCodec.createObjectBuilder().add("status", "ok").add("job_id", jobId)
                .add("state", job.state().name()).build();
    }

    @GET
    @Operation(summary = "All miners (admin key)")
    public JsonObject list(@Context HttpHeaders headers, @QueryParam("limit") Integer limit,
                           @QueryParam("offset") Integer offset) {
        callers.admin(headers);
        return MinerViews.list(miners.all(Pages.limit(limit), Pages.offset(offset)), settings,
                Pages.limit(limit), Pages.offset(offset));
    }

    @GET
    @Path("{id}/jobs")
    @Operation(summary = "The calling miner's jobs (403 for another miner's id)")
    public JsonObject ownJobs(@Context HttpHeaders headers, @PathParam("id") String id,
                              @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        Caller miner = self(headers, id);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        jobs.ofMiner(miner.id(), Pages.limit(limit), Pages.offset(offset)).forEach(j -> items.add(views.view(j, false)));
        return JsonCodec.createObjectBuilder().add("miner_id", miner.id()).add("jobs", items).build();
    }

    @GET
    @Path("{id}/earnings")
    @Operation(summary = "The calling miner's earnings: completed jobs and the sum of their prices less the coordinator's share")
    public JsonObject earnings(@Context HttpHeaders headers, @PathParam("id") String id) {
        Caller miner = self(headers, id);
        return jobs.earnings(miner.id());
    }

    @PUT
    @Path("{id}/capabilities")
    public JsonObject capabilities(@Context HttpHeaders headers, @PathParam("id") String id, String body) {
        Caller miner = self(headers, id);
        JsonObject b = RequestFields.objectOrEmpty(body);
        JsonObject caps = b.get("capabilities") instanceof JsonObject c ? c : b;
        miners.setCapabilities(miner.id(), caps);
        return JsonCodec.createObjectBuilder().add("status", "ok").add("miner_id", miner.id()).build();
    }

    @DELETE
    @Path("{id}")
    public JsonObject remove(@Context HttpHeaders headers, @PathParam("id") String id) {
        Caller miner = self(headers, id);
        miners.remove(miner.id());
        return JsonCodec.createObjectBuilder().add("status", "ok").add("miner_id", miner.id()).build();
    }

    /** The calling miner, when {id} names it; the original miner passes its own name, which must be its id. */
    private Caller self(HttpHeaders headers, String id) {
        Caller miner = callers.miner(headers);
        if (!miner.id().equals(id)) {
            throw new ApiException(403, "forbidden", "a miner may act only on itself (" + miner.id() + "), not " + id);
        }
        return miner;
    }
}
