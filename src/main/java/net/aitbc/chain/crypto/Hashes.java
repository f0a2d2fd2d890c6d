package net.aitbc.chain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and the chain's hex spellings: {@code 0x} + 64 lowercase hex for hashes. */
public final class Hashes {

    private static final HexFormat HEX = HexFormat.of();
    public static final String ZERO = "0x" + "0".repeat(64);

    private Hashes() {
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] sha256(byte[] left, byte[] right) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(left);
            md.update(right);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static String prefixed(byte[] digest) {
        return "0x" + HEX.formatHex(digest);
    }

    /** Parses hex of an exact length (case-insensitive); null when malformed. */
    public static byte[] parseHex(String hex, int bytes) {
        if (hex == null || hex.length() != bytes * 2) {
            return null;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return null;
            }
        }
        return HEX.parseHex(hex);
    }

    /** {@code 0x} + 64 hex (case-insensitive) to 32 raw bytes; null when malformed. */
    public static byte[] parseHash(String value) {
        if (value == null || !value.startsWith("0x")) {
            return null;
        }
        return parseHex(value.substring(2), 32);
    }

    public static boolean isHash(String value) {
        return parseHash(value) != null;
    }
}
