package net.aitbc.identity;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands MicroProfile JWT the public key session tokens are verified with ({@code mp.jwt.verify.publickey}). The key
 * is derived at start-up from a secret (see {@link TokenSigningKey}), so it cannot sit in a properties file;
 * Liberty's mpJwt reads the application's configuration on each request, so the value set here once the key
 * exists is the one it uses. Registered through META-INF/services.
 */
public class TokenVerificationConfig implements ConfigSource {

    static final String ISSUER = "aitbc";
    static final String AUDIENCE = "aitbc";
    private static volatile String publicKeyPem;

    static void publish(TokenSigningKey key) {
        publicKeyPem = key.publicKeyPem();
    }

    private Map<String, String> values() {
        String pem = publicKeyPem;
        return pem == null ? Map.of() : Map.of("mp.jwt.verify.publickey", pem,
                "mp.jwt.verify.publickey.algorithm", "ES256", "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values().keySet();
    }

    @Override
    public String getValue(String name) {
        return values().get(name);
    }

    @Override
    public String getName() {
        return "aitbc-session-token-verification";
    }

    @Override
    public int getOrdinal() {
        return 275; // below the environment (300): an operator may still override these
    }
}
