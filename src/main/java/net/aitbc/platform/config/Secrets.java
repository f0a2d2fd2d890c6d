package net.aitbc.platform.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * Secrets from the environment (through MicroProfile Config). In dev mode a missing one is replaced by a random
 * throw-away value, generated once per server start and announced by {@link StartupChecks}.
 */
@ApplicationScoped
public class Secrets {

    private final Map<String, String> generated = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Inject
    Config config;

    @Inject
    RunMode mode;

    public Optional<String> configured(String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The configured value, or in dev mode a generated one; empty in production when missing. */
    public Optional<String> get(String name) {
        Optional<String> value = configured(name);
        if (value.isPresent() || !mode.isDev()) {
            return value;
        }
        return Optional.of(generated.computeIfAbsent(name, n -> randomHex(32)));
    }

    public boolean isGenerated(String name) {
        return generated.containsKey(name);
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
