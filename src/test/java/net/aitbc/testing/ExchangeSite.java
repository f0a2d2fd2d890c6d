package net.aitbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * The exchange's test site, started once and shared by the exchange test classes: one server with the roles node,
 * exchange and web on PostgreSQL (1 s blocks), its hot wallet key in an encrypted file. Traders are made fresh for
 * each test: a new key, signed in through the challenge, funded through the real paths (a faucet mint to the
 * trader's own address, then a signed TRANSFER to the deposit address; BTC credit by a payment request an admin
 * confirms).
 */
public final class ExchangeSite {

    public static final String ADMIN = "exchange-it-admin-key";
    public static final String WALLET_KEY = "exchange-it-wallet-encryption-key";

    private static ExchangeSite shared;

    public final TestChain chain;
    public final LibertyServer exchange;
    public final ChainClient client;
    private final long fee;

    /** A signed-in trader: its key and session token. */
    public record Trader(Ed25519.KeyPair key, String token) {
        public String address() {
            return key.address();
        }
    }

    public static synchronized ExchangeSite shared() {
        if (shared == null) {
            shared = new ExchangeSite();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.exchange::stop));
        }
        return shared;
    }

    /** A site of its own on the embedded default database (H2 in the server's directory); the caller stops it. */
    public static ExchangeSite embedded() {
        return new ExchangeSite("exchange-h2", false);
    }

    public void stop() {
        exchange.stop();
    }

    private ExchangeSite() {
        this("exchange", true);
    }

    private ExchangeSite(String name, boolean postgres) {
        chain = TestChain.create(name, 1, 4);
        Path walletFile;
        try {
            walletFile = Files.createTempDirectory("exchange-wallet").resolve("hot-wallet.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LibertyServer.Builder builder = LibertyServer.named("it-" + name).env(chain.authorityEnv(0));
        if (postgres) {
            builder.env("DATABASE_URL", TestDatabase.create("exchange").url());
        }
        exchange = builder.env("AITBC_BLOCK_TIME_SECONDS", "1")
                .env("AITBC_ROLES", "node,exchange,web").env("ADMIN_API_KEYS", ADMIN)
                .env("JWT_SECRET", "exchange-it-jwt-secret").env("WALLET_ENCRYPTION_KEY", WALLET_KEY)
                .env("AITBC_EXCHANGE_WALLET_FILE", walletFile.toString())
                .env("BTC_PAYMENT_ADDRESS", "tb1qexchangeitpaymentaddress").env("BTC_TO_AITBC_RATE", "100000")
                .create();
        exchange.startAndAwaitReady();
        client = new ChainClient(exchange.baseUrl());
        var status = client.get("/rpc/status");
        fee = status.containsKey("min_fee") ? status.getJsonNumber("min_fee").longValue() : 0;
    }

    /** Waits until the exchange has followed the chain to its head and computed its solvency once. */
    public void awaitSolvency() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Http.get(url("/exchange/api/solvency")).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no solvency after 30 s: " + Http.get(url("/exchange/api/solvency")));
            }
            sleep(200);
        }
    }

    public String url(String path) {
        return exchange.url(path);
    }

    public long fee() {
        return fee;
    }

    public String depositAddress() {
        return Http.get(url("/exchange/api/wallet/deposit-address")).json().getString("address");
    }

    /** A new wallet, signed in. */
    public Trader signIn() {
        return signIn(Ed25519.generate());
    }

    public Trader signIn(Ed25519.KeyPair key) {
        Http.Response c = Http.post(url("/exchange/api/auth/challenge"), "{\"wallet_address\": \"" + key.address() + "\"}");
        if (c.status() != 200) {
            throw new IllegalStateException("challenge: " + c);
        }
        String sig = HexFormat.of().formatHex(key.sign(c.json().getString("challenge").getBytes(StandardCharsets.UTF_8)));
        Http.Response login = Http.post(url("/exchange/api/auth/login"), "{\"wallet_address\": \"" + key.address()
                + "\", \"public_key\": \"" + key.publicKeyHex() + "\", \"signature\": \"" + sig + "\"}");
        if (login.status() != 200) {
            throw new IllegalStateException("login: " + login);
        }
        return new Trader(key, login.json().getString("token"));
    }

    /** A signed-in trader with {@code aitbc} units deposited through the chain and {@code btc} satoshi of credit. */
    public Trader trader(long aitbc, long btc) {
        return traders(1, aitbc, btc).get(0);
    }

    /** Several funded traders at once (their deposits share blocks). */
    public List<Trader> traders(int n, long aitbc, long btc) {
        List<CompletableFuture<Trader>> made = new ArrayList<>();
        // a thread each: every deposit waits for a block, and they should share blocks
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(n, 32));
        for (int i = 0; i < n; i++) {
            made.add(CompletableFuture.supplyAsync(() -> {
                Trader t = signIn();
                deposit(t, aitbc);
                creditBtc(t, btc);
                return t;
            }, pool));
        }
        List<Trader> out = new ArrayList<>();
        made.forEach(f -> out.add(f.join()));
        pool.shutdown();
        for (Trader t : out) {
            awaitBalance(t, aitbc, btc);
        }
        return out;
    }

    /** A faucet mint to the trader's own address, then its signed TRANSFER of {@code amount} to the exchange. */
    public String deposit(Trader t, long amount) {
        if (amount <= 0) {
            return null;
        }
        Http.Response mint = Http.post(url("/rpc/admin/mintFaucet"), "{\"address\": \"" + t.address()
                + "\", \"amount\": " + (amount + fee) + "}", "X-Api-Key", ADMIN);
        if (mint.status() != 200) {
            throw new IllegalStateException("mint: " + mint);
        }
        client.awaitIncluded(mint.json().getString("tx_hash"), Duration.ofSeconds(30));
        return client.transfer(t.key(), depositAddress(), amount, fee);
    }

    /** BTC credit through a deposit payment request that the admin confirms (the devnet's BTC watcher). */
    public void creditBtc(Trader t, long satoshi) {
        if (satoshi <= 0) {
            return;
        }
        Http.Response p = post(t, "/exchange/api/payments", "{\"btc_amount\": " + satoshi + ", \"purpose\": \"deposit\"}");
        if (p.status() != 201) {
            throw new IllegalStateException("payment: " + p);
        }
        Http.Response c = Http.post(url("/exchange/api/admin/payments/" + p.json().getString("payment_id") + "/confirm"),
                "", "X-Api-Key", ADMIN);
        if (c.status() != 200) {
            throw new IllegalStateException("confirm: " + c);
        }
    }

    /** Waits until the trader's available balances are at least these. */
    public void awaitBalance(Trader t, long aitbc, long btc) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var b = get(t, "/exchange/api/wallet/balance").json();
            if (b.getJsonObject("aitbc").getJsonNumber("available").longValue() >= aitbc
                    && b.getJsonObject("btc").getJsonNumber("available").longValue() >= btc) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the trader's funds did not arrive: " + b);
            }
            sleep(200);
        }
    }

    public Http.Response post(Trader t, String path, String body) {
        return Http.post(url(path), body, "Authorization", "Bearer " + t.token());
    }

    public Http.Response get(Trader t, String path) {
        return Http.get(url(path), "Authorization", "Bearer " + t.token());
    }

    public Http.Response delete(Trader t, String path) {
        return Http.method("DELETE", url(path), null, "Authorization", "Bearer " + t.token());
    }

    /** Places an order and returns the answer. */
    public Http.Response order(Trader t, String side, long amount, long price) {
        return post(t, "/exchange/api/orders", "{\"order_type\": \"" + side + "\", \"amount\": " + amount
                + ", \"price\": " + price + "}");
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
