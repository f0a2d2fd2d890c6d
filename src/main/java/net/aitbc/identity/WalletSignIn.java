package net.aitbc.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-in with a wallet (exchange.md, "Sessions"): a single-use challenge for an address, then a login with the
 * wallet's Ed25519 signature over exactly that text, which yields a session token. Unknown wallets get an account
 * on first login. A login names its public key; the address must derive from it, so nobody signs in as a wallet
 * whose key they do not hold.
 */
@ApplicationScoped
public class WalletSignIn {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int OPEN_CHALLENGES_TRIED = 5;

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    SessionTokens tokens;
    @Inject
    ChainGateway chain;
    @Inject
    @ConfigProperty(name = "AITBC_SIGN_IN_CHALLENGE_SECONDS", defaultValue = "300")
    int challengeSeconds;
    @Inject
    @ConfigProperty(name = "AITBC_CHAIN_ID")
    Optional<String> configuredChainId;

    @Inject
    @ConfigProperty(name = "AITBC_PUBLIC_DOMAIN")
    Optional<String> publicDomain;

    private volatile String chainId;

    /** The domain a challenge is for: AITBC_PUBLIC_DOMAIN, else the Host the request was sent to. */
    public String domainOf(jakarta.servlet.http.HttpServletRequest request) {
        return publicDomain.filter(d -> !d.isBlank()).orElseGet(() -> {
            String host = request.getHeader("Host");
            return host == null || host.isBlank() ? request.getServerName() : host.strip();
        });
    }

    public String uriOf(jakarta.servlet.http.HttpServletRequest request) {
        return (request.isSecure() ? "https://" : "http://") + domainOf(request);
    }

    /** What a login answers. */
    public record Login(String token, String userId, String wallet, Instant expiresAt) {
    }

    @Transactional
    public SignInMessage challenge(String wallet, String domain, String uri) {
        String address = address(wallet);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        SignInMessage m = new SignInMessage(domain, address, SignInMessage.STATEMENT, uri, chainId(),
                HexFormat.of().formatHex(nonce), now, now.plus(Duration.ofSeconds(challengeSeconds)));
        em.persist(new SignInChallenge(m));
        return m;
    }

    @Transactional
    public Login login(String wallet, String publicKeyHex, String signatureHex, String domain) {
        if (publicKeyHex == null && signatureHex == null) {
            throw new ApiException(401, "signature_required", "a login must prove the wallet: ask for a challenge "
                    + "(POST .../challenge {wallet_address}), sign its text with the wallet's Ed25519 key, and send "
                    + "{wallet_address, public_key, signature}");
        }
        String address = address(wallet);
        byte[] key = Hashes.parseHex(publicKeyHex == null ? null : publicKeyHex.toLowerCase(), 32);
        byte[] sig = Hashes.parseHex(signatureHex == null ? null : signatureHex.toLowerCase(), 64);
        if (key == null || sig == null) {
            throw ApiException.invalidField(key == null ? "public_key" : "signature",
                    "public_key must be 64 hex characters and signature 128");
        }
        if (!Address.of(key).equals(address)) {
            throw new ApiException(401, "wrong_key", "public_key does not belong to " + address);
        }
        long now = System.currentTimeMillis();
        List<SignInChallenge> open = em.createQuery("SELECT c FROM SignInChallenge c WHERE c.wallet = :w AND"
                + " c.usedAt IS NULL AND c.expiresAt > :now ORDER BY c.issuedAt DESC", SignInChallenge.class)
                .setParameter("w", address).setParameter("now", now).setMaxResults(OPEN_CHALLENGES_TRIED)
                .getResultList();
        for (SignInChallenge c : open) {
            if (!Ed25519.verify(key, c.message.getBytes(StandardCharsets.UTF_8), sig)) {
                continue;
            }
            SignInMessage m = SignInMessage.parse(c.message).orElseThrow();
            Optional<String> problem = m.problem(domain, address, chainId(), Instant.ofEpochMilli(now));
            if (problem.isPresent()) {
                throw new ApiException(401, "invalid_challenge", problem.get());
            }
            // single use, also between two logins at once: only the one whose update takes the challenge goes on
            // (a conditional update rather than SELECT ... FOR UPDATE, which H2 refuses together with a row limit)
            int taken = em.createQuery("UPDATE SignInChallenge c SET c.usedAt = :now WHERE c.nonce = :n"
                    + " AND c.usedAt IS NULL").setParameter("now", now).setParameter("n", c.nonce).executeUpdate();
            if (taken != 1) {
                break;
            }
            WalletUser user = user(address, now);
            SessionTokens.Issued issued = tokens.issue(address, user.userId());
            return new Login(issued.token(), user.userId(), address, issued.expiresAt());
        }
        throw new ApiException(401, "invalid_signature", "the signature matches no open challenge of " + address
                + " (each challenge is single use and expires after " + challengeSeconds + " s)");
    }

    @Transactional
    public Optional<WalletUser> userOf(String wallet) {
        return em.createQuery("SELECT u FROM WalletUser u WHERE u.wallet = :w", WalletUser.class)
                .setParameter("w", wallet).getResultList().stream().findFirst();
    }

    private WalletUser user(String address, long now) {
        WalletUser user = userOf(address).orElse(null);
        if (user == null) {
            byte[] id = new byte[12];
            RANDOM.nextBytes(id);
            user = new WalletUser("user_" + HexFormat.of().formatHex(id), address, now);
            em.persist(user);
        } else {
            user.lastLogin = now;
        }
        return user;
    }

    private static String address(String wallet) {
        if (wallet == null || !Address.isValid(wallet)) {
            throw ApiException.invalidField("wallet_address", "wallet_address must be an ait1 address (44 characters)");
        }
        return Address.normalise(wallet);
    }

    private String chainId() {
        String id = chainId;
        if (id == null) {
            id = configuredChainId.filter(s -> !s.isBlank()).orElseGet(() -> {
                try {
                    return chain.client().chainId();
                } catch (RuntimeException e) {
                    throw new ApiException(503, "chain_unavailable", "the chain's id is needed for sign-in and the "
                            + "chain does not answer: " + e.getMessage());
                }
            });
            chainId = id;
        }
        return id;
    }
}
