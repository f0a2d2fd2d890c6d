package net.aitbc.chain.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * A coordinator or exchange without the node role is ready only while the chain it uses answers; a node's own
 * readiness is its database (its chain is itself).
 */
@Readiness
@ApplicationScoped
public class ChainReadinessCheck implements HealthCheck {

    @Inject
    ServerRoles roles;
    @Inject
    ChainGateway gateway;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("chain");
        if (roles.has(Role.NODE) || !(roles.has(Role.COORDINATOR) || roles.has(Role.EXCHANGE))) {
            return response.up().withData("url", "this node").build();
        }
        JsonObject status = gateway.status();
        response.status(status.getBoolean("reachable")).withData("url", String.valueOf(gateway.url()));
        if (status.containsKey("height")) {
            response.withData("height", status.getJsonNumber("height").longValue());
        }
        if (status.containsKey("error")) {
            response.withData("error", status.getString("error"));
        }
        return response.build();
    }
}
