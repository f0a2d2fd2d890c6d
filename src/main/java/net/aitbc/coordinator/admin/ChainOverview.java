package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.UncheckedIOException;
import java.time.Duration;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import net.aitbc.platform.error.ApiException;

/**
 * The chain as the admin dashboard sees it: the sync state of the node this coordinator pays through (this server
 * when it is a node, else the one at AITBC_CHAIN_URL), asked through the RPC like every feature does. A dashboard
 * must not hang on a slow node, so its client waits a few seconds, not the gateway's 30.
 */
@ApplicationScoped
public class ChainOverview {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    ChainGateway gateway;
    @Inject
    ServerRoles roles;

    private volatile ChainClient client;

    /**
     * {roles, node_role, chain_url, reachable, sync | error}: sync is the node's /rpc/syncStatus. A node that does
     * not answer is part of the picture, so this answers in any case.
     */
    public JsonObject nodes() {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("roles", JsonCodec.createArrayBuilder(roles.ids()))
                .add("node_role", roles.has(Role.NODE));
        if (!gateway.isConfigured()) {
            return b.addNull("chain_url").add("reachable", false)
                    .add("error", "no chain configured: this server is no node and AITBC_CHAIN_URL is not set").build();
        }
        b.add("chain_url", gateway.url());
        try {
            return b.add("reachable", true).add("sync", client().get("/rpc/syncStatus")).build();
        } catch (ChainClientException e) {
            return b.add("reachable", false).add("error", "the node answered " + e.status() + ": "
                    + e.body().getString("detail", e.error())).build();
        } catch (UncheckedIOException | IllegalStateException e) {
            return b.add("reachable", false).add("error", String.valueOf(e.getMessage())).build();
        }
    }

    /** One RPC read; a node that fails or cannot be reached is a 503 {@code chain_unavailable}. */
    JsonObject read(String path) {
        try {
            return client().get(path);
        } catch (ChainClientException e) {
            throw new ApiException(503, "chain_unavailable", "the chain node answered " + e.status() + ": "
                    + e.body().getString("detail", e.error()));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ApiException(503, "chain_unavailable", "the chain is unreachable: " + e.getMessage());
        }
    }

    private ChainClient client() {
        ChainClient c = client;
        if (c == null) {
            if (!gateway.isConfigured()) {
                throw new ApiException(503, "chain_unavailable",
                        "no chain configured: this server is no node and AITBC_CHAIN_URL is not set");
            }
            c = new ChainClient(gateway.url(), TIMEOUT);
            client = c; // two racing requests may each make one: harmless, both talk to the same node
        }
        return c;
    }
}
