package net.aitbc.identity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.aitbc.chain.protocol.Timestamps;

/**
 * The text a wallet signs to sign in, in the form of Sign-In with Ethereum (EIP-4361) adapted to AITBC
 * addresses: the domain it is for, the address, a statement, the URI, version, chain id, a random nonce, and
 * issued-at and expiration times, so a signature for one site, chain or moment is worthless anywhere else.
 * Pure: {@link #text()} and {@link #parse} are exact inverses, and the server checks every field on login.
 */
public record SignInMessage(String domain, String address, String statement, String uri, String chainId,
                            String nonce, Instant issuedAt, Instant expiresAt) {

    static final String STATEMENT = "Sign in to AITBC. This request costs nothing and moves no funds.";
    private static final String HEADER = " wants you to sign in with your AITBC wallet:";

    public String text() {
        return domain + HEADER + "\n"
                + address + "\n\n"
                + statement + "\n\n"
                + "URI: " + uri + "\n"
                + "Version: 1\n"
                + "Chain ID: " + chainId + "\n"
                + "Nonce: " + nonce + "\n"
                + "Issued At: " + Timestamps.format(issuedAt.toEpochMilli()) + "\n"
                + "Expiration Time: " + Timestamps.format(expiresAt.toEpochMilli());
    }

    /** The message in {@code text}, or empty when it is not one of ours (any field missing or out of place). */
    public static Optional<SignInMessage> parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length != 11 || !lines[0].endsWith(HEADER) || !lines[2].isEmpty() || !lines[4].isEmpty()
                || !"Version: 1".equals(lines[6])) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 5; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon < 0) {
                return Optional.empty();
            }
            fields.put(lines[i].substring(0, colon), lines[i].substring(colon + 2));
        }
        try {
            return Optional.of(new SignInMessage(lines[0].substring(0, lines[0].length() - HEADER.length()), lines[1],
                    lines[3], fields.get("URI"), fields.get("Chain ID"), fields.get("Nonce"),
                    Instant.ofEpochMilli(Timestamps.parse(fields.get("Issued At"))),
                    Instant.ofEpochMilli(Timestamps.parse(fields.get("Expiration Time")))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why this message does not sign {@code address} into {@code domain} on {@code chainId} at {@code now}. */
    public Optional<String> problem(String expectedDomain, String expectedAddress, String expectedChainId, Instant now) {
        if (!domain.equals(expectedDomain)) {
            return Optional.of("the challenge is for " + domain + ", not " + expectedDomain);
        }
        if (!address.equals(expectedAddress)) {
            return Optional.of("the challenge is for another wallet");
        }
        if (!chainId.equals(expectedChainId)) {
            return Optional.of("the challenge is for chain " + chainId + ", not " + expectedChainId);
        }
        if (!STATEMENT.equals(statement)) {
            return Optional.of("the challenge's statement was changed");
        }
        if (now.isBefore(issuedAt.minusSeconds(5))) {
            return Optional.of("the challenge is not valid yet");
        }
        if (!now.isBefore(expiresAt)) {
            return Optional.of("the challenge expired at " + Timestamps.format(expiresAt.toEpochMilli()));
        }
        return Optional.empty();
    }
}
