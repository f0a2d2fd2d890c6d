package net.aitbc.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.platform.security.EncryptedKeyFile;
import net.aitbc.testing.Http;
import net.aitbc.testing.SeedTopology;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 point 5: the seed's topology (site A on 127.0.0.2, site C on 127.0.0.3, nginx in front of site A) in
 * AITBC_MODE=production on PostgreSQL, each server from its shipped server.env, secrets only in the environment,
 * keys only in encrypted files. Nothing of dev mode is on, the sites sync, and a server missing a secret stops.
 */
class ProductionModeIT {

    private static final int EX_CONFIG = 78;
    private final SeedTopology seed = SeedTopology.shared();

    @Test
    void everyServerRunsInProductionWithNothingOfDevMode() throws IOException {
        assertEquals("production", Http.get(seed.node1.url("/v1/health")).json().getString("mode"));
        for (LibertyServer s : List.of(seed.node1, seed.node2, seed.node3)) {
            String console = s.console();
            assertTrue(s.messagesLog().contains("Production mode, roles"), s.name());
            assertFalse(console.contains("DEV MODE"), "no dev banner on " + s.name());
            assertFalse(console.contains("throw-away"), s.name());
            assertFalse(Http.get(s.url("/rpc/status")).json().getBoolean("faucet"), "no faucet on " + s.name());
            // the secrets are in the process environment only: not in any file of the server's directory
            for (String secret : List.of(seed.siteASecrets.get("JWT_SECRET"), seed.siteASecrets.get("SESSION_SECRET"),
                    seed.siteASecrets.get("AITBC_KEYSTORE_PASSWORD"), seed.adminKey())) {
                assertFalse(anyFileContains(s.directory(), secret), "a secret written under " + s.directory());
            }
        }
        // the faucet refuses even the admin
        Ed25519.KeyPair nobody = Ed25519.generate();
        Http.Response mint = Http.post(seed.node1.url("/rpc/admin/mintFaucet"),
                "{\"address\":\"" + nobody.address() + "\",\"amount\":1000}", "X-Api-Key", seed.adminKey());
        assertTrue(mint.status() >= 400 && mint.status() < 500, mint.toString());
        assertEquals(0, new ChainClient(seed.node1.baseUrl()).balance(nobody.address()).balance());
    }

    @Test
    void theServersKeysAreEncryptedFilesItMadeNoneUpForTheRun() throws IOException {
        Path receiptKey = seed.keyDirectory().resolve("receipt-key.json");
        Path hotWallet = seed.keyDirectory().resolve("exchange-hot-wallet.json");
        String published = Http.get(seed.node1.url("/v1/receipts/public-key")).json().getString("public_key");
        byte[] seed32 = EncryptedKeyFile.read(receiptKey, seed.siteASecrets.get("RECEIPT_KEY_PASSWORD").toCharArray());
        assertEquals(published, Ed25519.KeyPair.fromSeed(seed32).publicKeyHex(), "the receipts are signed with the file's key");
        String receiptFile = Files.readString(receiptKey);
        assertFalse(receiptFile.contains(java.util.HexFormat.of().formatHex(seed32)), "the seed is not in clear");
        // the hot wallet is made on the exchange's first use of it (its chain follower); the solvency check names it
        Http.Response solvency = Http.get(seed.node1.url("/exchange/api/solvency"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (solvency.status() != 200 && System.nanoTime() < deadline) {
            sleep(300);
            solvency = Http.get(seed.node1.url("/exchange/api/solvency"));
        }
        assertEquals(200, solvency.status(), solvency.toString());
        byte[] hotSeed = EncryptedKeyFile.read(hotWallet, seed.siteASecrets.get("WALLET_ENCRYPTION_KEY").toCharArray());
        assertEquals(solvency.json().getString("hot_wallet"), Ed25519.KeyPair.fromSeed(hotSeed).address());
        assertFalse(Files.readString(hotWallet).contains(java.util.HexFormat.of().formatHex(hotSeed)));
        // the proposer key is the encrypted keystore the operator provided
        assertEquals(seed.chain.authority(0).address(),
                Http.get(seed.node1.url("/rpc/status")).json().getString("proposer"));
    }

    @Test
    void corsAllowsTheRealOriginsAndNotTheDevDefaults() {
        Http.Response real = Http.get(seed.node1.url("/v1/health"), "Origin", "https://aitbc.bubuit.net");
        assertEquals(200, real.status());
        assertEquals("https://aitbc.bubuit.net", real.header("Access-Control-Allow-Origin"));
        for (String dev : List.of("http://localhost:3000", "http://localhost:8080")) {
            Http.Response r = Http.get(seed.node1.url("/v1/health"), "Origin", dev);
            assertEquals(400, r.status(), dev);
            assertEquals("origin_not_allowed", r.json().getString("error"));
        }
    }

    @Test
    void noDefaultCredentialsAndNoStackTraces() {
        for (String key : List.of("admin", "changeme", "test", "dev-admin-key", "admin-key-for-tests")) {
            assertEquals(401, Http.get(seed.node1.url("/v1/admin/stats"), "X-Api-Key", key).status(), key);
        }
        Http.Response broken = Http.post(seed.node1.url("/v1/jobs"), "{not json", "X-Api-Key", seed.clientKey());
        assertEquals(400, broken.status());
        assertFalse(broken.body().contains("at net.aitbc") || broken.body().contains("Exception"), broken.body());
    }

    @Test
    void aTransferSentToSiteCIsIncludedBySiteAAndSeenByAllThreeNodes() {
        ChainClient siteC = new ChainClient(seed.node3.baseUrl());
        String hash = siteC.transfer(seed.fundedAccount(), Ed25519.generate().address(), 7, 1);
        long height = new ChainClient(seed.node1.baseUrl()).awaitIncluded(hash, Duration.ofSeconds(30));
        for (LibertyServer s : List.of(seed.node2, seed.node3)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Http.get(s.url("/rpc/head")).json().getJsonNumber("height").longValue() < height
                    && System.nanoTime() < deadline) {
                sleep(200);
            }
            assertEquals(Http.get(seed.node1.url("/rpc/blocks/" + height)).json().getString("hash"),
                    Http.get(s.url("/rpc/blocks/" + height)).json().getString("hash"), s.name());
        }
    }

    @Test
    void siteAWithoutOneOfItsSecretsStopsWithItsMessage() {
        Map<String, String> env = new java.util.LinkedHashMap<>(SeedTopology.envFile(SeedTopology.ENV_DIR
                .resolve("site-a.server.env")));
        env.put("AITBC_GENESIS", seed.chain.genesisFile().toString());
        env.put("AITBC_CHAIN_ID", seed.chain.chainId());
        env.remove("AITBC_PROPOSER_KEYSTORE");
        env.remove("AITBC_HOST");
        env.remove("AITBC_HTTP_PORT");
        Map<String, String> secrets = new java.util.LinkedHashMap<>(seed.siteASecrets);
        secrets.put("DATABASE_URL", TestDatabase.create("seedbroken").url());
        secrets.remove("SESSION_SECRET");
        LibertyServer broken = LibertyServer.named("it-seed-missing-secret").host(SeedTopology.SITE_A)
                .env(env).env(secrets).create().start();
        try {
            assertEquals(EX_CONFIG, broken.awaitExit(Duration.ofSeconds(180)));
            String console = broken.console();
            assertTrue(console.contains("AITBC_MODE=production requires these secrets in the environment: "
                    + "SESSION_SECRET"), broken.consoleTail(20));
            assertFalse(console.contains(seed.siteASecrets.get("JWT_SECRET")), "the other secrets are not echoed");
        } finally {
            broken.kill();
        }
        assertNotEquals(-1, seed.node1.readyStatus(), "the running site is unaffected");
    }

    private static boolean anyFileContains(Path dir, String needle) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/workarea/"))
                    .filter(p -> p.toFile().length() < 20_000_000).anyMatch(p -> {
                        try {
                            return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)
                                    .contains(needle);
                        } catch (IOException e) {
                            return false;
                        }
                    });
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
