package net.aitbc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.testing.AitbcTool;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.OllamaStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code aitbc} tool as a user runs it: {@code java -jar target/aitbc.jar} as a child process against the shared
 * coordinator site (a node, two coordinators on PostgreSQL). A wallet is created, funded by the devnet faucet and
 * sends; a paid job runs on the reference miner (the same jar) and its receipt verifies offline; blocks and the
 * explorer's proof bundles verify offline and online, and fail when altered; an expired escrow is reclaimed; each
 * failure ends with its exit code and one line on stderr.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AitbcToolIT {

    private static final String PASSWORD = "correct horse battery staple";

    private CoordinatorCluster site;
    private ChainClient chain;
    private long fee;

    @BeforeAll
    void start() {
        assertTrue(Files.exists(AitbcTool.JAR), "the build makes " + AitbcTool.JAR);
        site = CoordinatorCluster.shared();
        chain = site.client;
        JsonObject status = chain.get("/rpc/status");
        fee = status.containsKey("min_fee") ? status.getJsonNumber("min_fee").longValue() : 0;
    }

    /** A tool with its own home and wallet directory, pointed at the site, the password in a file. */
    private AitbcTool tool(String clientKey) throws Exception {
        AitbcTool t = new AitbcTool().env("AITBC_URL", site.a.baseUrl()).env("AITBC_NODE_URL", site.node.baseUrl());
        if (clientKey != null) {
            t.env("AITBC_API_KEY", clientKey);
        }
        Path pw = t.home().resolve("password.txt");
        Files.writeString(pw, PASSWORD + "\n");
        return t;
    }

    private static String[] withPassword(AitbcTool t, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--password-file";
        all[args.length + 1] = t.home().resolve("password.txt").toString();
        return all;
    }

    private static JsonObject json(AitbcTool.Run r) {
        assertEquals(0, r.exit(), r.toString());
        try (var reader = Json.createReader(new StringReader(r.out().strip()))) {
            return reader.readObject();
        }
    }

    private static void assertOneLineError(AitbcTool.Run r, int exit, String contains) {
        assertEquals(exit, r.exit(), r.toString());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line on stderr: " + r);
        assertTrue(err.startsWith("error: ") && err.contains(contains), r.toString());
    }

    /** A wallet of the tool holding a funded genesis account's key (imported from its seed). */
    private Ed25519.KeyPair importFunded(AitbcTool t, String name) {
        Ed25519.KeyPair key = site.fundedAccount();
        AitbcTool.Run r = t.runWithInput(HexFormat.of().formatHex(key.seed()), withPassword(t, "wallet", "import", "-w", name,
                "--seed-file", "-", "-o", "json"));
        assertEquals(key.address(), json(r).getString("address"));
        return key;
    }

    @Test
    void aNewWalletIsFundedByTheFaucetAndSends() throws Exception {
        AitbcTool t = tool(null);
        JsonObject created = json(t.run(withPassword(t, "wallet", "create", "-w", "alice", "-o", "json")));
        String address = created.getString("address");
        assertTrue(Files.exists(Path.of(created.getString("file"))));
        assertTrue(!Files.readString(Path.of(created.getString("file"))).contains("seed"), "no plain seed");
        assertEquals(address, t.run("wallet", "address", "-w", "alice").out().strip());
        AitbcTool.Run list = t.run("wallet", "list");
        assertTrue(list.out().contains("alice") && list.out().contains(address), list.toString());
        assertOneLineError(t.run(withPassword(t, "wallet", "create", "-w", "alice")), 1, "exists already");

        Http.Response minted = Http.post(site.node.url("/rpc/admin/mintFaucet"), "{\"address\": \"" + address
                + "\", \"amount\": 1000}", "X-Api-Key", CoordinatorCluster.ADMIN);
        assertEquals(200, minted.status(), minted.toString());
        chain.awaitIncluded(minted.json().getString("tx_hash"), Duration.ofSeconds(20));
        JsonObject balance = json(t.run("balance", "-w", "alice", "-o", "json"));
        assertEquals(1000, balance.getJsonNumber("balance").longValue());

        String bob = Ed25519.generate().address();
        JsonObject sent = json(t.run(withPassword(t, "send", "-w", "alice", "--to", bob, "--amount", "250", "-o",
                "json")));
        assertEquals("included", sent.getString("status"));
        assertEquals(250, chain.balance(bob).balance(), "the recipient has it on chain");
        assertEquals(1000 - 250 - sent.getJsonNumber("fee").longValue(), chain.balance(address).balance());
        JsonObject history = json(t.run("history", "-w", "alice", "-o", "json"));
        assertTrue(history.getJsonArray("transactions").stream().anyMatch(v -> v.asJsonObject().getString("tx_hash")
                .equals(sent.getString("tx_hash"))), history.toString());
        AitbcTool.Run table = t.run("history", bob);
        assertTrue(table.out().contains(sent.getString("tx_hash")) && table.out().contains("TRANSFER"), table.toString());
    }

    @Test
    void aPaidJobRunsOnTheReferenceMinerAndItsReceiptVerifiesOffline() throws Exception {
        String clientKey = site.clientKey();
        AitbcTool t = tool(clientKey);
        Ed25519.KeyPair payer = importFunded(t, "payer");
        long before = chain.balance(payer.address()).balance();
        String model = "cli-" + UUID.randomUUID().toString().substring(0, 6) + ":latest";
        try (OllamaStandIn ollama = OllamaStandIn.start(OllamaStandIn.Model.of(model))) {
            Process miner = t.start(t.home().resolve("miner.log"), "miner", "run", "--coordinator", site.a.baseUrl(),
                    "--api-key", site.minerKey(), "--ollama", ollama.url(), "--gpu-model", "RTX 4090",
                    "--gpu-memory-gb", "24", "--wallet", Ed25519.generate().address(), "--price-per-gpu-second", "1",
                    "--heartbeat-seconds", "1", "--poll-wait-seconds", "5", "--max-jobs", "1");
            try {
                AitbcTool.Run submitted = t.run(withPassword(t, "client", "submit", "-w", "payer", "--prompt",
                        "why is the sky blue", "--model", model, "--pay", "50", "--wait", "--timeout-seconds", "90"));
                assertEquals(0, submitted.exit(), submitted + "\n--- miner\n" + Files.readString(t.home()
                        .resolve("miner.log")));
                assertEquals(OllamaStandIn.expectedResponse("why is the sky blue"), submitted.out().strip(),
                        "the result's text");
                assertTrue(submitted.err().contains("COMPLETED"), "progress names the states: " + submitted);
                assertTrue(miner.waitFor(30, TimeUnit.SECONDS), "the miner stops after --max-jobs 1");
            } finally {
                miner.destroy();
            }
        }
        JsonObject jobs = json(t.run("client", "jobs", "-o", "json"));
        String jobId = jobs.getJsonArray("jobs").getJsonObject(0).getString("job_id");
        JsonObject status = json(t.run("client", "status", jobId, "-o", "json"));
        assertEquals("COMPLETED", status.getString("state"));
        assertEquals(50, status.getJsonNumber("payment_amount").longValue());
        // the lock took 50 and its fee; the settlement pays the miner and the coordinator and returns the change
        long spent = before - chain.balance(payer.address()).balance();
        assertTrue(spent > 0 && spent <= 50 + fee, "the payer paid for the job, at most the escrow: " + spent);

        Path receipt = t.home().resolve("receipt.json");
        assertEquals(0, t.run("client", "receipt", jobId, "--out", receipt.toString()).exit());
        AitbcTool.Run verified = t.run("verify", "receipt", receipt.toString());
        assertEquals(0, verified.exit(), verified.toString());
        assertTrue(verified.out().startsWith("valid: receipt "), verified.toString());
        JsonObject r = Json.createReader(new StringReader(Files.readString(receipt))).readObject();
        Files.writeString(receipt, Json.createObjectBuilder(r).add("units", 999).build().toString());
        assertEquals(1, t.run("verify", "receipt", receipt.toString()).exit(), "an altered receipt is invalid");

        JsonObject escrows = json(t.run("escrow", "list", "-w", "payer", "-o", "json"));
        JsonObject lock = escrows.getJsonArray("escrows").stream().map(JsonValue::asJsonObject)
                .filter(e -> jobId.equals(e.getString("reference", null))).findFirst()
                .orElseThrow(() -> new AssertionError("the job's escrow is listed: " + escrows));
        assertEquals(50, lock.getJsonNumber("amount").longValue());
        assertEquals(payer.address(), lock.getString("payer"));
        assertOneLineError(t.run("client", "result", "job-does-not-exist"), 1, "404");
    }

    @Test
    void blocksAndProofBundlesVerifyOfflineAndOnlineAndFailWhenAltered() throws Exception {
        AitbcTool t = tool(null);
        SigningAccount sender = SigningAccount.remote(chain, site.fundedAccount());
        SignedTx tx = sender.transfer(Ed25519.generate().address(), 7, fee);
        long height = chain.awaitIncluded(tx.hash(), Duration.ofSeconds(20));

        AitbcTool.Run online = t.run("verify", "block", String.valueOf(height));
        assertEquals(0, online.exit(), online.toString());
        assertTrue(online.out().contains("proposer signature") && online.out().startsWith("valid"), online.toString());

        JsonObject block = chain.get("/rpc/blocks/" + height);
        JsonObject authority = chain.get("/rpc/status").getJsonArray("authorities").stream().map(JsonValue::asJsonObject)
                .filter(a -> a.getString("address").equals(block.getString("proposer"))).findFirst().orElseThrow();
        Path file = t.home().resolve("block.json");
        Files.writeString(file, block.toString());
        assertEquals(0, t.run("verify", "block", file.toString(), "--public-key", authority.getString("public_key"))
                .exit(), "offline with the proposer's key");
        AitbcTool.Run noKey = t.run("verify", "block", file.toString(), "-o", "json");
        assertEquals(1, noKey.exit(), "without a key the signature is not shown valid: " + noKey);
        assertTrue(!Json.createReader(new StringReader(noKey.out())).readObject().getBoolean("valid"));
        String altered = block.toString().replace("\"amount\":7", "\"amount\":8");
        assertNotEquals(block.toString(), altered);
        Files.writeString(file, altered);
        AitbcTool.Run bad = t.run("verify", "block", file.toString(), "--public-key", authority.getString("public_key"));
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.out().contains("FAIL"), bad.toString());

        // the explorer's "Download proof bundle" (explorer/js/app.js, blockProof): header, tx_hashes, signer
        JsonObject status = chain.get("/rpc/status");
        var header = Json.createObjectBuilder(block);
        header.remove("transactions");
        var hashes = Json.createArrayBuilder();
        block.getJsonArray("transactions").forEach(v -> hashes.add(v.asJsonObject().getString("tx_hash")));
        JsonObject bundle = Json.createObjectBuilder().add("format", "aitbc-block-proof-v1").add("rules", "docs")
                .add("chain_id", status.getString("chain_id")).add("genesis_hash", status.getString("genesis_hash"))
                .add("header", header).add("tx_hashes", hashes).add("signer", authority).build();
        Path proof = t.home().resolve("proof.json");
        Files.writeString(proof, bundle.toString());
        assertEquals(0, new AitbcTool().run("verify", "bundle", proof.toString()).exit(), "offline, no server at all");
        AitbcTool.Run againstNode = t.run("verify", "bundle", proof.toString(), "--node-url", site.node.baseUrl());
        assertEquals(0, againstNode.exit(), againstNode.toString());
        assertTrue(againstNode.out().contains("on chain") && againstNode.out().contains("authority"), againstNode.toString());
        Files.writeString(proof, bundle.toString().replace(block.getString("state_root"), "0x" + "ab".repeat(32)));
        assertEquals(1, new AitbcTool().run("verify", "bundle", proof.toString()).exit(), "an altered header");
    }

    @Test
    void anExpiredEscrowIsReclaimedAndAnOpenOneIsNot() throws Exception {
        AitbcTool t = tool(null);
        Ed25519.KeyPair key = importFunded(t, "locker");
        SigningAccount account = SigningAccount.remote(chain, key);
        String arbiter = Ed25519.generate().address();
        long now = chain.height();
        SignedTx early = account.lock(30, arbiter, now + 1000, "cli-early", fee);
        SignedTx soon = account.lock(40, arbiter, now + 3, "cli-soon", fee);
        chain.awaitIncluded(soon.hash(), Duration.ofSeconds(20));
        chain.awaitIncluded(early.hash(), Duration.ofSeconds(20));
        JsonObject open = json(t.run("escrow", "list", "-w", "locker", "--status", "open", "-o", "json"));
        assertEquals(2, open.getJsonArray("escrows").size(), open.toString());

        assertOneLineError(t.run(withPassword(t, "escrow", "reclaim", "-w", "locker", early.hash())), 1,
                "can be reclaimed from block");
        // blocks are made only for transactions: a few transfers move the chain past the lock's expiry
        SigningAccount mover = SigningAccount.remote(chain, site.fundedAccount());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (chain.height() + 1 < now + 3 && System.nanoTime() < deadline) {
            chain.awaitIncluded(mover.transfer(Ed25519.generate().address(), 1, fee).hash(), Duration.ofSeconds(20));
        }
        long before = chain.balance(key.address()).balance();
        JsonObject reclaimed = json(t.run(withPassword(t, "escrow", "reclaim", "-w", "locker", soon.hash(), "-o",
                "json")));
        assertEquals(40, reclaimed.getJsonNumber("amount").longValue());
        assertEquals(EscrowState.Status.RECLAIMED, chain.escrow(soon.hash()).orElseThrow().status());
        assertEquals(before + 40 - fee, chain.balance(key.address()).balance());
        assertEquals(EscrowState.Status.OPEN, chain.escrow(early.hash()).orElseThrow().status());
    }

    @Test
    void failuresEndWithTheirExitCodeAndOneLine() throws Exception {
        AitbcTool t = tool(null);
        json(t.run(withPassword(t, "wallet", "create", "-w", "w1", "-o", "json")));
        Path wrong = t.home().resolve("wrong.txt");
        Files.writeString(wrong, "not the password\n");
        String to = Ed25519.generate().address();
        assertOneLineError(t.run("send", "-w", "w1", "--to", to, "--amount", "1", "--password-file", wrong.toString()),
                1, "wrong password");
        Path file = Path.of(json(t.run("wallet", "address", "-w", "w1", "-o", "json")).getString("file"));
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\"ciphertext\":\"(..)", "\"ciphertext\":\"00"));
        AitbcTool.Run corrupt = t.run(withPassword(t, "send", "-w", "w1", "--to", to, "--amount", "1"));
        assertEquals(1, corrupt.exit(), corrupt.toString());
        Files.writeString(file, "{not json");
        assertOneLineError(t.run(withPassword(t, "send", "-w", "w1", "--to", to, "--amount", "1")), 1,
                "not a wallet key file");
        assertOneLineError(t.run("balance", to, "--node-url", "http://127.0.0.1:1"), 1, "");
        assertOneLineError(t.run("send", "--to", to, "--amount", "lots"), 2, "--amount");
        assertOneLineError(t.run("sned"), 2, "sned");
        assertOneLineError(t.run("balance", "not-an-address"), 2, "address");
        assertOneLineError(t.run("client", "submit", "--prompt", "p", "--model", "m"), 2, "API key");
        assertOneLineError(t.run("balance", "-w", "nobody"), 2, "no wallet named nobody");
        assertEquals(0, t.run("--help").exit());
    }

    @Test
    void aConfigFileNamesTheServersTheKeyAndTheWallets() throws Exception {
        String clientKey = site.clientKey();
        AitbcTool t = new AitbcTool();
        Path config = t.home().resolve(".aitbc/config.properties");
        Files.createDirectories(config.getParent());
        Path wallets = t.home().resolve("my-wallets");
        Files.writeString(config, "url=" + site.a.baseUrl() + "\nnode_url=" + site.node.baseUrl() + "\napi_key="
                + clientKey + "\nwallet_dir=" + wallets + "\nwallet=main\n");
        Files.writeString(t.home().resolve("pw"), PASSWORD);
        JsonObject created = json(t.run("wallet", "create", "--password-file", t.home().resolve("pw").toString(),
                "-o", "json"));
        assertEquals("main", created.getString("name"));
        assertTrue(Path.of(created.getString("file")).startsWith(wallets), created.toString());
        assertEquals(0, json(t.run("balance", "-o", "json")).getJsonNumber("balance").longValue());
        assertTrue(json(t.run("client", "jobs", "-o", "json")).containsKey("jobs"), "the key from the config file");
    }
}
