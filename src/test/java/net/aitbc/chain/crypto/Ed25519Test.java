package net.aitbc.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Verification through the decoded-key cache accepts exactly what Bouncy Castle's verification from the raw key
 * accepts: the RFC 8032 vector, tampered messages and signatures, keys that are no valid point, the same key
 * again after it was cached, and more keys than the cache holds.
 */
class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();

    private static boolean raw(byte[] key, byte[] message, byte[] sig) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(sig, 0, key, 0, message, 0, message.length);
    }

    @Test
    void rfc8032TestOneVerifiesTwiceAndItsTamperedFormsDoNot() {
        byte[] key = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e"
                + "39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertTrue(Ed25519.verify(key, new byte[0], sig));
        assertTrue(Ed25519.verify(key, new byte[0], sig), "the cached key verifies as the raw one did");
        assertFalse(Ed25519.verify(key, new byte[] {0}, sig));
        byte[] badSig = sig.clone();
        badSig[10] ^= 1;
        assertFalse(Ed25519.verify(key, new byte[0], badSig));
    }

    @Test
    void keysThatAreNoPointAndWrongLengthsAreRefusedAsTheRawVerificationRefusesThem() {
        Ed25519.KeyPair pair = Ed25519.generate();
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        byte[] sig = pair.sign(message);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            assertEquals(raw(key, message, sig), Ed25519.verify(key, message, sig));
        }
        byte[] notCanonical = new byte[32];
        java.util.Arrays.fill(notCanonical, (byte) 0xff); // y above the field's prime
        assertFalse(Ed25519.verify(notCanonical, message, sig));
        assertFalse(Ed25519.verify(new byte[31], message, sig));
        assertFalse(Ed25519.verify(pair.publicKey(), message, new byte[63]));
    }

    @Test
    void aKeyChangedByItsCallerAfterwardsIsNotConfusedWithTheCachedOne() {
        Ed25519.KeyPair pair = Ed25519.generate();
        byte[] message = "changed".getBytes(StandardCharsets.UTF_8);
        byte[] key = pair.publicKey().clone();
        assertTrue(Ed25519.verify(key, message, pair.sign(message)));
        Ed25519.KeyPair other = Ed25519.generate();
        System.arraycopy(other.publicKey(), 0, key, 0, 32);
        assertTrue(Ed25519.verify(key, message, other.sign(message)));
        assertFalse(Ed25519.verify(key, message, pair.sign(message)));
    }

    @Test
    void moreKeysThanTheCacheHoldsStillVerifyCorrectly() {
        byte[] message = "many".getBytes(StandardCharsets.UTF_8);
        Ed25519.KeyPair first = Ed25519.generate();
        byte[] firstSig = first.sign(message);
        assertTrue(Ed25519.verify(first.publicKey(), message, firstSig));
        for (int i = 0; i < 5000; i++) {
            Ed25519.KeyPair pair = Ed25519.generate();
            byte[] sig = pair.sign(message);
            assertTrue(Ed25519.verify(pair.publicKey(), message, sig));
            assertFalse(Ed25519.verify(first.publicKey(), message, sig));
        }
        assertTrue(Ed25519.verify(first.publicKey(), message, firstSig));
    }
}
