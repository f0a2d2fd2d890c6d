package net.aitbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.platform.security.EncryptedKeyFile;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * The coordinator's test site, started once and shared by the coordinator test classes: an authority node on
 * PostgreSQL (1 s blocks) and two coordinator servers without the node role on another PostgreSQL database they
 * share, reaching the chain through AITBC_CHAIN_URL, with one receipt key file between them (so one arbiter); the
 * first also serves the pages (role web). Keys are plentiful so each test takes fresh ones.
 */
public final class CoordinatorCluster {

    public static final String ADMIN = "coord-it-admin-key";
    public static final String PASSWORD = "coord-it-receipt-key-password";
    public static final int CLIENT_KEYS = 80;
    public static final int MINER_KEYS = 80;
    public static final int OFFLINE_SECONDS = 3;

    private static CoordinatorCluster shared;

    public final TestChain chain;
    public final LibertyServer node;
    public final LibertyServer a;
    public final LibertyServer b;
    public final ChainClient client;
    public final Ed25519.KeyPair receiptKey;
    private int nextClient;
    private int nextMiner;
    private int nextAccount = 1;

    public static synchronized CoordinatorCluster shared() {
        if (shared == null) {
            shared = new CoordinatorCluster();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private CoordinatorCluster() {
        chain = TestChain.create("coord", 1, 60);
        node = LibertyServer.named("it-coord-node").env(chain.authorityEnv(0))
                .env("DATABASE_URL", TestDatabase.create("coordnode").url()).env("AITBC_BLOCK_TIME_SECONDS", "1")
                .env("ADMIN_API_KEYS", ADMIN).env("AITBC_ROLES", "node").create();
        String db = TestDatabase.create("coord").url();
        Path keyFile;
        try {
            keyFile = Files.createTempDirectory("coord-key").resolve("receipt-key.json");
            receiptKey = Ed25519.generate();
            EncryptedKeyFile.write(keyFile, receiptKey.seed(), PASSWORD.toCharArray(),
                    Map.of("address", receiptKey.address()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new java.util.HashMap<>(Map.of("AITBC_ROLES", "coordinator",
                "AITBC_CHAIN_URL", node.baseUrl(), "DATABASE_URL", db, "CLIENT_API_KEYS", keys("client", CLIENT_KEYS),
                "MINER_API_KEYS", keys("miner", MINER_KEYS), "ADMIN_API_KEYS", ADMIN,
                "RECEIPT_KEY_PASSWORD", PASSWORD, "AITBC_RECEIPT_KEY_FILE", keyFile.toString(),
                "AITBC_MINER_OFFLINE_SECONDS", String.valueOf(OFFLINE_SECONDS), "AITBC_FREE_JOBS", "true"));
        env.put("JWT_SECRET", "coord-it-jwt-secret-" + java.util.UUID.randomUUID()); // shared: tokens work on both
        // a also serves the pages (the marketplace calls /v1 on its own origin, as behind the seed's nginx)
        a = LibertyServer.named("it-coord-a").env(env).env("AITBC_ROLES", "coordinator,web").create();
        b = LibertyServer.named("it-coord-b").env(env).create();
        LibertyServer.startAllAndAwaitReady(node, a, b);
        client = new ChainClient(node.baseUrl());
    }

    private static String keys(String kind, int n) {
        return IntStream.range(0, n).mapToObj(i -> kind + "-key-" + i + "-0123456789abcdef")
                .collect(Collectors.joining(","));
    }

    public synchronized String clientKey() {
        if (nextClient >= CLIENT_KEYS) {
            throw new IllegalStateException("out of client keys: raise CLIENT_KEYS");
        }
        return "client-key-" + nextClient++ + "-0123456789abcdef";
    }

    public synchronized String minerKey() {
        if (nextMiner >= MINER_KEYS) {
            throw new IllegalStateException("out of miner keys: raise MINER_KEYS");
        }
        return "miner-key-" + nextMiner++ + "-0123456789abcdef";
    }

    /** A funded genesis account no other test uses. */
    public synchronized Ed25519.KeyPair fundedAccount() {
        return chain.account(nextAccount++);
    }

    /** AITBC_UNIT_PRICE of the coordinators (the default): the price per gpu second of miners without their own. */
    public long unitPrice() {
        return 1;
    }

    public List<LibertyServer> coordinators() {
        return new ArrayList<>(List.of(a, b));
    }

    public void stop() {
        a.stop();
        b.stop();
        node.stop();
    }
}
