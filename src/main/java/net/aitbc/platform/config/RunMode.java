package net.aitbc.platform.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** AITBC_MODE: {@code dev} makes throw-away secrets and says so; {@code production} insists on real ones. */
@ApplicationScoped
public class RunMode {

    private final String mode;

    @Inject
    public RunMode(@ConfigProperty(name = "AITBC_MODE", defaultValue = "dev") String mode) {
        this.mode = mode.strip().toLowerCase(java.util.Locale.ROOT);
    }

    RunMode() {
        this.mode = "dev";
    }

    public boolean isProduction() {
        return mode.equals("production");
    }

    public boolean isDev() {
        return mode.equals("dev");
    }

    public String name() {
        return mode;
    }
}
