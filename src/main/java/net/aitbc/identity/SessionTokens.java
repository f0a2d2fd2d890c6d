package net.aitbc.identity;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import net.aitbc.platform.config.Secrets;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Session tokens of signed-in wallets: ES256 JWTs valid 24 h, signed here (jose4j) and verified by MicroProfile
 * JWT (Liberty's mpJwt) before a request reaches the application; logout revokes a token by its id, in the
 * database, so every server sharing it refuses the token: this one at once, the others within a second
 * ({@link RevokedTokens}). The coordinator and the exchange both use
 * this one service.
 */
@ApplicationScoped
public class SessionTokens {

    public static final Duration LIFETIME = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Secrets secrets;
    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    RevokedTokens revoked;

    private TokenSigningKey key;

    /** A token issued to a wallet. */
    public record Issued(String token, String tokenId, Instant expiresAt) {
    }

    @PostConstruct
    void init() {
        // a server whose roles need no sign-in may lack both secrets in production; it then issues no tokens. An
        // exchange-only server signs with SESSION_SECRET (operations.md names it for exchange sessions); a server
        // with both uses JWT_SECRET, so one token works for the coordinator and the exchange alike
        secrets.configured("JWT_SECRET").or(() -> secrets.configured("SESSION_SECRET"))
                .or(() -> secrets.get("JWT_SECRET")).ifPresent(secret -> {
            key = TokenSigningKey.derive(secret);
            TokenVerificationConfig.publish(key);
        });
    }

    /** Created with the application, so MicroProfile JWT knows the key before the first token arrives. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing else to do: observing makes the container create this bean now
    }

    public Issued issue(String wallet, String userId) {
        if (key == null) {
            throw new ApiException(503, "sign_in_unavailable", "this server has no JWT_SECRET (or SESSION_SECRET) and "
                    + "issues no tokens");
        }
        Instant now = Instant.now();
        Instant expires = now.plus(LIFETIME);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String jti = HexFormat.of().formatHex(id);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(TokenVerificationConfig.ISSUER);
        claims.setAudience(TokenVerificationConfig.AUDIENCE);
        claims.setSubject(wallet);
        claims.setClaim("upn", wallet); // Liberty takes the principal's name from upn only
        claims.setClaim("user_id", userId);
        claims.setStringListClaim("groups", List.of("user"));
        claims.setJwtId(jti);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(key.privateKey());
        try {
            return new Issued(jws.getCompactSerialization(), jti, Instant.ofEpochSecond(expires.getEpochSecond()));
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a session token", e);
        }
    }

    /**
     * The signed-in wallet of a request MicroProfile JWT has authenticated; 401 when it did not (a bad, expired or
     * foreign token leaves no principal) or the token was revoked.
     */
    public JsonWebToken require(Principal principal) {
        if (!(principal instanceof JsonWebToken jwt) || jwt.getName() == null) {
            throw new ApiException(401, "invalid_token", "the bearer token is not valid (expired, altered or not "
                    + "issued here); sign in again");
        }
        if (revoked.isRevoked(jwt.getTokenID())) {
            throw new ApiException(401, "token_revoked", "this session token was ended by logout; sign in again");
        }
        return jwt;
    }

    @Transactional
    public void revoke(JsonWebToken jwt) {
        if (em.find(RevokedToken.class, jwt.getTokenID()) == null) {
            em.persist(new RevokedToken(jwt.getTokenID(), jwt.getExpirationTime() * 1000));
        }
        revoked.revokedHere(jwt.getTokenID(), jwt.getExpirationTime() * 1000);
        // revocations of tokens that expired anyway are no longer needed
        em.createQuery("DELETE FROM RevokedToken r WHERE r.expiresAt < :now")
                .setParameter("now", System.currentTimeMillis() - Duration.ofMinutes(10).toMillis()).executeUpdate();
    }
}
