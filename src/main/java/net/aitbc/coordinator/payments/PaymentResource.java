package net.aitbc.coordinator.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.aitbc.coordinator.access.Caller;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.coordinator.jobs.Job;
import net.aitbc.coordinator.jobs.JobService;
import net.aitbc.coordinator.jobs.JobState;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.coordinator.receipts.ReceiptKey;
import net.aitbc.coordinator.receipts.ReceiptStore;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Job payments, {@code /v1/payments} (client key or signed-in wallet; one's own jobs only). */
@Path("v1/payments")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    @Inject
    Callers callers;
    @Inject
    PaymentService payments;
    @Inject
    JobService jobs;
    @Inject
    ReceiptKey receiptKey;
    @Inject
    ReceiptStore receipts;

    @POST
    @Operation(summary = "Fund a job: {job_id, amount, payment_tx: signed ESCROW_LOCK} → 201 payment view; the "
            + "chain's refusal is passed on and the job stays unfunded")
    public Response pay(@Context HttpHeaders headers, String body) {
        Caller client = callers.client(headers);
        JsonObject b = RequestFields.objectOrEmpty(body);
        String jobId = b.get("job_id") instanceof JsonString s ? s.getString() : null;
        return created(payments.pay(client, jobId, b));
    }

    @GET
    @Path("{id}")
    public JsonObject payment(@Context HttpHeaders headers, @PathParam("id") String id) {
        return PaymentViews.view(byPayment(callers.client(headers), id), receiptKey.address());
    }

    @GET
    @Path("{id}/receipt")
    public JsonObject receipt(@Context HttpHeaders headers, @PathParam("id") String id) {
        Job job = byPayment(callers.client(headers), id);
        return receipts.byId(job.receiptId()).orElseThrow(() ->
                ApiException.notFound("payment " + id + " has no receipt yet (job " + job.state() + ")"));
    }

    @POST
    @Path("{id}/release")
    @Operation(summary = "Release to the miner: only after COMPLETED (409 otherwise); release is automatic, this "
            + "answers the payment's state")
    public JsonObject release(@Context HttpHeaders headers, @PathParam("id") String id) {
        Job job = byPayment(callers.client(headers), id);
        if (job.state() != JobState.COMPLETED) {
            throw new ApiException(409, "not_completed", "job " + job.jobId() + " is " + job.state()
                    + "; a payment is released only after COMPLETED");
        }
        return PaymentViews.view(job, receiptKey.address());
    }

    @POST
    @Path("{id}/refund")
    @Operation(summary = "Refund: only while the job is not COMPLETED (409 otherwise); a queued or running job is canceled")
    public JsonObject refund(@Context HttpHeaders headers, @PathParam("id") String id) {
        Caller client = callers.client(headers);
        Job job = byPayment(client, id);
        if (job.state() == JobState.COMPLETED) {
            throw new ApiException(409, "already_completed", "job " + job.jobId()
                    + " completed; its payment is released, not refunded");
        }
        if (!job.state().isFinal()) {
            job = jobs.cancel(client, job.jobId());
        }
        return PaymentViews.view(job, receiptKey.address());
    }

    private Job byPayment(Caller client, String paymentId) {
        ApiException unknown = ApiException.notFound("no payment " + paymentId);
        String jobId = jobs.jobOfEscrow(paymentId).orElseThrow(() -> unknown);
        try {
            return jobs.own(client, jobId);
        } catch (ApiException e) {
            // another client's payment answers exactly as an unknown one: neither its existence nor its job leaks
            if (e.status() == 404) {
                throw unknown;
            }
            throw e;
        }
    }

    private Response created(Job job) {
        return Response.status(201).entity(PaymentViews.view(job, receiptKey.address())).build();
    }
}
