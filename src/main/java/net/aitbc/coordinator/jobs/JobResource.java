package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.access.Caller;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.coordinator.matching.Constraints;
import net.aitbc.coordinator.receipts.ReceiptStore;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A client's jobs, {@code /v1/jobs} (client key or signed-in wallet). */
@Path("v1/jobs")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @Inject
    Callers callers;
    @Inject
    JobService jobs;
    @Inject
    JobViews views;
    @Inject
    ReceiptStore receipts;
    @Inject
    MatchReport matches;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a job: {payload, constraints?, ttl_seconds? (900), payment_amount?, payment_currency?}"
            + " → 201 job view; a paid job waits for its escrow (payment_status awaiting_escrow)")
    public Response submit(@Context HttpHeaders headers, JsonObject body) {
        Caller client = callers.client(headers);
        if (body == null) {
            throw ApiException.invalidField("payload", "a JSON body {payload, constraints?, ...} is required");
        }
        return Response.status(201).entity(views.view(jobs.submit(client, body), true)).build();
    }

    @GET
    @Operation(summary = "The caller's jobs, newest first: {jobs, limit, offset}; state (or status) filters")
    public JsonObject list(@Context HttpHeaders headers, @QueryParam("state") String state,
                           @QueryParam("status") String status, @QueryParam("limit") Integer limit,
                           @QueryParam("offset") Integer offset) {
        Caller client = callers.client(headers);
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        jobs.list(client.id(), state(state != null ? state : status), l, o).forEach(j -> items.add(views.view(j, false)));
        return JsonCodec.createObjectBuilder().add("jobs", items).add("limit", l).add("offset", o).build();
    }

    @GET
    @Path("history")
    @Operation(summary = "The original CLI's job history: the caller's jobs (status is an alias of state)")
    public JsonObject history(@Context HttpHeaders headers, @QueryParam("state") String state,
                              @QueryParam("status") String status, @QueryParam("limit") Integer limit,
                              @QueryParam("offset") Integer offset) {
        return list(headers, state, status, limit, offset);
    }

    @POST
    @Path("match")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which online miners would take a job with these constraints: {reason, miners_online, "
            + "miners_matching, excluded_by}")
    public JsonObject match(@Context HttpHeaders headers, JsonObject body) {
        callers.client(headers);
        JsonObject b = body == null ? JsonObject.EMPTY_JSON_OBJECT : body;
        Constraints c = Constraints.read(b.containsKey("constraints") ? b.get("constraints") : b);
        return matches.explain(c, b.containsKey("payment_amount"), false);
    }

    @GET
    @Path("{id}")
    public JsonObject job(@Context HttpHeaders headers, @PathParam("id") String id) {
        return views.view(jobs.own(callers.client(headers), id), true);
    }

    @GET
    @Path("{id}/result")
    @Operation(summary = "{result, receipt} of a COMPLETED job; 425 while it is queued or running, 409 when it ended without one")
    public JsonObject result(@Context HttpHeaders headers, @PathParam("id") String id) {
        Job job = jobs.own(callers.client(headers), id);
        if (!job.state().isFinal()) {
            throw new ApiException(425, "not_finished", "job " + id + " is " + job.state() + "; ask again later");
        }
        if (job.state() != JobState.COMPLETED) {
            throw new ApiException(409, "no_result", "job " + id + " ended " + job.state() + " without a result"
                    + (job.error == null ? "" : ": " + job.error));
        }
        return JsonCodec.createObjectBuilder().add("job_id", id).add("result", JobViews.result(job))
                .add("receipt", receipts.byId(job.receiptId()).orElseThrow()).build();
    }

    @GET
    @Path("{id}/receipt")
    public JsonObject receipt(@Context HttpHeaders headers, @PathParam("id") String id) {
        Job job = jobs.own(callers.client(headers), id);
        List<JsonObject> all = receipts.ofJob(job.jobId());
        if (all.isEmpty()) {
            throw ApiException.notFound("job " + id + " has no receipt (it is " + job.state() + ")");
        }
        return all.get(all.size() - 1);
    }

    @GET
    @Path("{id}/receipts")
    public JsonObject allReceipts(@Context HttpHeaders headers, @PathParam("id") String id) {
        Job job = jobs.own(callers.client(headers), id);
        return JsonCodec.createObjectBuilder().add("job_id", id)
                .add("receipts", JsonCodec.createArrayBuilder(receipts.ofJob(job.jobId()))).build();
    }

    @GET
    @Path("{id}/events")
    @Operation(summary = "The job's trail in order: {at, from, to, miner_id, attempt, reason, detail}")
    public JsonObject events(@Context HttpHeaders headers, @PathParam("id") String id) {
        Job job = jobs.own(callers.client(headers), id);
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        jobs.events(job).forEach(e -> list.add(JobViews.event(e)));
        return JsonCodec.createObjectBuilder().add("job_id", id).add("events", list).build();
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a QUEUED or RUNNING job (409 otherwise); its escrow is refunded")
    public JsonObject cancel(@Context HttpHeaders headers, @PathParam("id") String id) {
        return views.view(jobs.cancel(callers.client(headers), id), false);
    }

    /** A {@code state} query parameter: null when absent, 400 naming the states when unknown. */
    public static JobState state(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return JobState.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("state", "state must be one of " + List.of(JobState.values()));
        }
    }
}
