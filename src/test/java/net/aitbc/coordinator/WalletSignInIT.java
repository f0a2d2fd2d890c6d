package net.aitbc.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Wallet sign-in on the shared coordinator site: challenge, Ed25519 signature, a token MicroProfile JWT verifies
 * on both servers, accepted wherever a client key is; single-use challenges, wrong keys, foreign domains, forged
 * tokens and logout all end in the project's JSON 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletSignInIT {

    private CoordinatorCluster site;

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
    }

    /** A model no miner of any test serves: this class's jobs are never taken by another test's miners. */
    private static String ownModel() {
        return "signin-" + java.util.UUID.randomUUID();
    }

    private static JsonObject challenge(LibertyServer s, Ed25519.KeyPair wallet) {
        Http.Response r = Http.post(s.url("/v1/users/challenge"), "{\"wallet_address\": \"" + wallet.address() + "\"}");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static String signature(Ed25519.KeyPair wallet, JsonObject challenge) {
        return Hashes.hex(wallet.sign(challenge.getString("challenge").getBytes(StandardCharsets.UTF_8)));
    }

    private static Http.Response login(LibertyServer s, Ed25519.KeyPair wallet, String signature) {
        return Http.post(s.url("/v1/users/login"), Json.createObjectBuilder().add("wallet_address", wallet.address())
                .add("public_key", wallet.publicKeyHex()).add("signature", signature).build().toString());
    }

    private static String signIn(LibertyServer s, Ed25519.KeyPair wallet) {
        Http.Response r = login(s, wallet, signature(wallet, challenge(s, wallet)));
        assertEquals(200, r.status(), r.toString());
        return r.json().getString("token");
    }

    private static void assertError(Http.Response r, int status, String error) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(error, r.json().getString("error"), r.toString());
    }

    @Test
    void aSignedChallengeGivesATokenThatBothServersAcceptWhereverAClientKeyIs() {
        Ed25519.KeyPair wallet = Ed25519.generate();
        JsonObject c = challenge(site.a, wallet);
        String text = c.getString("challenge");
        assertTrue(text.startsWith(site.a.url("").replaceFirst("^http://", "").replaceFirst("/$", "")
                + " wants you to sign in with your AITBC wallet:\n" + wallet.address() + "\n"), text);
        assertTrue(text.contains("\nChain ID: " + site.chain.chainId() + "\n") && text.contains("\nNonce: "
                + c.getString("nonce") + "\n") && text.contains("\nExpiration Time: "), text);
        Http.Response ok = login(site.a, wallet, signature(wallet, c));
        assertEquals(200, ok.status(), ok.toString());
        String token = ok.json().getString("token");
        String userId = ok.json().getString("user_id");

        JsonObject claims = Json.createReader(new java.io.StringReader(new String(Base64.getUrlDecoder()
                .decode(token.split("\\.")[1]), StandardCharsets.UTF_8))).readObject();
        assertEquals(wallet.address(), claims.getString("upn"));
        assertEquals(24 * 3600, claims.getInt("exp") - claims.getInt("iat"), "valid 24 h");

        for (LibertyServer s : site.coordinators()) {
            Http.Response me = Http.get(s.url("/v1/users/me"), "Authorization", "Bearer " + token);
            assertEquals(200, me.status(), me.toString());
            assertEquals(wallet.address(), me.json().getString("wallet_address"));
            assertEquals(userId, me.json().getString("user_id"));
            assertNull(me.header("WWW-Authenticate"), "no stray challenge on a success");
        }
        Http.Response job = Http.post(site.b.url("/v1/jobs"), "{\"payload\": {\"model\": \"" + ownModel() + "\", \"prompt\": \"hi\"}}",
                "Authorization", "Bearer " + token);
        assertEquals(201, job.status(), job.toString());
        String jobId = job.json().getString("job_id");
        assertEquals(200, Http.get(site.a.url("/v1/jobs/" + jobId), "Authorization", "Bearer " + token).status());
        assertEquals(404, Http.get(site.a.url("/v1/jobs/" + jobId), "X-Api-Key", site.clientKey()).status(),
                "the wallet's job is its own");
        Http.Response balance = Http.get(site.a.url("/v1/users/" + userId + "/balance"), "Authorization", "Bearer " + token);
        assertEquals(200, balance.status(), balance.toString());
        assertEquals(0, balance.json().getInt("balance"));
        assertEquals(200, Http.get(site.a.url("/v1/users/" + wallet.address() + "/transactions"),
                "Authorization", "Bearer " + token).status());
        assertError(Http.get(site.a.url("/v1/users/" + Ed25519.generate().address() + "/balance"),
                "Authorization", "Bearer " + token), 403, "forbidden");
    }

    @Test
    void unsignedReplayedForeignOrForgedLoginsAreRefused() {
        Ed25519.KeyPair wallet = Ed25519.generate();
        Http.Response unsigned = Http.post(site.a.url("/v1/users/login"), "{\"wallet_address\": \"" + wallet.address() + "\"}");
        assertError(unsigned, 401, "signature_required");
        assertTrue(unsigned.json().getString("detail").contains("challenge"), unsigned.toString());

        JsonObject c = challenge(site.a, wallet);
        String sig = signature(wallet, c);
        Ed25519.KeyPair other = Ed25519.generate();
        assertError(Http.post(site.a.url("/v1/users/login"), Json.createObjectBuilder()
                .add("wallet_address", wallet.address()).add("public_key", other.publicKeyHex())
                .add("signature", sig).build().toString()), 401, "wrong_key");
        assertError(login(site.a, wallet, Hashes.hex(other.sign(c.getString("challenge").getBytes(StandardCharsets.UTF_8)))),
                401, "invalid_signature");
        assertError(login(site.b, wallet, sig), 401, "invalid_challenge"); // issued for server a's domain
        assertEquals(200, login(site.a, wallet, sig).status());
        assertError(login(site.a, wallet, sig), 401, "invalid_signature"); // single use

        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"upn\":\"" + wallet.address()
                + "\",\"iss\":\"aitbc\",\"aud\":\"aitbc\",\"exp\":4102444800}").getBytes()) + ".";
        assertError(Http.get(site.a.url("/v1/users/me"), "Authorization", "Bearer " + forged), 401, "invalid_token");
        assertError(Http.post(site.a.url("/v1/jobs"), "{\"payload\": {}}", "Authorization", "Bearer " + forged),
                401, "invalid_token");
    }

    @Test
    void logoutRevokesTheTokenOnEveryServer() {
        Ed25519.KeyPair wallet = Ed25519.generate();
        String token = signIn(site.a, wallet);
        String other = signIn(site.a, wallet);
        Http.Response out = Http.post(site.b.url("/v1/users/logout"), "", "Authorization", "Bearer " + token);
        assertEquals(200, out.status(), out.toString());
        long loggedOut = System.nanoTime();
        // the server that took the logout refuses the token at once
        assertError(Http.get(site.b.url("/v1/users/me"), "Authorization", "Bearer " + token), 401, "token_revoked");
        // the others read the revocations at most a second old
        while (Http.get(site.a.url("/v1/users/me"), "Authorization", "Bearer " + token).status() == 200) {
            assertTrue(System.nanoTime() - loggedOut < 2_500_000_000L, "server a still takes the token after 2.5 s");
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        for (LibertyServer s : site.coordinators()) {
            assertError(Http.get(s.url("/v1/users/me"), "Authorization", "Bearer " + token), 401, "token_revoked");
            assertError(Http.post(s.url("/v1/jobs"), "{\"payload\": {}}", "Authorization", "Bearer " + token),
                    401, "token_revoked");
        }
        assertEquals(200, Http.get(site.a.url("/v1/users/me"), "Authorization", "Bearer " + other).status(),
                "only the logged-out token ends");
    }

    @Test
    void aSignedInWalletPaysForItsJobsFromItsOwnAddress() {
        Ed25519.KeyPair wallet = site.fundedAccount();
        String token = signIn(site.a, wallet);
        JsonObject v = Http.post(site.a.url("/v1/jobs"), "{\"payload\": {\"model\": \"" + ownModel() + "\"}, \"payment_amount\": 50}",
                "Authorization", "Bearer " + token).json();
        JsonObject p = v.getJsonObject("payment");
        Ed25519.KeyPair stranger = site.fundedAccount();
        SignedTx foreign = SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK,
                site.client.balance(stranger.address()).nextNonce(), 0, EscrowPayload.lock(50, p.getString("arbiter"),
                        p.getJsonNumber("expires_at_height").longValue(), v.getString("job_id")), stranger);
        Http.Response refused = Http.post(site.a.url("/v1/jobs/" + v.getString("job_id") + "/payment"),
                Json.createObjectBuilder().add("amount", 50).add("payment_tx", foreign.toWire()).build().toString(),
                "Authorization", "Bearer " + token);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("payment_tx.sender", refused.json().getString("field"));
        SignedTx own = SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK,
                site.client.balance(wallet.address()).nextNonce(), 0, EscrowPayload.lock(50, p.getString("arbiter"),
                        p.getJsonNumber("expires_at_height").longValue(), v.getString("job_id")), wallet);
        Http.Response paid = Http.post(site.a.url("/v1/jobs/" + v.getString("job_id") + "/payment"),
                Json.createObjectBuilder().add("amount", 50).add("payment_tx", own.toWire()).build().toString(),
                "Authorization", "Bearer " + token);
        assertEquals(201, paid.status(), paid.toString());
        assertFalse(paid.body().contains(token));
        assertEquals(200, Http.post(site.a.url("/v1/jobs/" + v.getString("job_id") + "/cancel"), "",
                "Authorization", "Bearer " + token).status(), "a signed-in wallet cancels its own job");
    }
}
