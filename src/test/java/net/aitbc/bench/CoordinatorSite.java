package net.aitbc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.platform.security.EncryptedKeyFile;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * The coordinator benchmark's site, set up as {@code CoordinatorCluster} sets up the tests' one but with one
 * coordinator and the benchmark's own JVM options and key counts: an authority node on PostgreSQL
 * ({@code bench-coord-node}) and a coordinator-only server ({@code bench-coord-a}) on another database of the same
 * PostgreSQL, reaching the chain through AITBC_CHAIN_URL, its receipt key in an encrypted key file.
 */
final class CoordinatorSite implements AutoCloseable {

    static final String ADMIN = "bench-coord-admin-key";
    private static final String PASSWORD = "bench-coord-receipt-key-password";
    /** Linux refuses to start a process with one environment string over 128 KiB (MAX_ARG_STRLEN). */
    private static final int MAX_ENV_VALUE = 120_000;

    final TestChain chain;
    final LibertyServer node;
    final LibertyServer coordinator;
    final ChainClient nodeClient;
    final Ed25519.KeyPair receiptKey;
    final List<String> clientKeys;
    final List<String> minerKeys;
    final String coordinatorJvm;
    final String nodeJvm;

    /**
     * @param clients client keys, one funded genesis account each
     * @param miners miner keys
     */
    CoordinatorSite(int clients, int miners, int blockSeconds, String coordinatorJvm, String nodeJvm,
                    String coordinatorEnv, String nodeEnv) throws IOException {
        chain = TestChain.create("bench-coord", 1, Math.max(1, clients));
        clientKeys = keys("bench-client-", clients);
        minerKeys = keys("bench-miner-", miners);
        String block = Integer.toString(blockSeconds);
        LibertyServer.Builder n = LibertyServer.named("bench-coord-node").env(chain.authorityEnv(0))
                .env("DATABASE_URL", TestDatabase.create("benchcoordnode").url()).env("AITBC_ROLES", "node")
                .env("AITBC_BLOCK_TIME_SECONDS", block).env("AITBC_MIN_FEE", "0").env("ADMIN_API_KEYS", ADMIN)
                .env("JVM_ARGS", nodeJvm);
        extraEnv(n, nodeEnv);
        node = n.create();

        Path keyFile = Files.createDirectories(Path.of(System.getProperty("aitbc.work.dir", "target/bench"))
                .toAbsolutePath()).resolve("coord-receipt-key-" + System.nanoTime() + ".json");
        receiptKey = Ed25519.generate();
        EncryptedKeyFile.write(keyFile, receiptKey.seed(), PASSWORD.toCharArray(),
                Map.of("address", receiptKey.address()));
        Map<String, String> env = new HashMap<>();
        env.put("AITBC_ROLES", "coordinator,web"); // web: phase M loads the marketplace page from it
        env.put("AITBC_CHAIN_URL", node.baseUrl());
        env.put("DATABASE_URL", TestDatabase.create("benchcoord").url());
        env.put("CLIENT_API_KEYS", joined("CLIENT_API_KEYS", clientKeys));
        env.put("MINER_API_KEYS", joined("MINER_API_KEYS", minerKeys));
        env.put("ADMIN_API_KEYS", ADMIN);
        env.put("RECEIPT_KEY_PASSWORD", PASSWORD);
        env.put("AITBC_RECEIPT_KEY_FILE", keyFile.toString());
        env.put("AITBC_MINER_OFFLINE_SECONDS", "30");
        env.put("AITBC_FREE_JOBS", "true"); // phase I; phase J submits paid jobs only
        env.put("AITBC_BLOCK_TIME_SECONDS", block); // the coordinator's escrow expiry heights assume it
        env.put("JWT_SECRET", "bench-coord-jwt-secret-" + java.util.UUID.randomUUID());
        env.put("JVM_ARGS", coordinatorJvm);
        LibertyServer.Builder c = LibertyServer.named("bench-coord-a").env(env);
        extraEnv(c, coordinatorEnv);
        coordinator = c.create();
        nodeClient = new ChainClient(node.baseUrl());
        this.coordinatorJvm = describeJvm(coordinator, coordinatorJvm);
        this.nodeJvm = describeJvm(node, nodeJvm);
    }

    void start() {
        LibertyServer.startAllAndAwaitReady(node, coordinator);
    }

    long coordinatorPid() {
        return Sustained.jvmPid(coordinator.name());
    }

    long nodePid() {
        return Sustained.jvmPid(node.name());
    }

    /** The postmaster of the embedded PostgreSQL (its backends are its children), -1 when it cannot be found. */
    static long postgresPid() {
        try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW data_directory")) {
            r.next();
            return Long.parseLong(Files.readAllLines(Path.of(r.getString(1), "postmaster.pid")).get(0).trim());
        } catch (SQLException | IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Chain escrows this coordinator arbitrates that the chain shows SETTLED. */
    long settledEscrows() {
        return nodeClient.get("/rpc/escrows?arbiter=" + receiptKey.address() + "&status=SETTLED&limit=1")
                .getJsonNumber("total").longValue();
    }

    /** Transactions in the node's blocks. */
    long chainTransactions() {
        return nodeClient.get("/rpc/transactions?limit=1").getJsonNumber("total").longValue();
    }

    @Override
    public void close() {
        coordinator.stop();
        node.stop();
    }

    private static List<String> keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static String joined(String variable, List<String> keys) {
        String value = keys.stream().collect(Collectors.joining(","));
        if (value.length() > MAX_ENV_VALUE) {
            throw new IllegalStateException(variable + " would be " + value.length() + " characters: Linux starts no "
                    + "process with an environment string over 128 KiB; use fewer keys (bench.idle, bench.miners)");
        }
        return value;
    }

    private static void extraEnv(LibertyServer.Builder builder, String pairs) {
        for (String pair : pairs.split(",")) {
            if (pair.contains("=")) {
                builder.env(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1));
            }
        }
    }

    private static String describeJvm(LibertyServer server, String jvmArgs) throws IOException {
        if (!jvmArgs.isEmpty()) {
            return "JVM_ARGS " + jvmArgs;
        }
        Path shipped = server.directory().resolve("jvm.options");
        return !Files.exists(shipped) ? "no jvm.options shipped (JVM defaults)" : "jvm.options " + String.join(" ",
                Files.readAllLines(shipped).stream().filter(l -> l.startsWith("-")).toList());
    }
}
