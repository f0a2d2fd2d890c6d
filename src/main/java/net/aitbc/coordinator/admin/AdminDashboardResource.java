package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What the admin dashboard ({@code /admin/}) reads beside {@code /v1/admin/stats} (admin key): this server's
 * audit trail, the chain node's sync state and the money in open escrows. The node parts go through the chain's
 * RPC, so they work on a coordinator without the node role (AITBC_CHAIN_URL).
 */
@Path("v1/admin")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminDashboardResource {

    static final int AUDIT_DEFAULT = 50;
    static final int AUDIT_MAX = 500;

    @Inject
    Callers callers;
    @Inject
    AuditTail audit;
    @Inject
    ChainOverview chain;
    @Inject
    OpenEscrows escrows;

    @GET
    @Path("audit")
    @Operation(summary = "This server's newest audit events, newest first: {events: [{time, node_id, event, ...}], "
            + "count, limit}; limit 1–500, default 50")
    public JsonObject audit(@Context HttpHeaders headers, @QueryParam("limit") Integer limit) {
        callers.admin(headers);
        int n = auditLimit(limit);
        List<JsonObject> events;
        try {
            events = audit.newest(n);
        } catch (IOException e) {
            throw new ApiException(503, "audit_unreadable", "the audit log " + audit.file() + " cannot be read: "
                    + e.getMessage());
        }
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        events.forEach(list::add);
        return JsonCodec.createObjectBuilder().add("events", list).add("count", events.size()).add("limit", n).build();
    }

    @GET
    @Path("nodes")
    @Operation(summary = "The chain node this server uses (itself with the node role, else AITBC_CHAIN_URL): {roles, "
            + "node_role, chain_url, reachable, sync: {node_id, height, head_hash, last_sync_at, peers: [{url, height, "
            + "lag, state, last_sync_at, last_error}]} | error}")
    public JsonObject nodes(@Context HttpHeaders headers) {
        callers.admin(headers);
        return chain.nodes();
    }

    @GET
    @Path("escrows/open")
    @Operation(summary = "The money in open escrows on chain: {open_total, open_count, summed, complete, consistent, "
            + "height, head_hash, computed_at}; at most 5,000 escrows are summed (complete says whether all were)")
    public JsonObject openEscrows(@Context HttpHeaders headers) {
        callers.admin(headers);
        return escrows.open();
    }

    static int auditLimit(Integer limit) {
        if (limit == null) {
            return AUDIT_DEFAULT;
        }
        if (limit < 1 || limit > AUDIT_MAX) {
            throw ApiException.invalidField("limit", "limit must be from 1 to " + AUDIT_MAX);
        }
        return limit;
    }
}
