package net.aitbc.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.aitbc.platform.config.RunMode;
import net.aitbc.platform.config.ServerRoles;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The body of the per-service health endpoints the seed's checks call ({@code /v1/health}, ...). */
@ApplicationScoped
public class ServiceHealth {

    @Inject
    @Readiness
    DatabaseHealthCheck database;

    @Inject
    ServerRoles roles;

    @Inject
    RunMode mode;

    @Inject
    @ConfigProperty(name = "AITBC_NODE_ID", defaultValue = "node1")
    String nodeId;

    public JsonObject report(String service) {
        boolean dbUp = database.call().getStatus() == HealthCheckResponse.Status.UP;
        return Json.createObjectBuilder()
                .add("status", dbUp ? "ok" : "degraded")
                .add("service", service)
                .add("node_id", nodeId)
                .add("mode", mode.name())
                .add("roles", Json.createArrayBuilder(roles.ids()))
                .add("database", dbUp ? "up" : "down")
                .add("version", Version.current())
                .build();
    }
}
