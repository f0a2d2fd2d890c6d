package net.aitbc.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * The ES256 (P-256) key session tokens are signed with, derived from {@code JWT_SECRET}: HMAC-SHA256 of a fixed
 * label under the secret, reduced to a private scalar in [1, n-1]. Every server given the same secret holds the
 * same key, so a token one coordinator or exchange server issued verifies on all of them; the public half is what
 * MicroProfile JWT verifies with. Nothing is stored, and no secret is in the configuration files.
 */
public record TokenSigningKey(ECPrivateKey privateKey, ECPublicKey publicKey) {

    private static final String LABEL = "aitbc session token key v1 (ES256)";

    public static TokenSigningKey derive(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] seed = mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8));
            X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
            BigInteger n = curve.getN();
            BigInteger d = new BigInteger(1, seed).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(d).normalize();
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            KeyFactory keys = KeyFactory.getInstance("EC");
            ECPrivateKey priv = (ECPrivateKey) keys.generatePrivate(new ECPrivateKeySpec(d, spec));
            ECPublicKey pub = (ECPublicKey) keys.generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), spec));
            return new TokenSigningKey(priv, pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the session token key", e);
        }
    }

    /** The public key as PEM, the form {@code mp.jwt.verify.publickey} takes. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----";
    }
}
