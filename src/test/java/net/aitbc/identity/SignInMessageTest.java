package net.aitbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sign-in text round-trips exactly, and each field is checked. */
class SignInMessageTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ADDR = "ait1" + "ab".repeat(20);
    private static final SignInMessage M = new SignInMessage("coordinator.example:8000", ADDR,
            SignInMessage.STATEMENT, "https://coordinator.example:8000", "ait-devnet", "0f".repeat(16), T,
            T.plusSeconds(300));

    @Test
    void theTextHasEveryFieldAndParsesBack() {
        String text = M.text();
        assertTrue(text.startsWith("coordinator.example:8000 wants you to sign in with your AITBC wallet:\n" + ADDR
                + "\n\n"), text);
        assertTrue(text.contains("\nChain ID: ait-devnet\nNonce: " + "0f".repeat(16) + "\nIssued At: "
                + "2026-12-01T10:00:00.000Z\nExpiration Time: 2026-12-01T10:05:00.000Z"), text);
        assertEquals(Optional.of(M), SignInMessage.parse(text));
        assertEquals(Optional.empty(), SignInMessage.parse(text.replace("Version: 1", "Version: 2")));
        assertEquals(Optional.empty(), SignInMessage.parse(text + "\nextra: line"));
    }

    @Test
    void eachFieldIsChecked() {
        Instant now = T.plusSeconds(10);
        assertEquals(Optional.empty(), M.problem("coordinator.example:8000", ADDR, "ait-devnet", now));
        assertTrue(M.problem("evil.example", ADDR, "ait-devnet", now).orElseThrow().contains("evil.example"));
        assertTrue(M.problem("coordinator.example:8000", "ait1" + "cd".repeat(20), "ait-devnet", now).isPresent());
        assertTrue(M.problem("coordinator.example:8000", ADDR, "ait-mainnet", now).isPresent());
        assertTrue(M.problem("coordinator.example:8000", ADDR, "ait-devnet", T.plusSeconds(300)).orElseThrow()
                .contains("expired"));
        assertTrue(M.problem("coordinator.example:8000", ADDR, "ait-devnet", T.minusSeconds(60)).isPresent());
    }

    @Test
    void theSigningKeyIsTheSameForTheSameSecretAndOnlyForIt() {
        TokenSigningKey a = TokenSigningKey.derive("secret-one-0123456789abcdef0123456789");
        TokenSigningKey b = TokenSigningKey.derive("secret-one-0123456789abcdef0123456789");
        TokenSigningKey c = TokenSigningKey.derive("secret-two-0123456789abcdef0123456789");
        assertEquals(a.publicKeyPem(), b.publicKeyPem(), "servers sharing JWT_SECRET verify each other's tokens");
        assertTrue(!a.publicKeyPem().equals(c.publicKeyPem()));
        assertTrue(a.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }
}
