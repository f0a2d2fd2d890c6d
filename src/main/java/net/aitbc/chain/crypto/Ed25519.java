package net.aitbc.chain.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 (RFC 8032) through Bouncy Castle's implementation: raw 32-byte keys, 64-byte signatures.
 */
public final class Ed25519 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ed25519() {
    }

    /** Decoded public keys; senders sign many transactions each, and decoding is a tenth of a verification. */
    private static final int DECODED_KEYS = 4096;
    private static final Map<ByteBuffer, org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> decoded =
            new ConcurrentHashMap<>();

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != 32 || signature == null || signature.length != 64) {
            return false;
        }
        var point = publicPoint(publicKey);
        return point != null
                && org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    /**
     * The key decoded as Bouncy Castle's verification decodes it (the same "partial" validation, so exactly the
     * same signatures verify), or null when it is no valid point; kept for the next signature of the same key.
     */
    private static org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint publicPoint(byte[] publicKey) {
        var point = decoded.get(ByteBuffer.wrap(publicKey));
        if (point == null) {
            point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(publicKey, 0);
            if (point == null) {
                return null;
            }
            if (decoded.size() >= DECODED_KEYS) {
                decoded.clear(); // crude but bounded: the next few thousand verifications decode again
            }
            decoded.put(ByteBuffer.wrap(publicKey.clone()), point); // a copy: the caller may reuse its array
        }
        return point;
    }

    /** A key pair from a fresh random seed. */
    public static KeyPair generate() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return KeyPair.fromSeed(seed);
    }

    /** An Ed25519 key pair held as its 32-byte private seed and 32-byte public key. */
    public record KeyPair(byte[] seed, byte[] publicKey) {

        public static KeyPair fromSeed(byte[] seed) {
            if (seed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
            }
            byte[] pub = new byte[32];
            org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pub, 0);
            return new KeyPair(seed.clone(), pub);
        }

        public byte[] sign(byte[] message) {
            byte[] sig = new byte[64];
            org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
            return sig;
        }

        public String publicKeyHex() {
            return Hashes.hex(publicKey);
        }

        public String address() {
            return Address.of(publicKey);
        }

        @Override
        public String toString() {
            return "KeyPair[" + address() + "]"; // never the seed
        }
    }
}
