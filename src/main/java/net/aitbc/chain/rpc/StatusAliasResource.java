package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /status}: the original's node status path, the same as /rpc/status. */
@Path("status")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatusAliasResource {

    @Inject
    StatusResource status;

    @GET
    @Operation(summary = "Same as /rpc/status")
    public JsonObject status() {
        return status.status();
    }
}
