package net.aitbc.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.identity.TokenSigningKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Session tokens a test makes itself, to see how servers treat tokens they did not issue. {@link #signed} signs with
 * the servers' own ES256 key, derived from the {@code JWT_SECRET} the test configured exactly as the servers derive it
 * ({@link TokenSigningKey}), with the claims the servers put in their tokens; so a token that differs in one thing
 * (its expiry, issuer or audience) is refused for that one thing, and the same token without the change is the
 * control that shows it. The others are the classic forgeries: another key, {@code alg: none}, HS256 keyed with the
 * public key (algorithm confusion), a real token with altered claims or without its signature.
 */
public final class SessionTokenForge {

    /** What the servers put in {@code iss} and {@code aud} (identity.TokenVerificationConfig). */
    public static final String ISSUER = "aitbc";
    public static final String AUDIENCE = "aitbc";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private SessionTokenForge() {
    }

    /** The claims of a server's token for {@code wallet}, issued two hours ago, expiring in {@code expiresInSeconds}. */
    public static JwtClaims claims(String wallet, long expiresInSeconds) {
        long now = System.currentTimeMillis() / 1000;
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setAudience(AUDIENCE);
        c.setSubject(wallet);
        c.setClaim("upn", wallet);
        c.setClaim("user_id", "user_forged");
        c.setStringListClaim("groups", List.of("user"));
        c.setJwtId(HexFormat.of().formatHex(Ed25519.generate().seed()).substring(0, 32));
        c.setIssuedAt(NumericDate.fromSeconds(now - 7200));
        c.setExpirationTime(NumericDate.fromSeconds(now + expiresInSeconds));
        return c;
    }

    /** Signed with the servers' own key (the one {@code secret} derives). */
    public static String signed(String secret, JwtClaims claims) {
        return es256(TokenSigningKey.derive(secret).privateKey(), claims);
    }

    public static String signed(String secret, String wallet, long expiresInSeconds) {
        return signed(secret, claims(wallet, expiresInSeconds));
    }

    /** Well formed and valid for a day, but signed with a P-256 key made here (no server knows it). */
    public static String foreignSigned(String wallet) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return es256(g.generateKeyPair().getPrivate(), claims(wallet, 86_400));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Built by hand: header {@code {"alg":"none"}}, the payload, an empty signature. */
    public static String unsigned(String wallet) {
        return unsignedPayload(claims(wallet, 86_400).toJson());
    }

    /** {@code {"alg":"none"}} over the given payload JSON, with an empty signature. */
    public static String unsignedPayload(String payloadJson) {
        return encode("{\"alg\":\"none\"}") + "." + encode(payloadJson) + ".";
    }

    /**
     * Algorithm confusion: {@code {"alg":"HS256"}}, the MAC keyed with the servers' public key (PEM), which a verifier
     * that lets the token choose its algorithm would accept.
     */
    public static String hmacWithPublicKey(String secret, String wallet) {
        String input = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims(wallet, 86_400).toJson());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TokenSigningKey.derive(secret).publicKeyPem()
                    .getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real token whose payload is changed (header and signature kept). */
    public static String altered(String token, UnaryOperator<JsonObjectBuilder> change) {
        String[] parts = token.split("\\.");
        JsonObject payload = payload(token);
        return parts[0] + "." + encode(change.apply(Json.createObjectBuilder(payload)).build().toString()) + "."
                + (parts.length > 2 ? parts[2] : "");
    }

    /** A real token that names another wallet (upn and sub), its signature kept. */
    public static String naming(String token, String wallet) {
        return altered(token, b -> b.add("upn", wallet).add("sub", wallet));
    }

    /** The token without its signature (header and payload as issued, the dot kept). */
    public static String stripped(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1);
    }

    /** The decoded payload of a compact JWT. */
    public static JsonObject payload(String token) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String es256(PrivateKey key, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
