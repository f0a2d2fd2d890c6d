package net.aitbc.platform.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Checks the configuration before anything else starts: known roles, and in production every secret the enabled
 * roles need. In dev mode it generates the missing ones and prints them, loudly, so nobody mistakes them for real.
 */
@Singleton
@Startup
@DependsOn("StructuredLogFields")
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    @Inject
    ServerRoles roles;

    @Inject
    RunMode mode;

    @Inject
    Secrets secrets;

    @PostConstruct
    void check() {
        if (!roles.unknownNames().isEmpty()) {
            throw FatalStartup.stop("AITBC_ROLES names unknown roles " + roles.unknownNames()
                    + "; known roles: node, coordinator, exchange, web");
        }
        if (!mode.isDev() && !mode.isProduction()) {
            throw FatalStartup.stop("AITBC_MODE must be 'dev' or 'production', not '" + mode.name() + "'");
        }
        List<String> required = requiredSecrets();
        if (mode.isProduction()) {
            List<String> missing = required.stream().filter(s -> secrets.configured(s).isEmpty()).toList();
            if (!missing.isEmpty()) {
                throw FatalStartup.stop("AITBC_MODE=production requires these secrets in the environment: "
                        + String.join(", ", missing));
            }
            LOG.info("Production mode, roles " + roles.ids());
            return;
        }
        Map<String, String> generated = new LinkedHashMap<>();
        for (String name : required) {
            if (secrets.configured(name).isEmpty()) {
                generated.put(name, secrets.get(name).orElseThrow());
            }
        }
        StringBuilder banner = new StringBuilder("\n")
                .append("*************************************************************************\n")
                .append("*  AITBC DEV MODE - throw-away secrets, NOT for production              *\n")
                .append("*  roles: ").append(roles.ids()).append('\n');
        generated.forEach((k, v) -> banner.append("*  ").append(k).append('=').append(v).append('\n'));
        banner.append("*  Set AITBC_MODE=production and real secrets for a real deployment.     *\n")
                .append("*************************************************************************");
        LOG.warning(banner.toString());
    }

    /** Secrets the enabled roles cannot run without. */
    List<String> requiredSecrets() {
        List<String> names = new ArrayList<>(List.of("ADMIN_API_KEYS"));
        if (roles.has(Role.COORDINATOR)) {
            names.addAll(List.of("JWT_SECRET", "CLIENT_API_KEYS", "MINER_API_KEYS", "RECEIPT_KEY_PASSWORD"));
        }
        if (roles.has(Role.EXCHANGE)) {
            names.addAll(List.of("SESSION_SECRET", "WALLET_ENCRYPTION_KEY"));
        }
        return names;
    }
}
