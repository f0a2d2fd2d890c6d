package net.aitbc.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;
import net.aitbc.testing.Http;
import net.aitbc.testing.SessionTokenForge;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The OWASP API Security Top 10 (2023) items that apply to this API, against the real servers of the shared test
 * sites (two coordinator servers and their node; the exchange's server):
 * <ul>
 *   <li>API1 broken object level authorisation: another client's jobs, payments and receipts, another trader's
 *       orders are answered exactly as ids that do not exist (404), and asking changes nothing;</li>
 *   <li>API2 broken authentication: forged, unsigned, algorithm-confused, expired, altered and revoked session
 *       tokens and wrong keys are 401 JSON on both coordinators and on the exchange; API5 (function level): a key
 *       of the wrong kind is 403;</li>
 *   <li>API3 (object property level, mass assignment): fields a caller may not set (state, owner, ids, receipts,
 *       payment state, a miner's activation, an order's fill, a withdrawal's recipient) are ignored, and the lists
 *       anyone may read carry no owner;</li>
 *   <li>API4 unrestricted resource consumption: bodies over 1 MiB are 413 (declared or chunked) and create nothing;
 *       page sizes, long polls, ttls, nesting, batches and field lengths are bounded (400 naming the field);</li>
 *   <li>API8 security misconfiguration: every error is the project's JSON shape with no stack trace, exception,
 *       package or framework name; no header names the server; no configured secret is in the OpenAPI document or
 *       the metrics.</li>
 * </ul>
 * Each test takes fresh keys, wallets and model names, so no other test's miner or order interferes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwaspApiIT {

    private static final long AITBC = 100_000_000L;
    /** AITBC_MAX_BODY_BYTES: neither site sets it, so the default. */
    private static final int BODY_LIMIT = 1_048_576;
    /** What an error body must never show: stack frames, exceptions, package names, framework and container codes. */
    private static final Pattern LEAK = Pattern.compile("\\bat [\\w$]+(\\.[\\w$<>]+)+\\(|Exception|Caused by|\\.java:\\d"
            + "|\\bjava\\.[a-z]|\\bjavax\\.|\\bjakarta\\.|\\bnet\\.aitbc|\\bcom\\.ibm|\\bio\\.openliberty"
            + "|\\borg\\.(jboss|eclipse|apache|glassfish|postgresql|h2|hibernate|jose4j|bouncycastle)"
            + "|RESTEASY|SRVE\\d|CWW[A-Z]{2}\\d|[Ll]iberty|WebSphere");
    private static final String ALICES_OUTPUT = "alice's private answer";

    private static CoordinatorCluster coordinator() {
        return CoordinatorCluster.shared();
    }

    private static ExchangeSite exchange() {
        return ExchangeSite.shared();
    }

    // ---------------------------------------------------------------------------------------------------------
    // API1: broken object level authorisation
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void anotherClientsJobsPaymentsAndReceiptsAreAnsweredAsUnknownIdsAndStayAsTheyWere() {
        CoordinatorCluster site = coordinator();
        String alice = site.clientKey();
        String[] bob = key(site.clientKey());
        String[] carol = bearer(coordinatorSignIn(site.a, Ed25519.generate())); // a signed-in wallet is a client too
        String model = model();
        TestMiner miner = new TestMiner(site.minerKey(), Ed25519.generate().address())
                .register(site.a, TestMiner.gpu("NVIDIA L4", 24, "12.2", model), 1);

        // alice's completed job: result and receipt
        String done = submitted(site.a, key(alice), job(model, null)).getString("job_id");
        Http.Response offer = miner.poll(site.b, 10);
        assertEquals(200, offer.status(), offer.toString());
        assertEquals(done, offer.json().getString("job_id"));
        Http.Response answered = miner.result(site.b, done, Json.createObjectBuilder().add("output", ALICES_OUTPUT)
                .build(), Json.createObjectBuilder().add("units", 1).build());
        assertEquals(200, answered.status(), answered.toString());

        // alice's paid job, its escrow on chain, waiting for a miner (no miner serves its model)
        Ed25519.KeyPair payer = site.fundedAccount();
        JsonObject unfunded = submitted(site.a, key(alice), job(model(), 100L));
        String paid = unfunded.getString("job_id");
        SignedTx lock = lock(site, payer, unfunded, paid);
        Http.Response funded = Http.post(site.a.url("/v1/payments"), paymentBody(paid, lock), "X-Api-Key", alice);
        assertEquals(201, funded.status(), funded.toString());
        String paymentId = funded.json().getString("payment_id");
        site.client.awaitIncluded(lock.hash(), Duration.ofSeconds(30));
        List<String> paidTrail = reasons(site.a, key(alice), paid);

        try {
            SignedTx foreignLock = lock(site, Ed25519.generate(), unfunded, paid);
            List<Req> jobRequests = List.of(new Req("GET", "/v1/jobs/{job}", null),
                    new Req("GET", "/v1/jobs/{job}/result", null), new Req("GET", "/v1/jobs/{job}/receipt", null),
                    new Req("GET", "/v1/jobs/{job}/receipts", null), new Req("GET", "/v1/jobs/{job}/events", null),
                    new Req("GET", "/v1/jobs/{job}/payment", null), new Req("POST", "/v1/jobs/{job}/cancel", ""),
                    new Req("POST", "/v1/jobs/{job}/payment", Json.createObjectBuilder().add("amount", 100)
                            .add("payment_tx", foreignLock.toWire()).build().toString()),
                    new Req("POST", "/v1/payments", paymentBody("{job}", foreignLock)));
            List<Req> paymentRequests = List.of(new Req("GET", "/v1/payments/{payment}", null),
                    new Req("GET", "/v1/payments/{payment}/receipt", null),
                    new Req("POST", "/v1/payments/{payment}/refund", ""),
                    new Req("POST", "/v1/payments/{payment}/release", ""));

            List<Executable> checks = new ArrayList<>();
            for (LibertyServer s : site.coordinators()) {
                for (String[] stranger : List.of(bob, carol)) {
                    for (String job : List.of(done, paid)) {
                        for (Req q : jobRequests) {
                            Http.Response r = q.send(s, job, null, stranger);
                            checks.add(() -> assertNotFound(r, q + " for alice's " + job + " by " + stranger[0]));
                        }
                    }
                    for (Req q : paymentRequests) {
                        Http.Response r = q.send(s, null, paymentId, stranger);
                        checks.add(() -> assertNotFound(r, q + " for alice's payment by " + stranger[0]));
                    }
                    JsonArray theirs = Http.get(s.url("/v1/jobs?limit=100"), stranger).json().getJsonArray("jobs");
                    checks.add(() -> assertTrue(theirs.stream().map(j -> j.asJsonObject().getString("job_id"))
                            .noneMatch(id -> id.equals(done) || id.equals(paid)), "listed to a stranger: " + theirs));
                }
            }
            assertAll("a stranger gets 404 for every object of alice's", checks.stream());

            // nothing changed: the completed job keeps its result, the paid job is queued with its escrow open
            JsonObject doneAfter = view(site.a, key(alice), done);
            assertEquals("COMPLETED", doneAfter.getString("state"), doneAfter.toString());
            Http.Response result = Http.get(site.b.url("/v1/jobs/" + done + "/result"), "X-Api-Key", alice);
            assertEquals(200, result.status(), result.toString());
            assertEquals(ALICES_OUTPUT, result.json().getJsonObject("result").getString("output"));
            JsonObject paidAfter = view(site.b, key(alice), paid);
            assertEquals("QUEUED", paidAfter.getString("state"), "the strangers' cancel and refund did nothing");
            assertEquals("escrowed", paidAfter.getString("payment_status"), paidAfter.toString());
            assertEquals(paymentId, paidAfter.getString("payment_id"));
            assertEquals(paidTrail, reasons(site.a, key(alice), paid), "no event was added to alice's job");
            assertEquals(EscrowState.Status.OPEN, site.client.escrow(paymentId).orElseThrow().status());
            assertEquals(404, Http.get(site.node.url("/rpc/tx/" + foreignLock.hash())).status(),
                    "the stranger's lock never reached the chain");

            // and the 404s tell nothing: each is the answer for an id nobody was ever given
            String unknownJob = "job_" + UUID.randomUUID().toString().replace("-", "");
            String unknownPayment = Hashes.prefixed(Hashes.sha256(UUID.randomUUID().toString()
                    .getBytes(StandardCharsets.UTF_8)));
            List<Executable> same = new ArrayList<>();
            for (Req q : jobRequests) {
                Http.Response theirs = q.send(site.a, paid, null, bob);
                Http.Response unknown = q.send(site.a, unknownJob, null, bob);
                same.add(() -> assertSameAnswer(theirs, paid, unknown, unknownJob, q.toString()));
            }
            for (Req q : paymentRequests) {
                Http.Response theirs = q.send(site.a, null, paymentId, bob);
                Http.Response unknown = q.send(site.a, null, unknownPayment, bob);
                same.add(() -> assertSameAnswer(theirs, paymentId, unknown, unknownPayment, q.toString()));
            }
            assertAll("another's object is answered exactly as a missing one", same.stream());
        } finally {
            Http.post(site.a.url("/v1/jobs/" + paid + "/cancel"), "", "X-Api-Key", alice); // refunds the escrow
        }
    }

    @Test
    void anotherTradersOrderIsAnsweredAsAnUnknownOneCannotBeCanceledAndStaysInTheBook() {
        ExchangeSite ex = exchange();
        List<Trader> ts = ex.traders(2, 0, 10_000);
        Trader alice = ts.get(0);
        Trader bob = ts.get(1);
        Http.Response placed = ex.order(alice, "BUY", AITBC, 7); // far below every SELL of the other tests
        assertEquals(201, placed.status(), placed.toString());
        long id = placed.json().getJsonNumber("id").longValue();
        try {
            JsonObject aliceFunds = ex.get(alice, "/exchange/api/wallet/balance").json();
            JsonObject bobFunds = ex.get(bob, "/exchange/api/wallet/balance").json();
            long unknown = Long.MAX_VALUE - 1;

            Http.Response read = ex.get(bob, "/exchange/api/orders/" + id);
            Http.Response cancel = ex.delete(bob, "/exchange/api/orders/" + id);
            assertNotFound(read, "bob reads alice's order");
            assertNotFound(cancel, "bob cancels alice's order");
            assertFalse(read.body().contains(alice.address()) || cancel.body().contains(alice.address()));
            assertSameAnswer(read, String.valueOf(id), ex.get(bob, "/exchange/api/orders/" + unknown),
                    String.valueOf(unknown), "GET order");
            assertSameAnswer(cancel, String.valueOf(id), ex.delete(bob, "/exchange/api/orders/" + unknown),
                    String.valueOf(unknown), "DELETE order");

            for (String own : List.of("/exchange/api/my/orders", "/exchange/api/orders?user_only=true")) {
                JsonArray bobs = ex.get(bob, own).json().getJsonArray("orders");
                assertTrue(bobs.stream().map(JsonValue::asJsonObject)
                        .allMatch(o -> o.getString("wallet_address").equals(bob.address())
                                && o.getJsonNumber("id").longValue() != id), own + ": " + bobs);
            }
            // the public list shows the order but not whose it is (API3: no owner, no reservation)
            JsonArray everyone = Http.get(ex.url("/exchange/api/orders?limit=500")).json().getJsonArray("orders");
            assertTrue(everyone.stream().anyMatch(o -> o.asJsonObject().getJsonNumber("id").longValue() == id),
                    "alice's order in the public list");
            assertTrue(everyone.stream().map(JsonValue::asJsonObject)
                    .noneMatch(o -> o.containsKey("wallet_address") || o.containsKey("reserved")),
                    "the public list names no owner: " + everyone);

            JsonObject still = ex.get(alice, "/exchange/api/orders/" + id).json();
            assertEquals("OPEN", still.getString("status"), still.toString());
            assertEquals(0, still.getJsonNumber("filled").longValue());
            assertEquals(aliceFunds, ex.get(alice, "/exchange/api/wallet/balance").json(), "alice's funds unchanged");
            assertEquals(bobFunds, ex.get(bob, "/exchange/api/wallet/balance").json(), "bob's funds unchanged");
            JsonArray buys = Http.get(ex.url("/exchange/api/orders/orderbook?depth=all")).json().getJsonArray("buys");
            assertTrue(buys.stream().map(JsonValue::asJsonObject).anyMatch(l -> l.getJsonNumber("price").longValue() == 7
                    && l.getJsonNumber("amount").longValue() >= AITBC), "the order still rests in the book: " + buys);
        } finally {
            ex.delete(alice, "/exchange/api/orders/" + id); // leaves the book as it was
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // API2: broken authentication; API5: function level authorisation
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void forgedUnsignedExpiredAlteredAndRevokedTokensAndWrongKeysAre401AndWrongKindsAre403OnBothCoordinators() {
        CoordinatorCluster site = coordinator();
        String secret = site.a.env().get("JWT_SECRET");
        String clientKey = site.clientKey();
        String minerKey = site.minerKey();
        Ed25519.KeyPair wallet = Ed25519.generate();
        String real = coordinatorSignIn(site.a, wallet);
        String minted = SessionTokenForge.signed(secret, wallet.address(), 3600);
        String body = job(model(), null).toString();

        // the controls: the real token and the forge's own (signed with the servers' key) are accepted on both
        for (LibertyServer s : site.coordinators()) {
            assertEquals(200, Http.get(s.url("/v1/jobs"), bearer(real)).status());
            assertEquals(200, Http.get(s.url("/v1/jobs"), bearer(minted)).status(), "the forge signs as the servers do");
            assertEquals(200, Http.get(s.url("/v1/jobs"), key(clientKey)).status());
        }

        Map<String, String> bad = badTokens(secret, wallet, real);
        List<Executable> checks = new ArrayList<>();
        for (LibertyServer s : site.coordinators()) {
            for (Map.Entry<String, String> t : bad.entrySet()) {
                for (Http.Response r : List.of(Http.get(s.url("/v1/jobs"), bearer(t.getValue())),
                        Http.post(s.url("/v1/jobs"), body, bearer(t.getValue())),
                        Http.get(s.url("/v1/users/me"), bearer(t.getValue())),
                        Http.get(s.url("/v1/users/" + wallet.address() + "/balance"), bearer(t.getValue())))) {
                    checks.add(() -> assertError(r, 401, "invalid_token", s.name() + ", " + t.getKey()));
                }
            }
            Map<String, String[]> wrongKeys = new LinkedHashMap<>();
            wrongKeys.put("no credential", new String[0]);
            wrongKeys.put("an unknown key", key("not-a-key"));
            wrongKeys.put("the key in upper case", key(clientKey.toUpperCase(java.util.Locale.ROOT)));
            wrongKeys.put("the key less its last character", key(clientKey.substring(0, clientKey.length() - 1)));
            wrongKeys.put("the key and one more character", key(clientKey + "0"));
            wrongKeys.put("the key's public id", key(keyId("client_", clientKey)));
            wrongKeys.put("an empty bearer", new String[] {"Authorization", "Bearer "});
            for (Map.Entry<String, String[]> k : wrongKeys.entrySet()) {
                Http.Response list = Http.get(s.url("/v1/jobs"), k.getValue());
                Http.Response submit = Http.post(s.url("/v1/jobs"), body, k.getValue());
                Http.Response admin = Http.get(s.url("/v1/admin/stats"), k.getValue());
                String expected = k.getKey().equals("an empty bearer") ? null : "unauthorized";
                checks.add(() -> assertError(list, 401, expected, s.name() + ", list with " + k.getKey()));
                checks.add(() -> assertError(submit, 401, expected, s.name() + ", submit with " + k.getKey()));
                checks.add(() -> assertError(admin, 401, expected, s.name() + ", admin with " + k.getKey()));
            }
            // a valid credential of the wrong kind: 403
            Map<String, Http.Response> wrongKind = new LinkedHashMap<>();
            wrongKind.put("miner key lists jobs", Http.get(s.url("/v1/jobs"), key(minerKey)));
            wrongKind.put("miner key submits", Http.post(s.url("/v1/jobs"), body, key(minerKey)));
            wrongKind.put("miner key reads a payment", Http.get(s.url("/v1/payments/0x00"), key(minerKey)));
            wrongKind.put("admin key submits", Http.post(s.url("/v1/jobs"), body, key(CoordinatorCluster.ADMIN)));
            String noWait = "{\"max_wait_seconds\": 0}";
            wrongKind.put("client key polls", Http.post(s.url("/v1/miners/poll"), noWait, key(clientKey)));
            wrongKind.put("client key lists miners", Http.get(s.url("/v1/miners"), key(clientKey)));
            wrongKind.put("client key reads admin stats", Http.get(s.url("/v1/admin/stats"), key(clientKey)));
            wrongKind.put("client key deactivates a miner", Http.post(s.url("/v1/admin/miners/"
                    + keyId("miner_", minerKey) + "/deactivate"), "", key(clientKey)));
            wrongKind.put("wallet token reads admin jobs", Http.get(s.url("/v1/admin/jobs"), bearer(minted)));
            wrongKind.put("wallet token polls", Http.post(s.url("/v1/miners/poll"), noWait, bearer(minted)));
            wrongKind.forEach((what, r) -> checks.add(() -> assertError(r, 403, "forbidden", s.name() + ", " + what)));
        }
        // the node's admin endpoints know only admin keys
        checks.add(() -> assertError(Http.post(site.node.url("/rpc/admin/mintFaucet"), "{\"address\": \""
                + wallet.address() + "\", \"amount\": 1}", key(clientKey)), 401, "unauthorized",
                "faucet with a client key"));
        checks.add(() -> assertError(Http.post(site.node.url("/rpc/admin/verifyChain"), ""), 401, "unauthorized",
                "verifyChain without a key"));
        assertAll("bad credentials", checks.stream());

        // logout on a: refused there at once, on b within the second revocations are re-read
        Http.Response out = Http.post(site.a.url("/v1/users/logout"), "", bearer(real));
        assertEquals(200, out.status(), out.toString());
        assertError(Http.get(site.a.url("/v1/jobs"), bearer(real)), 401, "token_revoked", "a after logout");
        long loggedOut = System.nanoTime();
        while (Http.get(site.b.url("/v1/jobs"), bearer(real)).status() == 200) {
            assertTrue(System.nanoTime() - loggedOut < 3_000_000_000L, "b still takes the revoked token after 3 s");
            sleep(50);
        }
        List<Executable> revoked = new ArrayList<>();
        for (LibertyServer s : site.coordinators()) {
            for (Http.Response r : List.of(Http.get(s.url("/v1/jobs"), bearer(real)),
                    Http.post(s.url("/v1/jobs"), body, bearer(real)), Http.get(s.url("/v1/users/me"), bearer(real)),
                    Http.post(s.url("/v1/users/logout"), "", bearer(real)))) {
                revoked.add(() -> assertError(r, 401, "token_revoked", s.name() + " after logout"));
            }
        }
        assertAll("a revoked token", revoked.stream());
        assertEquals(200, Http.get(site.b.url("/v1/jobs"), bearer(minted)).status(), "only the logged-out token ends");
    }

    @Test
    void forgedUnsignedExpiredAlteredAndRevokedTokensAre401OnEveryTokenEndpointOfTheExchange() {
        ExchangeSite ex = exchange();
        String secret = ex.exchange.env().get("JWT_SECRET");
        Trader t = ex.signIn();
        String minted = SessionTokenForge.signed(secret, t.address(), 3600);
        assertEquals(200, ex.get(t, "/exchange/api/wallet/balance").status());
        assertEquals(200, Http.get(ex.url("/exchange/api/wallet/balance"), bearer(minted)).status(),
                "the forge signs as the server does");

        Map<String, String> bad = badTokens(secret, t.key(), t.token());
        // a real session of the coordinator site: another deployment, another secret
        bad.put("a coordinator's real token", coordinatorSignIn(coordinator().a, t.key()));
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, String> b : bad.entrySet()) {
            for (Map.Entry<String, Http.Response> r : exchangeTokenCalls(ex, b.getValue()).entrySet()) {
                checks.add(() -> assertError(r.getValue(), 401, "invalid_token", r.getKey() + " with " + b.getKey()));
            }
        }
        checks.add(() -> assertError(Http.get(ex.url("/exchange/api/wallet/balance")), 401, "invalid_token", "no token"));
        checks.add(() -> assertError(Http.get(ex.url("/exchange/api/orders?user_only=true")), 401, "unauthorized",
                "own orders without a token"));
        checks.add(() -> assertError(Http.post(ex.url("/exchange/api/admin/payments/pay_00/confirm"), ""), 401,
                "unauthorized", "confirm without an admin key"));
        checks.add(() -> assertError(Http.post(ex.url("/exchange/api/admin/payments/pay_00/confirm"), "",
                key("exchange-it-admin-kez")), 401, "unauthorized", "confirm with a wrong admin key"));
        checks.add(() -> assertError(Http.post(ex.url("/exchange/api/admin/payments/pay_00/confirm"), "",
                bearer(t.token())), 401, "unauthorized", "confirm with a trader's token"));
        assertAll("bad tokens at the exchange", checks.stream());

        Http.Response out = ex.post(t, "/exchange/api/auth/logout", "");
        assertEquals(200, out.status(), out.toString());
        List<Executable> revoked = new ArrayList<>();
        exchangeTokenCalls(ex, t.token()).forEach((what, r) ->
                revoked.add(() -> assertError(r, 401, "token_revoked", what + " after logout")));
        assertAll("a revoked token at the exchange", revoked.stream());
        assertEquals(200, Http.get(ex.url("/exchange/api/wallet/balance"), bearer(minted)).status(),
                "only the logged-out token ends");
    }

    /** Every token-protected (or token-personalised) endpoint of the exchange, called with {@code token}. */
    private static Map<String, Http.Response> exchangeTokenCalls(ExchangeSite ex, String token) {
        String[] h = bearer(token);
        Map<String, Http.Response> calls = new LinkedHashMap<>();
        calls.put("balance", Http.get(ex.url("/exchange/api/wallet/balance"), h));
        calls.put("me", Http.get(ex.url("/exchange/api/auth/me"), h));
        calls.put("my orders", Http.get(ex.url("/exchange/api/my/orders"), h));
        calls.put("my trades", Http.get(ex.url("/exchange/api/my/trades"), h));
        calls.put("own orders", Http.get(ex.url("/exchange/api/orders?user_only=true"), h));
        calls.put("orders (token optional)", Http.get(ex.url("/exchange/api/orders"), h));
        calls.put("place", Http.post(ex.url("/exchange/api/orders"), "{\"order_type\": \"BUY\", \"amount\": 1, "
                + "\"price\": 1}", h));
        calls.put("cancel", Http.method("DELETE", ex.url("/exchange/api/orders/1"), null, h));
        calls.put("withdraw", Http.post(ex.url("/exchange/api/wallet/withdraw"), "{\"amount\": 1}", h));
        calls.put("withdrawals", Http.get(ex.url("/exchange/api/wallet/withdrawals"), h));
        calls.put("deposits", Http.get(ex.url("/exchange/api/wallet/deposits"), h));
        calls.put("payment request", Http.post(ex.url("/exchange/api/payments"), "{\"btc_amount\": 1, \"purpose\": "
                + "\"deposit\"}", h));
        calls.put("logout", Http.post(ex.url("/exchange/api/auth/logout"), "", h));
        return calls;
    }

    /**
     * Tokens that must all be refused where {@code secret} signs the real ones; {@code real} is a real token of
     * {@code wallet} (its claims and signature are reused).
     */
    private static Map<String, String> badTokens(String secret, Ed25519.KeyPair wallet, String real) {
        String address = wallet.address();
        String other = Ed25519.generate().address();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("a token signed with another key", SessionTokenForge.foreignSigned(address));
        bad.put("a token signed with another deployment's key",
                SessionTokenForge.signed("another-deployment-" + UUID.randomUUID(), address, 3600));
        bad.put("alg none", SessionTokenForge.unsigned(address));
        bad.put("alg none over the real token's claims",
                SessionTokenForge.unsignedPayload(SessionTokenForge.payload(real).toString()));
        bad.put("HS256 keyed with the servers' public key", SessionTokenForge.hmacWithPublicKey(secret, address));
        bad.put("expired an hour ago", SessionTokenForge.signed(secret, address, -3600));
        JwtClaims foreignIssuer = SessionTokenForge.claims(address, 3600);
        foreignIssuer.setIssuer("someone-else");
        bad.put("another issuer", SessionTokenForge.signed(secret, foreignIssuer));
        JwtClaims foreignAudience = SessionTokenForge.claims(address, 3600);
        foreignAudience.setAudience("someone-else");
        bad.put("another audience", SessionTokenForge.signed(secret, foreignAudience));
        bad.put("the real token naming another wallet", SessionTokenForge.naming(real, other));
        bad.put("the real token with a later expiry", SessionTokenForge.altered(real,
                b -> b.add("exp", SessionTokenForge.payload(real).getJsonNumber("exp").longValue() + 86_400)));
        bad.put("the real token without its signature", SessionTokenForge.stripped(real));
        bad.put("not a JWT", "not-a-jwt");
        return bad;
    }

    // ---------------------------------------------------------------------------------------------------------
    // API3: mass assignment (broken object property level authorisation)
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void jobFieldsAClientMayNotSetAreIgnoredTheJobIsItsOwnAndAPaidJobStaysUnfunded() {
        CoordinatorCluster site = coordinator();
        String alice = site.clientKey();
        String aliceId = keyId("client_", alice);
        String model = model();
        String unpaidModel = model();
        TestMiner miner = new TestMiner(site.minerKey(), Ed25519.generate().address())
                .register(site.b, TestMiner.gpu("NVIDIA A10", 24, "12.2", model, unpaidModel), 1);
        String chosen = "job_" + "0".repeat(32);
        String forgedMiner = "miner_" + "0".repeat(16);
        JsonObject body = Json.createObjectBuilder(job(model, null))
                .add("job_id", chosen).add("id", chosen).add("state", "COMPLETED").add("status", "COMPLETED")
                .add("client_id", "client_" + "0".repeat(16)).add("client", "someone").add("owner", "someone")
                .add("assigned_miner_id", forgedMiner).add("miner_id", forgedMiner)
                .add("receipt_id", "rcpt-forged").add("receipt", Json.createObjectBuilder().add("receipt_id", "rcpt-forged")
                        .add("job_id", chosen).add("units", 999).add("price", 0))
                .add("result", Json.createObjectBuilder().add("output", "forged"))
                .add("units", 999).add("unit_price", 0).add("price", 0)
                .add("payment_status", "released").add("payment_id", "0x" + "ab".repeat(32)).add("settlement", "done")
                .add("attempt", 7).add("error", "forged").add("requested_at", "2000-01-01T00:00:00.000Z")
                .add("expires_at", "2100-01-01T00:00:00.000Z").add("ended_at", "2000-01-01T00:00:01.000Z")
                .add("claim_tx", "0x" + "cd".repeat(32)).add("settle_tx", "0x" + "ef".repeat(32)).build();
        JsonObject v = submitted(site.a, key(alice), body);
        String id = v.getString("job_id");
        assertTrue(id.matches("job_[0-9a-f]{32}") && !id.equals(chosen), "the server chose the id: " + v);
        assertEquals("QUEUED", v.getString("state"), v.toString());
        for (String f : List.of("assigned_miner_id", "payment_id", "payment_status", "error", "claim_tx", "settle_tx")) {
            assertEquals(JsonValue.NULL, v.get(f), f + " is not the client's to set: " + v);
        }
        for (String f : List.of("receipt_id", "units", "price", "unit_price", "ended_at", "payment_amount", "payment")) {
            assertFalse(v.containsKey(f), f + " is not the client's to set: " + v);
        }
        assertEquals(0, v.getInt("attempt"));
        assertEquals("none", v.getString("settlement"));
        long requested = Instant.parse(v.getString("requested_at")).toEpochMilli();
        assertTrue(Math.abs(System.currentTimeMillis() - requested) < 120_000, "requested now: " + v);
        assertEquals(900_000, Instant.parse(v.getString("expires_at")).toEpochMilli() - requested,
                "the default ttl of 900 s, not the expires_at sent");
        assertError(Http.get(site.a.url("/v1/jobs/" + chosen), "X-Api-Key", alice), 404, "not_found", "the chosen id");
        assertError(Http.get(site.b.url("/v1/jobs/" + id + "/result"), "X-Api-Key", alice), 425, "not_finished",
                "no result yet");
        assertEquals(List.of("submitted"), reasons(site.b, key(alice), id));
        JsonObject admin = Http.get(site.a.url("/v1/admin/jobs/" + id), "X-Api-Key", CoordinatorCluster.ADMIN).json();
        assertEquals(aliceId, admin.getString("client_id"), "the job belongs to the key that submitted it");

        // the job is really queued: a miner takes it and the receipt is the coordinator's, not the one sent
        Http.Response offer = miner.poll(site.a, 10);
        assertEquals(200, offer.status(), offer.toString());
        assertEquals(id, offer.json().getString("job_id"));
        Http.Response done = miner.result(site.a, id, Json.createObjectBuilder().add("output", "the miner's").build(),
                Json.createObjectBuilder().add("units", 2).build());
        assertEquals(200, done.status(), done.toString());
        JsonObject receipt = done.json().getJsonObject("receipt");
        assertEquals(id, receipt.getString("job_id"));
        assertEquals(aliceId, receipt.getString("client"));
        assertEquals(miner.id(), receipt.getString("provider"));
        assertEquals(2, receipt.getInt("units"));
        assertNotEquals("rcpt-forged", receipt.getString("receipt_id"));
        assertEquals("the miner's", Http.get(site.b.url("/v1/jobs/" + id + "/result"), "X-Api-Key", alice).json()
                .getJsonObject("result").getString("output"));

        // a paid job whose body claims its escrow: still awaiting it, and no miner gets it
        JsonObject claimsPaid = Json.createObjectBuilder(job(unpaidModel, 100L)).add("payment_status", "escrowed")
                .add("payment_id", "0x" + "12".repeat(32)).add("escrow_id", "0x" + "12".repeat(32))
                .add("escrow_tx", "0x" + "12".repeat(32)).add("payer", Ed25519.generate().address())
                .add("assignable", true).add("paid", true).build();
        JsonObject p = submitted(site.b, key(alice), claimsPaid);
        String paidId = p.getString("job_id");
        try {
            assertEquals("awaiting_escrow", p.getString("payment_status"), p.toString());
            assertEquals(JsonValue.NULL, p.get("payment_id"), p.toString());
            assertEquals("awaiting_escrow", p.getJsonObject("waiting").getString("reason"), p.toString());
            assertEquals(204, miner.poll(site.a, 2).status(), "an unfunded job is never assigned");
            JsonObject payment = Http.get(site.a.url("/v1/jobs/" + paidId + "/payment"), "X-Api-Key", alice).json();
            assertEquals("awaiting_escrow", payment.getString("status"), payment.toString());
            assertEquals(JsonValue.NULL, payment.get("payer"), payment.toString());
        } finally {
            Http.post(site.a.url("/v1/jobs/" + paidId + "/cancel"), "", "X-Api-Key", alice);
        }
    }

    @Test
    void aMinerCannotTakeAnotherMinersIdNorReactivateItselfNorSetWhatTheCoordinatorKeeps() {
        CoordinatorCluster site = coordinator();
        String model = model();
        Ed25519.KeyPair yWallet = Ed25519.generate();
        TestMiner y = new TestMiner(site.minerKey(), yWallet.address())
                .register(site.a, TestMiner.gpu("GPU-Y", 48, "12.4", model), 3);
        String xKey = site.minerKey();
        String xId = keyId("miner_", xKey);
        JsonObject capsX = TestMiner.gpu("GPU-X", 16, "12.1", model);
        JsonObject body = Json.createObjectBuilder().add("capabilities", capsX).add("concurrency", 1)
                .add("miner_id", y.id()).add("id", y.id()).add("active", false).add("status", "OFFLINE")
                .add("inflight", 9).add("session_token", "sess_chosen").add("registered_at", "2000-01-01T00:00:00.000Z")
                .add("last_heartbeat", "2000-01-01T00:00:00.000Z").add("unit_price", 0).build();
        Http.Response r = Http.post(site.b.url("/v1/miners/register"), body.toString(), "X-Api-Key", xKey);
        assertEquals(200, r.status(), r.toString());
        assertEquals(xId, r.json().getString("miner_id"), "the miner id is the key's, not the one sent");
        assertNotEquals("sess_chosen", r.json().getString("session_token"));

        JsonObject x = adminMiner(site, xId);
        assertTrue(x.getBoolean("active"), "active is the admin's to set: " + x);
        assertEquals("ONLINE", x.getString("status"), x.toString());
        assertEquals(0, x.getInt("inflight"), x.toString());
        assertEquals("GPU-X", x.getJsonObject("capabilities").getJsonObject("gpu").getString("model"));
        assertFalse(x.getString("registered_at").startsWith("2000"), x.toString());
        assertEquals(1, x.getInt("unit_price"), "the coordinator's unit price (the miner gave none): " + x);
        JsonObject yView = adminMiner(site, y.id());
        assertEquals("GPU-Y", yView.getJsonObject("capabilities").getJsonObject("gpu").getString("model"),
                "the other miner is untouched: " + yView);
        assertEquals(3, yView.getInt("unit_price"));
        assertEquals(yWallet.address(), yView.getString("wallet_address"));
        assertTrue(yView.getBoolean("active"));

        // deactivated by an admin, the miner cannot register itself active again
        Http.Response off = Http.post(site.a.url("/v1/admin/miners/" + xId + "/deactivate"), "", "X-Api-Key",
                CoordinatorCluster.ADMIN);
        assertEquals(200, off.status(), off.toString());
        assertFalse(off.json().getBoolean("active"));
        Http.Response again = Http.post(site.a.url("/v1/miners/register"), Json.createObjectBuilder()
                .add("capabilities", capsX).add("active", true).add("status", "ONLINE").build().toString(),
                "X-Api-Key", xKey);
        assertEquals(200, again.status(), again.toString());
        assertFalse(adminMiner(site, xId).getBoolean("active"), "still deactivated");
        for (LibertyServer s : site.coordinators()) {
            assertError(Http.post(s.url("/v1/miners/poll"), "{\"max_wait_seconds\": 0}", "X-Api-Key", xKey), 403,
                    "miner_deactivated", s.name());
        }
        assertError(Http.get(site.a.url("/v1/miners/" + y.id() + "/jobs"), "X-Api-Key", xKey), 403, "forbidden",
                "another miner's jobs");
        assertError(Http.method("DELETE", site.a.url("/v1/miners/" + y.id()), null, "X-Api-Key", xKey), 403,
                "forbidden", "removing another miner");
        assertTrue(adminMiner(site, y.id()).getBoolean("active"));
    }

    @Test
    void anOrderOrAWithdrawalIgnoresOwnerFillAndRecipientFieldsAndServesOnlyItsTrader() {
        ExchangeSite ex = exchange();
        List<Trader> ts = ex.traders(2, 0, 10_000);
        Trader alice = ts.get(0);
        Trader bob = ts.get(1);
        long chosen = 424_242_424_242L;
        JsonObject body = Json.createObjectBuilder().add("order_type", "BUY").add("amount", AITBC).add("price", 7)
                .add("status", "FILLED").add("filled", AITBC).add("remaining", 0).add("reserved", 0)
                .add("wallet_address", bob.address()).add("wallet", bob.address()).add("user", bob.address())
                .add("address", bob.address()).add("user_id", "user_forged").add("id", chosen).add("order_id", chosen)
                .add("created_at", "2000-01-01T00:00:00.000Z").add("trades", Json.createArrayBuilder()).build();
        Http.Response placed = ex.post(alice, "/exchange/api/orders", body.toString());
        assertEquals(201, placed.status(), placed.toString());
        JsonObject o = placed.json();
        long id = o.getJsonNumber("id").longValue();
        try {
            assertNotEquals(chosen, id);
            assertEquals("OPEN", o.getString("status"), o.toString());
            assertEquals(0, o.getJsonNumber("filled").longValue());
            assertEquals(AITBC, o.getJsonNumber("remaining").longValue());
            assertEquals(7, o.getJsonNumber("reserved").longValue(), "the quote of 1 AITBC at 7 sat");
            assertEquals(alice.address(), o.getString("wallet_address"), "the order is the token's wallet's");
            assertFalse(o.getString("created_at").startsWith("2000"), o.toString());
            JsonObject aliceFunds = ex.get(alice, "/exchange/api/wallet/balance").json();
            assertEquals(7, aliceFunds.getJsonObject("btc").getJsonNumber("reserved").longValue(), aliceFunds.toString());
            assertEquals(10_000 - 7, aliceFunds.getJsonObject("btc").getJsonNumber("available").longValue());
            JsonObject bobFunds = ex.get(bob, "/exchange/api/wallet/balance").json();
            assertEquals(0, bobFunds.getJsonObject("btc").getJsonNumber("reserved").longValue(), bobFunds.toString());
            assertEquals(10_000, bobFunds.getJsonObject("btc").getJsonNumber("available").longValue());
            assertEquals(0, ex.get(bob, "/exchange/api/my/orders").json().getJsonArray("orders").size());
            assertError(ex.get(alice, "/exchange/api/orders/" + chosen), 404, "not_found", "the chosen id");
        } finally {
            ex.delete(alice, "/exchange/api/orders/" + id);
        }

        // a withdrawal goes to the token's wallet whatever the body names, at the chain's fee
        Trader w = ex.trader(AITBC, 0);
        Ed25519.KeyPair elsewhere = Ed25519.generate();
        long chainBefore = ex.client.balance(w.address()).balance();
        String forgedHash = "0x" + "ab".repeat(32);
        JsonObject withdraw = Json.createObjectBuilder().add("amount", AITBC / 2).add("to", elsewhere.address())
                .add("address", elsewhere.address()).add("wallet_address", elsewhere.address())
                .add("recipient", elsewhere.address()).add("fee", 0).add("status", "CONFIRMED")
                .add("tx_hash", forgedHash).add("withdrawal_id", "wd_chosen").build();
        Http.Response sent = ex.post(w, "/exchange/api/wallet/withdraw", withdraw.toString());
        assertEquals(202, sent.status(), sent.toString());
        JsonObject wd = sent.json();
        assertEquals(w.address(), wd.getString("to"), wd.toString());
        assertEquals(ex.fee(), wd.getJsonNumber("fee").longValue(), wd.toString());
        assertNotEquals("wd_chosen", wd.getString("withdrawal_id"));
        String hash = wd.getString("tx_hash");
        assertNotEquals(forgedHash, hash);
        ex.client.awaitIncluded(hash, Duration.ofSeconds(30));
        assertEquals(chainBefore + AITBC / 2, ex.client.balance(w.address()).balance());
        assertEquals(0, ex.client.balance(elsewhere.address()).balance(), "nothing went to the address in the body");
        assertEquals(AITBC - AITBC / 2 - ex.fee(), ex.get(w, "/exchange/api/wallet/balance").json()
                .getJsonObject("aitbc").getJsonNumber("available").longValue());
    }

    // ---------------------------------------------------------------------------------------------------------
    // API4: unrestricted resource consumption
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void bodiesOverOneMebibyteAre413DeclaredOrChunkedAndCreateNothing() {
        CoordinatorCluster site = coordinator();
        ExchangeSite ex = exchange();
        String client = site.clientKey();
        Trader t = ex.signIn();
        String job = sized("{\"payload\": {\"model\": \"" + model() + "\", \"prompt\": \"", "\"}}", BODY_LIMIT + 1);
        byte[] bigJob = sized("{\"payload\": {\"model\": \"" + model() + "\", \"prompt\": \"", "\"}}",
                BODY_LIMIT + 4096).getBytes(StandardCharsets.UTF_8);
        String order = sized("{\"order_type\": \"BUY\", \"amount\": 1, \"price\": 1, \"note\": \"", "\"}", BODY_LIMIT + 1);
        byte[] bigOrder = sized("{\"order_type\": \"BUY\", \"amount\": 1, \"price\": 1, \"note\": \"", "\"}",
                BODY_LIMIT + 4096).getBytes(StandardCharsets.UTF_8);
        String tx = sized("{\"pad\": \"", "\"}", BODY_LIMIT + 1);
        byte[] bigTx = sized("{\"pad\": \"", "\"}", BODY_LIMIT + 4096).getBytes(StandardCharsets.UTF_8);

        Map<String, Http.Response> over = new LinkedHashMap<>();
        over.put("a: a job of limit + 1 bytes", declared(site.a.url("/v1/jobs"), job, key(client)));
        over.put("b: a job of limit + 1 bytes", declared(site.b.url("/v1/jobs"), job, key(client)));
        over.put("a: a chunked job over the limit", chunked(site.a.url("/v1/jobs"), bigJob, key(client)));
        over.put("node: a transaction of limit + 1 bytes", declared(site.node.url("/rpc/sendTx"), tx));
        over.put("node: a chunked transaction over the limit", chunked(site.node.url("/rpc/sendTx"), bigTx));
        over.put("exchange: an order of limit + 1 bytes", declared(ex.url("/exchange/api/orders"), order,
                bearer(t.token())));
        over.put("exchange: a chunked order over the limit", chunked(ex.url("/exchange/api/orders"), bigOrder,
                bearer(t.token())));
        List<Executable> checks = new ArrayList<>();
        over.forEach((what, r) -> checks.add(() -> {
            assertError(r, 413, "payload_too_large", what);
            assertTrue(r.json().getString("detail").contains(String.valueOf(BODY_LIMIT)), what + ": " + r);
        }));
        // the limit is where it says: a body of exactly the limit is read (and refused for what it says)
        Http.Response atLimit = Http.post(site.node.url("/rpc/sendTx"), sized("{\"pad\": \"", "\"}", BODY_LIMIT));
        checks.add(() -> assertError(atLimit, 400, "invalid_field", "a body of exactly the limit"));
        assertAll("bodies over the limit", checks.stream());

        assertEquals(0, Http.get(site.a.url("/v1/jobs"), key(client)).json().getJsonArray("jobs").size(),
                "no job was created");
        assertEquals(0, ex.get(t, "/exchange/api/my/orders").json().getJsonArray("orders").size(), "no order was placed");
    }

    @Test
    void pageSizesLongPollsTtlsNestingBatchesAndFieldLengthsAreBounded() {
        CoordinatorCluster site = coordinator();
        ExchangeSite ex = exchange();
        String client = site.clientKey();
        String miner = site.minerKey();
        Trader t = ex.signIn();
        String[] admin = key(CoordinatorCluster.ADMIN);

        Map<String, Http.Response> limits = new LinkedHashMap<>();
        limits.put("own jobs", Http.get(site.a.url("/v1/jobs?limit=100000"), key(client)));
        limits.put("own jobs, limit 0", Http.get(site.b.url("/v1/jobs?limit=0"), key(client)));
        limits.put("job history", Http.get(site.a.url("/v1/jobs/history?limit=101"), key(client)));
        limits.put("admin jobs", Http.get(site.a.url("/v1/admin/jobs?limit=100000"), admin));
        limits.put("miners", Http.get(site.b.url("/v1/miners?limit=100000"), admin));
        limits.put("explorer blocks", Http.get(site.a.url("/v1/explorer/blocks?limit=100000")));
        limits.put("explorer transactions", Http.get(site.a.url("/v1/explorer/transactions?limit=100000")));
        for (String path : List.of("/rpc/blocks", "/rpc/transactions", "/rpc/receipts", "/rpc/addresses",
                "/rpc/escrows", "/rpc/mempool")) {
            limits.put("node " + path, Http.get(site.node.url(path + "?limit=100000")));
        }
        limits.put("exchange orders", Http.get(ex.url("/exchange/api/orders?limit=100000")));
        limits.put("exchange own orders", ex.get(t, "/exchange/api/my/orders?limit=100000"));
        limits.put("exchange own trades", ex.get(t, "/exchange/api/my/trades?limit=100000"));
        limits.put("exchange recent trades", Http.get(ex.url("/exchange/api/trades/recent?limit=100000")));
        limits.put("exchange price history", Http.get(ex.url("/exchange/api/price-history?limit=100000")));
        limits.put("exchange deposits", ex.get(t, "/exchange/api/wallet/deposits?limit=100000"));
        limits.put("exchange withdrawals", ex.get(t, "/exchange/api/wallet/withdrawals?limit=100000"));
        List<Executable> checks = new ArrayList<>();
        limits.forEach((what, r) -> checks.add(() -> {
            assertError(r, 400, "invalid_field", what);
            assertEquals("limit", r.json().getString("field", null), what + ": " + r);
        }));
        checks.add(() -> assertField(Http.get(site.a.url("/v1/jobs?offset=-1"), key(client)), "offset", "negative offset"));
        checks.add(() -> assertField(Http.get(site.node.url("/rpc/blocks?offset=-1")), "offset", "negative rpc offset"));
        checks.add(() -> assertField(Http.get(ex.url("/exchange/api/orders/orderbook?depth=100000")), "depth",
                "book depth"));
        // the largest page is served
        Http.Response hundred = Http.get(site.a.url("/v1/jobs?limit=100"), key(client));
        checks.add(() -> assertEquals(100, hundred.json().getInt("limit"), hundred.toString()));
        Http.Response blocks = Http.get(site.node.url("/rpc/blocks?limit=100"));
        checks.add(() -> assertEquals(100, blocks.json().getInt("limit"), blocks.toString()));
        // a range asked for far too many blocks is cut to 100
        Http.Response range = Http.get(site.node.url("/rpc/blocks-range?start=0&end=100000"));
        checks.add(() -> {
            assertEquals(200, range.status(), range.toString());
            JsonObject page = range.json();
            assertTrue(page.getJsonArray("blocks").size() <= 100 && page.getJsonNumber("end").longValue() < 100,
                    "at most 100 blocks: end " + page.get("end"));
        });

        // waits, lifetimes, nesting, batches and field lengths
        checks.add(() -> assertField(Http.post(site.a.url("/v1/miners/poll"), "{\"max_wait_seconds\": 100000}",
                key(miner)), "max_wait_seconds", "a poll of 100,000 s"));
        checks.add(() -> assertField(Http.post(site.b.url("/v1/jobs"), Json.createObjectBuilder(job(model(), null))
                .add("ttl_seconds", 100_000_000).build().toString(), key(client)), "ttl_seconds", "a ttl of 3 years"));
        String deep = "{\"payload\": " + "[".repeat(100) + "]".repeat(100) + "}";
        checks.add(() -> assertError(Http.post(site.node.url("/rpc/sendTx"), deep), 400, "malformed_json",
                "100 levels of nesting at the node"));
        checks.add(() -> assertError(Http.post(site.a.url("/v1/jobs"), deep, key(client)), 400, "malformed_json",
                "100 levels of nesting at the coordinator"));
        checks.add(() -> assertError(ex.post(t, "/exchange/api/orders", deep), 400, "malformed_json",
                "100 levels of nesting at the exchange"));
        String batch = "{\"transactions\": [" + String.join(",", java.util.Collections.nCopies(501, "{}")) + "]}";
        checks.add(() -> assertField(Http.post(site.node.url("/rpc/sendTxs"), batch), "transactions",
                "a batch of 501"));
        JsonObject hugeCaps = Json.createObjectBuilder().add("gpu", Json.createObjectBuilder().add("model", "x"))
                .add("notes", "n".repeat(17_000)).build();
        checks.add(() -> assertField(Http.post(site.a.url("/v1/miners/register"), Json.createObjectBuilder()
                .add("capabilities", hugeCaps).build().toString(), key(miner)), "capabilities", "17 kB of capabilities"));
        String longAddress = "{\"wallet_address\": \"ait1" + "q".repeat(200) + "\"}";
        checks.add(() -> assertField(Http.post(site.a.url("/v1/users/challenge"), longAddress), "wallet_address",
                "a 204-character wallet at the coordinator"));
        checks.add(() -> assertField(Http.post(ex.url("/exchange/api/auth/challenge"), longAddress), "wallet_address",
                "a 204-character wallet at the exchange"));
        assertAll("bounded requests", checks.stream());
        assertEquals(0, Http.get(site.a.url("/v1/jobs"), key(client)).json().getJsonArray("jobs").size(),
                "no refused job was created");
    }

    // ---------------------------------------------------------------------------------------------------------
    // API8: security misconfiguration
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void everyErrorIsTheProjectsJsonWithoutStackTraceOrImplementationNames() {
        CoordinatorCluster site = coordinator();
        ExchangeSite ex = exchange();
        String client = site.clientKey();
        Trader t = ex.signIn();
        LibertyServer a = site.a;
        LibertyServer node = site.node;

        List<Case> cases = new ArrayList<>();
        // malformed JSON
        cases.add(new Case("truncated job", Http.post(a.url("/v1/jobs"), "{\"payload\": {", key(client)), 400,
                "malformed_json"));
        cases.add(new Case("a job that is an array", Http.post(site.b.url("/v1/jobs"), "[1, 2]", key(client)), 400,
                "malformed_json"));
        cases.add(new Case("not JSON at the node", Http.post(node.url("/rpc/sendTx"), "{not json}"), 400, "malformed_json"));
        cases.add(new Case("bare word in an order", ex.post(t, "/exchange/api/orders", "{\"order_type\": BUY}"), 400,
                "malformed_json"));
        cases.add(new Case("truncated login", Http.post(a.url("/v1/users/login"), "{"), 400, "malformed_json"));
        cases.add(new Case("a string as a payment body", Http.post(a.url("/v1/payments"), "\"pay\"", key(client)), 400,
                "malformed_json"));
        // wrong types
        cases.add(new Case("a ttl that is a word", Http.post(a.url("/v1/jobs"), Json.createObjectBuilder(job(model(), null))
                .add("ttl_seconds", "soon").build().toString(), key(client)), 400, "invalid_field"));
        cases.add(new Case("a transaction type that is a number", Http.post(node.url("/rpc/sendTx"), "{\"type\": 7}"),
                400, "invalid_field"));
        cases.add(new Case("an amount that is a word", ex.post(t, "/exchange/api/orders",
                "{\"order_type\": \"BUY\", \"amount\": \"lots\", \"price\": 1}"), 400, "invalid_field"));
        cases.add(new Case("a height that is a word", Http.get(node.url("/rpc/blocks/abc")), 400, "invalid_field"));
        cases.add(new Case("an address that is no address", Http.get(node.url("/rpc/getBalance/nope")), 400, null));
        cases.add(new Case("a limit that is a word", Http.get(a.url("/v1/jobs?limit=abc"), key(client)), -1, null));
        cases.add(new Case("a limit beyond an int", Http.get(node.url("/rpc/blocks?limit=99999999999")), -1, null));
        cases.add(new Case("an unknown job state", Http.get(a.url("/v1/jobs?state=bogus"), key(client)), 400,
                "invalid_field"));
        cases.add(new Case("an unknown job state at the admin list", Http.get(a.url("/v1/admin/jobs?state=bogus"),
                key(CoordinatorCluster.ADMIN)), 400, "invalid_field"));
        cases.add(new Case("an unknown order status", Http.get(ex.url("/exchange/api/orders?status=bogus")), 400,
                "invalid_field"));
        // unknown paths
        for (String path : List.of("/v1/no-such-thing", "/v1/jobs/x/y/z", "/no/such/page")) {
            cases.add(new Case("unknown " + path, Http.get(a.url(path)), 404, "not_found"));
        }
        for (String path : List.of("/rpc/no-such-thing", "/rpc/blocks/1/2/3")) {
            cases.add(new Case("unknown " + path, Http.get(node.url(path)), 404, "not_found"));
        }
        cases.add(new Case("unknown exchange path", Http.get(ex.url("/exchange/api/no-such-thing")), 404, "not_found"));
        cases.add(new Case("the role a server lacks", Http.get(a.url("/rpc/head")), 404, "not_found"));
        // wrong method, media type, accepted type
        cases.add(new Case("DELETE on the job list", Http.method("DELETE", a.url("/v1/jobs"), null, key(client)), 405,
                "method_not_allowed"));
        cases.add(new Case("PUT on the head", Http.method("PUT", node.url("/rpc/head"), "{}"), 405, "method_not_allowed"));
        cases.add(new Case("a job as text/plain", Http.send(HttpRequest.newBuilder(URI.create(a.url("/v1/jobs")))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(job(model(), null)
                        .toString())), key(client)), 415, "unsupported_media_type"));
        // 406, or 404 where the static files' catch-all (which produces anything) takes the path instead
        cases.add(new Case("health asked for as XML", Http.get(a.url("/v1/health"), "Accept", "application/xml"), -1,
                null));
        cases.add(new Case("the node's head asked for as XML", Http.get(node.url("/rpc/head"), "Accept", "application/xml"),
                -1, null));
        cases.add(new Case("a job asked for as XML", Http.post(a.url("/v1/jobs"), job(model(), null).toString(), "Accept",
                "application/xml", "X-Api-Key", client), -1, null));
        cases.add(new Case("an order asked for as XML", Http.post(ex.url("/exchange/api/orders"), "{}", "Accept",
                "application/xml", "Authorization", "Bearer " + t.token()), -1, null));

        assertAll("error answers", cases.stream().map(c -> (Executable) () -> {
            if (c.status() > 0) {
                assertError(c.response(), c.status(), c.error(), c.what());
            } else {
                assertTrue(c.response().status() >= 400 && c.response().status() < 500, c.what() + ": " + c.response());
                assertErrorShape(c.response(), c.what());
            }
            if (c.response().status() == 404) {
                assertTrue(c.response().json().getString("detail").startsWith("no "), c.what() + ": " + c.response());
            }
        }));
    }

    @Test
    void noResponseNamesTheServerSoftware() {
        CoordinatorCluster site = coordinator();
        ExchangeSite ex = exchange();
        Map<String, Http.Response> answers = new LinkedHashMap<>();
        answers.put("coordinator health", Http.get(site.a.url("/v1/health")));
        answers.put("coordinator 401", Http.get(site.b.url("/v1/jobs")));
        answers.put("coordinator 404", Http.get(site.a.url("/v1/no-such-thing")));
        answers.put("a page", Http.get(site.a.url("/marketplace/")));
        answers.put("the container's 404", Http.get(site.a.url("/no/such/page")));
        answers.put("a 405", Http.method("DELETE", site.a.url("/v1/health"), null));
        answers.put("the OpenAPI document", Http.get(site.b.url("/openapi")));
        answers.put("readiness", Http.get(site.b.url("/health/ready")));
        answers.put("node head", Http.get(site.node.url("/rpc/head")));
        answers.put("node 400", Http.get(site.node.url("/rpc/blocks/abc")));
        answers.put("exchange health", Http.get(ex.url("/exchange/api/health")));
        answers.put("exchange page", Http.get(ex.url("/exchange/")));
        answers.put("exchange 401", Http.get(ex.url("/exchange/api/wallet/balance")));
        assertAll("server headers", answers.entrySet().stream().map(e -> (Executable) () -> {
            Http.Response r = e.getValue();
            String server = r.header("Server");
            assertTrue(server == null || !server.matches("(?i).*(liberty|websphere|ibm|servlet|java).*"),
                    e.getKey() + ": Server: " + server);
            assertNull(r.header("X-Powered-By"), e.getKey() + ": X-Powered-By: " + r.header("X-Powered-By"));
            assertTrue(r.headers().keySet().stream().noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("$ws")),
                    e.getKey() + ": WebSphere's private headers: " + r.headers().keySet());
        }));
    }

    @Test
    void noConfiguredSecretIsInTheOpenApiDocumentTheMetricsOrTheHealthAnswers() {
        CoordinatorCluster site = coordinator();
        ExchangeSite ex = exchange();
        List<Executable> checks = new ArrayList<>();
        for (LibertyServer s : List.of(site.a, site.b, site.node, ex.exchange)) {
            List<String> secrets = secrets(s);
            assertFalse(secrets.isEmpty(), s.name() + " has secrets configured");
            Map<String, Http.Response> docs = new LinkedHashMap<>();
            docs.put("/openapi", Http.get(s.url("/openapi")));
            docs.put("/openapi (JSON)", Http.get(s.url("/openapi"), "Accept", "application/json"));
            docs.put("/metrics", Http.get(s.url("/metrics")));
            docs.put("/health/ready", Http.get(s.url("/health/ready")));
            docs.put("/v1/health or /exchange/health", Http.get(s.url(s == ex.exchange ? "/exchange/health"
                    : s == site.node ? "/rpc/status" : "/v1/health")));
            docs.forEach((path, r) -> checks.add(() -> {
                assertEquals(200, r.status(), s.name() + path + ": " + r);
                for (String secret : secrets) {
                    assertFalse(r.body().contains(secret), s.name() + path + " shows a configured secret ("
                            + secret.substring(0, 4) + "…)");
                }
            }));
        }
        assertAll("secrets stay secret", checks.stream());
    }

    /** The values of a server's secret settings (keys, secrets, passwords, the database password). */
    private static List<String> secrets(LibertyServer s) {
        List<String> out = new ArrayList<>();
        s.env().forEach((name, value) -> {
            if (name.endsWith("_API_KEYS") || name.endsWith("_SECRET") || name.endsWith("_PASSWORD")
                    || name.equals("WALLET_ENCRYPTION_KEY")) {
                for (String v : value.split(",")) {
                    if (v.strip().length() >= 6) {
                        out.add(v.strip());
                    }
                }
            }
            if (name.equals("DATABASE_URL")) {
                Matcher m = Pattern.compile("://[^:/@]+:([^@]+)@").matcher(value);
                if (m.find()) {
                    out.add(m.group(1));
                }
            }
        });
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    /** A request with {job} and {payment} placeholders in its path and body. */
    private record Req(String method, String path, String body) {
        Http.Response send(LibertyServer s, String job, String payment, String... headers) {
            String p = fill(path, job, payment);
            String b = body == null ? null : fill(body, job, payment);
            return switch (method) {
                case "GET" -> Http.get(s.url(p), headers);
                case "POST" -> Http.post(s.url(p), b == null ? "" : b, headers);
                default -> Http.method(method, s.url(p), b, headers);
            };
        }

        private static String fill(String text, String job, String payment) {
            String t = job == null ? text : text.replace("{job}", job);
            return payment == null ? t : t.replace("{payment}", payment);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Case(String what, Http.Response response, int status, String error) {
    }

    private static String model() {
        return "owasp-" + UUID.randomUUID();
    }

    private static String[] key(String k) {
        return new String[] {"X-Api-Key", k};
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    /** The public id of a key, as the coordinator derives it (coordinator.access.ApiKeys): never the key. */
    private static String keyId(String prefix, String key) {
        return prefix + Hashes.hex(Hashes.sha256(("aitbc-api-key:" + key).getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
    }

    private static JsonObject job(String model, Long amount) {
        var b = Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("model", model)
                .add("prompt", "why is the sky blue?"));
        if (amount != null) {
            b.add("payment_amount", amount);
        }
        return b.build();
    }

    private static JsonObject submitted(LibertyServer s, String[] credential, JsonObject body) {
        Http.Response r = Http.post(s.url("/v1/jobs"), body.toString(), credential);
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    private static JsonObject view(LibertyServer s, String[] credential, String jobId) {
        Http.Response r = Http.get(s.url("/v1/jobs/" + jobId), credential);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static List<String> reasons(LibertyServer s, String[] credential, String jobId) {
        Http.Response r = Http.get(s.url("/v1/jobs/" + jobId + "/events"), credential);
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("events").stream().map(e -> e.asJsonObject().getString("reason")).toList();
    }

    private static JsonObject adminMiner(CoordinatorCluster site, String id) {
        Http.Response r = Http.get(site.a.url("/v1/admin/miners/" + id), "X-Api-Key", CoordinatorCluster.ADMIN);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    /** The ESCROW_LOCK the job view asks for, signed by {@code payer} with its next nonce. */
    private static SignedTx lock(CoordinatorCluster site, Ed25519.KeyPair payer, JsonObject view, String reference) {
        JsonObject p = view.getJsonObject("payment");
        return SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK, site.client.balance(payer.address()).nextNonce(),
                p.getJsonNumber("fee").longValue(), EscrowPayload.lock(p.getJsonNumber("amount").longValue(),
                        p.getString("arbiter"), p.getJsonNumber("expires_at_height").longValue(), reference), payer);
    }

    private static String paymentBody(String jobId, SignedTx lock) {
        return Json.createObjectBuilder().add("job_id", jobId).add("amount", 100).add("payment_tx", lock.toWire())
                .build().toString();
    }

    /** Wallet sign-in at a coordinator server: challenge, Ed25519 signature, login; the session token. */
    private static String coordinatorSignIn(LibertyServer s, Ed25519.KeyPair wallet) {
        Http.Response c = Http.post(s.url("/v1/users/challenge"), "{\"wallet_address\": \"" + wallet.address() + "\"}");
        assertEquals(200, c.status(), c.toString());
        String sig = Hashes.hex(wallet.sign(c.json().getString("challenge").getBytes(StandardCharsets.UTF_8)));
        Http.Response login = Http.post(s.url("/v1/users/login"), Json.createObjectBuilder()
                .add("wallet_address", wallet.address()).add("public_key", wallet.publicKeyHex())
                .add("signature", sig).build().toString());
        assertEquals(200, login.status(), login.toString());
        return login.json().getString("token");
    }

    /** {@code prefix}, padding, {@code suffix}: exactly {@code size} bytes (ASCII). */
    private static String sized(String prefix, String suffix, int size) {
        return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    }

    /**
     * A body with its Content-Length, sent only once the server asks for it ({@code Expect: 100-continue}), so a
     * refusal on the declared length comes without the megabyte being sent.
     */
    private static Http.Response declared(String url, String body, String... headers) {
        return Http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** A body without a Content-Length (chunked): the server can only count it as it reads. */
    private static Http.Response chunked(String url, byte[] body, String... headers) {
        return Http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))), headers);
    }

    private static void assertNotFound(Http.Response r, String what) {
        assertError(r, 404, "not_found", what);
        assertFalse(r.body().contains(ALICES_OUTPUT), what + " shows alice's result: " + r);
    }

    /** {@code forOthers} (about another's object {@code id}) is exactly the answer about an id nobody has. */
    private static void assertSameAnswer(Http.Response forOthers, String id, Http.Response forUnknown, String unknownId,
                                         String what) {
        assertEquals(forUnknown.status(), forOthers.status(), what + ": " + forOthers + " / unknown: " + forUnknown);
        JsonObject theirs = forOthers.json();
        JsonObject unknown = forUnknown.json();
        assertEquals(unknown.getString("error"), theirs.getString("error"), what);
        assertEquals(unknown.getString("field", null), theirs.getString("field", null), what);
        assertEquals(unknown.getString("detail").replace(unknownId, "<id>"), theirs.getString("detail").replace(id, "<id>"),
                what + ": another's object must be answered exactly as one that does not exist");
    }

    private static void assertField(Http.Response r, String field, String what) {
        assertError(r, 400, "invalid_field", what);
        assertEquals(field, r.json().getString("field", null), what + ": " + r);
    }

    /** The status, the project's error shape (and its code, unless null), and nothing that reveals the implementation. */
    private static void assertError(Http.Response r, int status, String error, String what) {
        assertEquals(status, r.status(), what + ": " + r);
        JsonObject e = assertErrorShape(r, what);
        if (error != null) {
            assertEquals(error, e.getString("error"), what + ": " + r);
        }
    }

    /** {status, error, detail, field?, request_id} as JSON, request_id = X-Request-Id, no stack trace or names. */
    private static JsonObject assertErrorShape(Http.Response r, String what) {
        String type = r.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), what + ": an error in JSON, not " + type + ": " + r);
        JsonObject e = r.json();
        assertEquals(r.status(), e.getInt("status", -1), what + ": " + r);
        assertFalse(e.getString("error", "").isBlank(), what + ": " + r);
        assertFalse(e.getString("detail", "").isBlank(), what + ": " + r);
        assertEquals(r.header("X-Request-Id"), e.getString("request_id", null), what + ": the error names its request");
        Matcher leak = LEAK.matcher(r.body());
        assertFalse(leak.find(), () -> what + ": the answer reveals the implementation (" + leak.group() + "): " + r);
        return e;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
