package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.identity.TokenSigningKey;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;
import net.aitbc.testing.Http;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exchange through HTTP on a real server and PostgreSQL: sessions (every way a login or a token can be wrong),
 * matching across price levels with the exact resulting book, cancel, refusals that change nothing, deposits and
 * withdrawals through real chain transactions, BTC payment requests, solvency and the compat aliases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeIT {

    private static final long AITBC = 100_000_000L;
    private ExchangeSite site;

    @BeforeAll
    void start() {
        site = ExchangeSite.shared();
    }

    private static void assertError(Http.Response r, int status, String error) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(error, r.json().getString("error"), r.toString());
        assertFalse(r.json().getString("detail").isBlank());
    }

    private String challenge(String base, Ed25519.KeyPair key) {
        Http.Response c = Http.post(base + "/exchange/api/auth/challenge", "{\"wallet_address\": \"" + key.address() + "\"}");
        assertEquals(200, c.status(), c.toString());
        return c.json().getString("challenge");
    }

    private Http.Response login(String base, Ed25519.KeyPair key, String signature) {
        return Http.post(base + "/exchange/api/auth/login", "{\"wallet_address\": \"" + key.address()
                + "\", \"public_key\": \"" + key.publicKeyHex() + "\", \"signature\": \"" + signature + "\"}");
    }

    private static String sign(Ed25519.KeyPair key, String text) {
        return HexFormat.of().formatHex(key.sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedChallengeLogsInOnceAndEveryWrongLoginOrTokenIsRefused() throws Exception {
        String base = site.exchange.baseUrl();
        Ed25519.KeyPair key = Ed25519.generate();
        String text = challenge(base, key);
        assertTrue(text.contains(key.address()) && text.contains("Chain ID: " + site.chain.chainId())
                && text.contains("Nonce: ") && text.contains("Expiration Time: "), text);

        // a bad signature (another key's) is refused and leaves the challenge usable
        assertError(login(base, key, sign(Ed25519.generate(), text)), 401, "invalid_signature");
        Http.Response ok = login(base, key, sign(key, text));
        assertEquals(200, ok.status(), ok.toString());
        String token = ok.json().getString("token");
        assertTrue(ok.json().getString("user_id").startsWith("user_"));
        // the same signature again: the challenge is single use
        assertError(login(base, key, sign(key, text)), 401, "invalid_signature");

        // a challenge for another domain (asked at localhost, presented at 127.0.0.1)
        String otherHost = base.replace("127.0.0.1", "localhost");
        String foreign = challenge(otherHost, key);
        assertTrue(foreign.startsWith("localhost:"), foreign);
        assertError(login(base, key, sign(key, foreign)), 401, "invalid_challenge");

        // unsigned: the original page's login
        assertError(Http.post(base + "/exchange/api/auth/login", "{\"wallet_address\": \"" + key.address() + "\"}"),
                401, "signature_required");

        // the token works, then logout revokes it everywhere
        Http.Response me = Http.get(base + "/exchange/api/auth/me", "Authorization", "Bearer " + token);
        assertEquals(key.address(), me.json().getString("wallet_address"));
        assertEquals(200, Http.get(base + "/exchange/api/wallet/balance", "Authorization", "Bearer " + token).status());
        assertEquals(200, Http.post(base + "/exchange/api/auth/logout", "", "Authorization", "Bearer " + token).status());
        assertError(Http.get(base + "/exchange/api/wallet/balance", "Authorization", "Bearer " + token), 401,
                "token_revoked");
        assertError(Http.get(base + "/exchange/api/orders?user_only=true", "Authorization", "Bearer " + token), 401,
                "token_revoked");

        // an expired token, signed with the server's own key: refused, also on an endpoint where auth is optional
        String expired = token(key.address(), -3600);
        assertEquals(401, Http.get(base + "/exchange/api/wallet/balance", "Authorization", "Bearer " + expired).status());
        assertEquals(401, Http.get(base + "/exchange/api/orders", "Authorization", "Bearer " + expired).status());
        // the control: the same forging with a future expiry is accepted, so the refusal above is the expiry
        assertEquals(200, Http.get(base + "/exchange/api/wallet/balance", "Authorization", "Bearer "
                + token(key.address(), 3600)).status());
        // optional endpoints without a token
        assertEquals(200, Http.get(base + "/exchange/api/orders").status());
        assertError(Http.get(base + "/exchange/api/wallet/balance"), 401, "invalid_token");
    }

    private static String token(String wallet, long expiresInSeconds) throws Exception {
        TokenSigningKey key = TokenSigningKey.derive("exchange-it-jwt-secret");
        long now = System.currentTimeMillis() / 1000;
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("aitbc");
        claims.setAudience("aitbc");
        claims.setSubject(wallet);
        claims.setClaim("upn", wallet);
        claims.setClaim("user_id", "user_forged");
        claims.setStringListClaim("groups", List.of("user"));
        claims.setJwtId(HexFormat.of().formatHex(Ed25519.generate().seed()).substring(0, 32));
        claims.setIssuedAt(NumericDate.fromSeconds(now - 7200));
        claims.setExpirationTime(NumericDate.fromSeconds(now + expiresInSeconds));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(key.privateKey());
        return jws.getCompactSerialization();
    }

    private static JsonObject balance(ExchangeSite site, Trader t) {
        return site.get(t, "/exchange/api/wallet/balance").json();
    }

    private static long aitbc(JsonObject b, String part) {
        return b.getJsonObject("aitbc").getJsonNumber(part).longValue();
    }

    private static long btc(JsonObject b, String part) {
        return b.getJsonObject("btc").getJsonNumber(part).longValue();
    }

    @Test
    void aBuyCrossesSeveralLevelsAtTheRestingPricesAndItsRestStaysInTheBook() {
        // prices far above anything other tests use, so this book region is this test's own
        long p1 = 9_000_100;
        long p2 = 9_000_200;
        long p3 = 9_000_300;
        List<Trader> ts = site.traders(3, 10 * AITBC, 0);
        Trader s1 = ts.get(0);
        Trader s2 = ts.get(1);
        Trader s3 = ts.get(2);
        Trader buyer = site.trader(0, 1_000_000_000L);
        long a = AITBC / 2;
        JsonObject sell1 = site.order(s1, "SELL", a, p1).json();
        JsonObject sell2a = site.order(s2, "SELL", a, p2).json();
        JsonObject sell2b = site.order(s3, "SELL", a, p2).json();
        JsonObject sell3 = site.order(s1, "SELL", a, p3).json();
        assertEquals("OPEN", sell1.getString("status"));
        assertEquals(2 * a, aitbc(balance(site, s1), "reserved"), "its two SELLs hold their amounts");

        // buy 1.25 AITBC at p2: takes all of p1, then p2's oldest order whole and the second's half; p3 untouched
        long want = a * 2 + a / 2;
        Http.Response placed = site.order(buyer, "BUY", want, p2);
        assertEquals(201, placed.status(), placed.toString());
        JsonObject order = placed.json();
        assertEquals("FILLED", order.getString("status"));
        assertEquals(want, order.getJsonNumber("filled").longValue());
        JsonArray trades = order.getJsonArray("trades");
        assertEquals(3, trades.size());
        assertEquals(List.of(p1, p2, p2), trades.stream().map(t -> t.asJsonObject().getJsonNumber("price").longValue())
                .toList());
        assertEquals(List.of(a, a, a / 2), trades.stream().map(t -> t.asJsonObject().getJsonNumber("amount")
                .longValue()).toList());
        assertEquals(sell2a.getJsonNumber("id").longValue(),
                trades.getJsonObject(1).getJsonNumber("sell_order_id").longValue(), "oldest first at a price");

        // the buyer paid the resting prices; the unspent part of its reservation is free again
        long paid = Market.quote(a, p1) + Market.quote(a, p2) + Market.quote(a / 2, p2);
        JsonObject bb = balance(site, buyer);
        assertEquals(1_000_000_000L - paid, btc(bb, "available"));
        assertEquals(0, btc(bb, "reserved"));
        assertEquals(want, aitbc(bb, "available"));
        assertEquals(Market.quote(a, p1), btc(balance(site, s1), "available"));
        assertEquals(a, aitbc(balance(site, s1), "reserved"), "its order at p3 still holds its amount");

        // the exact book of this region: p2 with the half left of s3's order, p3 whole
        JsonObject book = Http.get(site.url("/exchange/api/orders/orderbook?depth=all")).json();
        List<JsonObject> mine = book.getJsonArray("sells").stream().map(JsonObject.class::cast)
                .filter(l -> l.getJsonNumber("price").longValue() >= p1 && l.getJsonNumber("price").longValue() <= p3)
                .toList();
        assertEquals(2, mine.size(), book.toString());
        assertEquals(p2, mine.get(0).getJsonNumber("price").longValue());
        assertEquals(a / 2, mine.get(0).getJsonNumber("amount").longValue());
        assertEquals(p3, mine.get(1).getJsonNumber("price").longValue());
        assertEquals(a, mine.get(1).getJsonNumber("amount").longValue());
        JsonObject s3order = site.get(s3, "/exchange/api/orders/" + sell2b.getJsonNumber("id")).json();
        assertEquals("PARTIALLY_FILLED", s3order.getString("status"));
        assertEquals(a / 2, s3order.getJsonNumber("remaining").longValue());

        // a SELL below the best bid executes at the bid's price; a BUY that does not cross rests
        Trader bidder = site.trader(0, 100_000_000L);
        JsonObject bid = site.order(bidder, "BUY", AITBC / 10, 5_000).json();
        assertEquals("OPEN", bid.getString("status"));
        Trader seller = site.trader(AITBC, 0);
        JsonObject hit = site.order(seller, "SELL", AITBC / 20, 4_000).json();
        assertEquals("FILLED", hit.getString("status"));
        assertEquals(5_000, hit.getJsonArray("trades").getJsonObject(0).getJsonNumber("price").longValue());
        assertEquals("PARTIALLY_FILLED", site.get(bidder, "/exchange/api/orders/" + bid.getJsonNumber("id")).json()
                .getString("status"));
        // cleanup of this region so other tests see an uncrossed book above
        site.delete(s1, "/exchange/api/orders/" + sell3.getJsonNumber("id"));
        site.delete(s3, "/exchange/api/orders/" + sell2b.getJsonNumber("id"));
        site.delete(bidder, "/exchange/api/orders/" + bid.getJsonNumber("id"));
        assertNotNull(Http.get(site.url("/exchange/api/market-stats")).json().get("last_price"));
    }

    @Test
    void cancelReleasesTheReservationAndRefusalsChangeNothing() {
        Trader t = site.trader(AITBC, 50_000);
        Trader other = site.signIn();
        JsonObject before = balance(site, t);
        String bookBefore = Http.get(site.url("/exchange/api/orders/orderbook?depth=all")).json().getString("hash");

        // insufficient funds: 409, no order, same balance, same book
        assertError(site.order(t, "SELL", 2 * AITBC, 8_888_888), 409, "insufficient_funds");
        assertError(site.order(t, "BUY", 10 * AITBC, 8_888), 409, "insufficient_funds"); // 88,880 sat > 50,000
        assertEquals(before, balance(site, t));
        assertEquals(0, site.get(t, "/exchange/api/my/orders").json().getJsonArray("orders").size());
        // bad fields name themselves
        assertError(site.post(t, "/exchange/api/orders", "{\"order_type\": \"HOLD\", \"amount\": 1, \"price\": 1}"),
                400, "invalid_field");
        assertError(site.post(t, "/exchange/api/orders", "{\"order_type\": \"BUY\", \"amount\": 0, \"price\": 1}"),
                400, "invalid_field");
        assertError(site.post(t, "/exchange/api/orders", "{\"order_type\": \"BUY\", \"amount\": 1.5, \"price\": 1}"),
                400, "invalid_field");
        assertError(site.post(t, "/exchange/api/orders", "{\"order_type\": \"BUY\", \"amount\": 1}"), 400,
                "invalid_field");
        assertEquals(bookBefore, Http.get(site.url("/exchange/api/orders/orderbook?depth=all")).json().getString("hash"));

        JsonObject sell = site.order(t, "SELL", AITBC / 4, 8_888_888).json();
        assertEquals(AITBC / 4, aitbc(balance(site, t), "reserved"));
        long id = sell.getJsonNumber("id").longValue();
        assertError(site.delete(other, "/exchange/api/orders/" + id), 404, "not_found");
        assertError(site.get(other, "/exchange/api/orders/" + id), 404, "not_found");
        Http.Response canceled = site.delete(t, "/exchange/api/orders/" + id);
        assertEquals(200, canceled.status(), canceled.toString());
        assertEquals("CANCELED", canceled.json().getString("status"));
        assertEquals(before, balance(site, t), "everything the order held is free again");
        assertError(site.delete(t, "/exchange/api/orders/" + id), 409, "order_not_open");
        assertEquals(bookBefore, Http.get(site.url("/exchange/api/orders/orderbook?depth=all")).json().getString("hash"));
        // status and its alias status_filter
        JsonArray canceledOnes = site.get(t, "/exchange/api/orders?user_only=true&status_filter=CANCELED").json()
                .getJsonArray("orders");
        assertEquals(1, canceledOnes.size());
        assertEquals(0, site.get(t, "/exchange/api/my/orders?status=OPEN").json().getJsonArray("orders").size());
    }

    @Test
    void aWithdrawalIsSentFromTheHotWalletAndTheBooksStayBalanced() {
        long surplus = settledSolvency().getJsonNumber("surplus").longValue();
        Trader t = site.trader(AITBC, 0);
        long chainBefore = site.client.balance(t.address()).balance();
        Http.Response w = site.post(t, "/exchange/api/wallet/withdraw", "{\"amount\": " + AITBC / 2 + "}");
        assertEquals(202, w.status(), w.toString());
        String hash = w.json().getString("tx_hash");
        assertTrue(hash.startsWith("0x"), w.toString());
        assertEquals(AITBC / 2 - site.fee(), aitbc(balance(site, t), "available"));
        site.client.awaitIncluded(hash, Duration.ofSeconds(30));
        assertEquals(chainBefore + AITBC / 2, site.client.balance(t.address()).balance());
        awaitWithdrawal(t, "CONFIRMED");

        // more than it has: refused, nothing debited
        assertError(site.post(t, "/exchange/api/wallet/withdraw", "{\"amount\": " + AITBC + "}"), 409,
                "insufficient_funds");
        assertEquals(AITBC / 2 - site.fee(), aitbc(balance(site, t), "available"));

        // the deposit is listed with its chain transaction, credited once
        JsonArray deposits = site.get(t, "/exchange/api/wallet/deposits").json().getJsonArray("deposits");
        assertEquals(1, deposits.size());
        assertEquals(AITBC, deposits.getJsonObject(0).getJsonNumber("amount").longValue());
        // the deposit and the withdrawal moved the hot wallet and the accounts alike
        assertEquals(surplus, settledSolvency().getJsonNumber("surplus").longValue());
    }

    private void awaitWithdrawal(Trader t, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonObject w = site.get(t, "/exchange/api/wallet/withdrawals").json().getJsonArray("withdrawals")
                    .getJsonObject(0);
            if (status.equals(w.getString("status"))) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "withdrawal still " + w);
            sleep(200);
        }
    }

    /**
     * The solvency once it is computed at the chain's current head with no withdrawal in flight; its chain balance
     * is the hot wallet's balance on chain.
     */
    private JsonObject settledSolvency() {
        long head = site.client.height();
        java.time.Instant asked = java.time.Instant.now();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Http.Response r = Http.get(site.url("/exchange/api/solvency"));
            if (r.status() == 200 && r.json().getJsonNumber("height").longValue() >= head
                    && java.time.Instant.parse(r.json().getString("computed_at")).isAfter(asked)
                    && r.json().getJsonNumber("pending_withdrawals").longValue() == 0) {
                JsonObject s = r.json();
                assertTrue(s.getBoolean("solvent"), s.toString());
                assertEquals(s.getJsonNumber("chain_balance").longValue() - s.getJsonNumber("required").longValue(),
                        s.getJsonNumber("surplus").longValue());
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "no settled solvency: " + r);
            sleep(200);
        }
    }

    @Test
    void aBtcPaymentBuysFromTheTreasuryOnceAndTheAliasesAnswerAsTheOriginals() {
        Trader t = site.signIn();
        JsonObject rates = Http.get(site.url("/v1/exchange/rates")).json();
        assertEquals(100_000, rates.getJsonNumber("btc_to_aitbc_rate").intValue());
        // more than the treasury holds beyond what it owes: refused
        JsonObject before = settledSolvency();
        long treasury = before.getJsonNumber("surplus").longValue();
        assertError(site.post(t, "/exchange/api/payments", "{\"aitbc_amount\": " + (treasury + 1) + "}"), 409,
                "treasury_short");

        // fund the treasury with a mint to the hot wallet (not a deposit: nobody's account grows)
        Http.Response mint = Http.post(site.url("/rpc/admin/mintFaucet"), "{\"address\": \"" + site.depositAddress()
                + "\", \"amount\": " + 2 * AITBC + "}", "X-Api-Key", ExchangeSite.ADMIN);
        site.client.awaitIncluded(mint.json().getString("tx_hash"), Duration.ofSeconds(30));
        assertEquals(treasury + 2 * AITBC, settledSolvency().getJsonNumber("surplus").longValue());

        Http.Response p = Http.post(site.url("/v1/exchange/create-payment"), "{\"aitbc_amount\": " + AITBC + "}",
                "Authorization", "Bearer " + t.token());
        assertEquals(201, p.status(), p.toString());
        JsonObject pay = p.json();
        assertEquals(1000, pay.getJsonNumber("btc_amount").longValue(), "1 AITBC at 100,000 AITBC per BTC");
        assertEquals("tb1qexchangeitpaymentaddress", pay.getString("payment_address"));
        assertEquals("PENDING", pay.getString("status"));
        String id = pay.getString("payment_id");
        assertEquals("PENDING", Http.get(site.url("/v1/exchange/payment-status/" + id)).json().getString("status"));
        assertEquals(401, Http.post(site.url("/exchange/api/admin/payments/" + id + "/confirm"), "", "X-Api-Key", "wrong")
                .status());
        Http.Response confirmed = Http.post(site.url("/exchange/api/admin/payments/" + id + "/confirm"), "",
                "X-Api-Key", ExchangeSite.ADMIN);
        assertEquals("CONFIRMED", confirmed.json().getString("status"), confirmed.toString());
        assertError(Http.post(site.url("/exchange/api/admin/payments/" + id + "/confirm"), "", "X-Api-Key",
                ExchangeSite.ADMIN), 409, "payment_not_pending");
        assertEquals(AITBC, aitbc(balance(site, t), "available"), "credited once");
        assertEquals(treasury + AITBC, settledSolvency().getJsonNumber("surplus").longValue(), "sold from the treasury");
        assertTrue(before.getJsonNumber("height").longValue() > 0);

        JsonObject stats = Http.get(site.url("/v1/exchange/market-stats")).json();
        assertTrue(stats.containsKey("volume_24h") && stats.containsKey("spread"), stats.toString());
        assertEquals("ok", Http.get(site.url("/exchange/api/health")).json().getString("status"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
