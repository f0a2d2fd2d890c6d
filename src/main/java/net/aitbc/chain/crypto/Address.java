package net.aitbc.chain.crypto;

import java.util.Arrays;
import java.util.Locale;

/**
 * An account address: {@code ait1} + the lowercase hex of the first 20 bytes of SHA-256 of the raw 32-byte
 * Ed25519 public key (44 characters).
 */
public final class Address {

    public static final String PREFIX = "ait1";
    /** Genesis's proposer. */
    public static final String ZERO = PREFIX + "0".repeat(40);

    private Address() {
    }

    public static String of(byte[] publicKey) {
        return PREFIX + Hashes.hex(Arrays.copyOf(Hashes.sha256(publicKey), 20));
    }

    /** The canonical (lowercase) form of a well-formed address, or null. Hex digits may come in either case. */
    public static String normalise(String address) {
        if (address == null || address.length() != 44 || !address.regionMatches(true, 0, PREFIX, 0, 4)) {
            return null;
        }
        String hex = address.substring(4);
        return Hashes.parseHex(hex, 20) == null ? null : PREFIX + hex.toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String address) {
        return normalise(address) != null;
    }
}
