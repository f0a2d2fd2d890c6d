package net.aitbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * The seed's topology in production mode, started once and shared by its test classes: site A on 127.0.0.2 (node1
 * with every role and the authority key, node2 a follower) behind Debian's nginx serving the shipped routes, and
 * site C on 127.0.0.3 (node3, a follower that reaches node1 through site A's nginx). Each server starts from its
 * shipped {@code deploy/env/*.server.env} with only addresses, ports and file paths changed; the secrets come from
 * the process environment only (fresh random values), each node has its own PostgreSQL database, and the rate
 * limits are the production defaults.
 */
public final class SeedTopology {

    public static final String SITE_A = "127.0.0.2";
    public static final String SITE_C = "127.0.0.3";
    public static final Path ENV_DIR = Path.of("deploy/env").toAbsolutePath();

    private static SeedTopology shared;

    public final TestChain chain;
    public final LibertyServer node1;
    public final LibertyServer node2;
    public final LibertyServer node3;
    public final Nginx nginx;
    /** node1's secrets as its environment holds them (and nowhere else) */
    public final Map<String, String> siteASecrets;
    public final ChainClient viaNginx;
    private final Path keyDir;
    private int nextAccount;
    private int nextClientKey;

    public static synchronized SeedTopology shared() {
        if (shared == null) {
            shared = new SeedTopology();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private SeedTopology() {
        chain = TestChain.create("seed", 1, 40, false);
        int p1 = LibertyServer.freePort();
        int p2 = LibertyServer.freePort();
        int p3 = LibertyServer.freePort();
        int pn = LibertyServer.freePort();
        String nginxUrl = "http://" + SITE_A + ":" + pn;
        // the shipped files' addresses → this machine's "sites"
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("http://127.0.0.1:8000", "http://" + SITE_A + ":" + p1);
        addresses.put("http://127.0.0.1:8081", "http://" + SITE_A + ":" + p2);
        addresses.put("http://192.168.100.10:8082", "http://" + SITE_C + ":" + p3);
        addresses.put("https://aitbc.bubuit.net", nginxUrl);
        try {
            keyDir = Files.createTempDirectory("seed-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        siteASecrets = new LinkedHashMap<>();
        siteASecrets.put("DATABASE_URL", TestDatabase.create("seednode1").url());
        siteASecrets.putAll(chain.authorityEnv(0)); // AITBC_PROPOSER_KEYSTORE (an encrypted file) + its password
        siteASecrets.remove("AITBC_GENESIS");
        siteASecrets.put("RECEIPT_KEY_PASSWORD", secret());
        siteASecrets.put("WALLET_ENCRYPTION_KEY", secret());
        siteASecrets.put("JWT_SECRET", secret());
        siteASecrets.put("SESSION_SECRET", secret());
        siteASecrets.put("CLIENT_API_KEYS", keys("client", 20));
        siteASecrets.put("MINER_API_KEYS", keys("miner", 10));
        siteASecrets.put("ADMIN_API_KEYS", "admin-" + secret());

        node1 = LibertyServer.named("it-seed-node1").host(SITE_A).port(p1).productionRateLimits()
                .env(site("site-a", addresses))
                .env("AITBC_RECEIPT_KEY_FILE", keyDir.resolve("receipt-key.json").toString())
                .env("AITBC_EXCHANGE_WALLET_FILE", keyDir.resolve("exchange-hot-wallet.json").toString())
                .env("AITBC_CORS_ORIGINS", "https://aitbc.bubuit.net," + nginxUrl)
                // on one machine the peers and the coordinator connect from 127.0.0.1, as node2 does in the seed
                // (where node1 lists it as a peer and so does not count its relays)
                .env("AITBC_RATE_LIMIT_EXEMPT_IPS", "127.0.0.1")
                .env(siteASecrets).create();
        node2 = LibertyServer.named("it-seed-node2").host(SITE_A).port(p2).productionRateLimits()
                .env(site("node2", addresses))
                .env("DATABASE_URL", TestDatabase.create("seednode2").url())
                .env("ADMIN_API_KEYS", "admin-" + secret()).create();
        node3 = LibertyServer.named("it-seed-node3").host(SITE_C).port(p3).productionRateLimits()
                .env(site("node3", addresses))
                .env("DATABASE_URL", TestDatabase.create("seednode3").url())
                .env("ADMIN_API_KEYS", "admin-" + secret()).create();
        LibertyServer.startAllAndAwaitReady(node1, node2, node3);
        nginx = Nginx.start("it-seed-nginx", SITE_A, pn, Map.of("aitbc_node1", SITE_A + ":" + p1,
                "aitbc_node2", SITE_A + ":" + p2, "aitbc_node3", SITE_C + ":" + p3));
        viaNginx = new ChainClient(nginx.baseUrl());
    }

    /** A shipped server.env, with this machine's addresses and the test chain's genesis. */
    private Map<String, String> site(String name, Map<String, String> addresses) {
        Map<String, String> env = new LinkedHashMap<>();
        envFile(ENV_DIR.resolve(name + ".server.env")).forEach((k, v) -> {
            String value = v;
            for (var a : addresses.entrySet()) {
                value = value.replace(a.getKey(), a.getValue());
            }
            env.put(k, value);
        });
        env.remove("AITBC_HOST");
        env.remove("AITBC_HTTP_PORT");
        env.remove("AITBC_PROPOSER_KEYSTORE"); // the test chain's encrypted keystore, in the secrets above
        env.remove("AITBC_RECEIPT_KEY_FILE");
        env.remove("AITBC_EXCHANGE_WALLET_FILE");
        env.put("AITBC_GENESIS", chain.genesisFile().toString());
        env.put("AITBC_CHAIN_ID", chain.chainId());
        return env;
    }

    /** KEY=VALUE lines as systemd and Liberty read them (comments and blank lines skipped). */
    public static Map<String, String> envFile(Path file) {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> env.put(k, p.getProperty(k)));
        return env;
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    private static String keys(String kind, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(kind).append("-seed-").append(i).append('-').append(secret());
        }
        return b.toString();
    }

    /** A client key no other test uses. */
    public synchronized String clientKey() {
        return siteASecrets.get("CLIENT_API_KEYS").split(",")[nextClientKey++];
    }

    public String minerKey(int i) {
        return siteASecrets.get("MINER_API_KEYS").split(",")[i];
    }

    public String adminKey() {
        return siteASecrets.get("ADMIN_API_KEYS");
    }

    /** A funded genesis account no other test uses. */
    public synchronized net.aitbc.chain.crypto.Ed25519.KeyPair fundedAccount() {
        return chain.account(nextAccount++);
    }

    public Path keyDirectory() {
        return keyDir;
    }

    public void stop() {
        if (nginx != null) {
            nginx.close();
        }
        // side by side: a JVM shutdown hook has 30 s before Surefire kills it
        List.of(node1, node2, node3).parallelStream().forEach(LibertyServer::stop);
    }
}
