package net.aitbc.coordinator.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.coordinator.jobs.JobService;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.coordinator.receipts.ReceiptKey;

/** A job's payment, {@code /v1/jobs/{job_id}/payment}: read it, or fund the job (same as POST /v1/payments). */
@Path("v1/jobs/{job_id}/payment")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobPaymentResource {

    @Inject
    Callers callers;
    @Inject
    PaymentService payments;
    @Inject
    JobService jobs;
    @Inject
    ReceiptKey receiptKey;

    @GET
    public JsonObject payment(@Context HttpHeaders headers, @PathParam("job_id") String jobId) {
        return PaymentViews.view(jobs.own(callers.client(headers), jobId), receiptKey.address());
    }

    @POST
    public Response pay(@Context HttpHeaders headers, @PathParam("job_id") String jobId, String body) {
        var job = payments.pay(callers.client(headers), jobId, RequestFields.objectOrEmpty(body));
        return Response.status(201).entity(PaymentViews.view(job, receiptKey.address())).build();
    }
}
