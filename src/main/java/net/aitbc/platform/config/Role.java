package net.aitbc.platform.config;

import java.util.Locale;
import java.util.Optional;

/** The parts of the WAR a server can run (AITBC_ROLES); each owns the paths it serves. */
public enum Role {
    NODE, COORDINATOR, EXCHANGE, WEB;

    public static Optional<Role> parse(String name) {
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Which role serves a request path (relative to the context root), or empty for paths every server has
     * (health, metrics, OpenAPI, the error page).
     */
    public static Optional<Role> owning(String path) {
        if (path.equals("/rpc") || path.startsWith("/rpc/") || path.equals("/status")) {
            return Optional.of(NODE);
        }
        if (path.startsWith("/v1/exchange/") || path.equals("/exchange/api") || path.startsWith("/exchange/api/")
                || path.equals("/exchange/health")) {
            return Optional.of(EXCHANGE); // the deployed exchange page's /v1/exchange aliases too (compat.md)
        }
        if (path.equals("/v1") || path.startsWith("/v1/")) {
            return Optional.of(COORDINATOR);
        }
        if (path.startsWith("/health") || path.startsWith("/metrics") || path.startsWith("/openapi")
                || path.equals("/error")) {
            return Optional.empty();
        }
        return Optional.of(WEB);
    }
}
