package net.aitbc.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.platform.security.EncryptedKeyFile;

/**
 * A chain made for a test: fresh authority keys (in encrypted keystores, as in production), funded accounts and
 * a genesis file, plus the environment that makes a server an authority or a follower of it.
 */
public final class TestChain {

    public static final long FUNDS = 1_000_000_000L;

    private final Path dir;
    private final List<Ed25519.KeyPair> authorities;
    private final List<Ed25519.KeyPair> accounts;
    private final Path genesis;
    private final String password = "test-keystore-password";

    private TestChain(Path dir, List<Ed25519.KeyPair> authorities, List<Ed25519.KeyPair> accounts, Path genesis) {
        this.dir = dir;
        this.authorities = authorities;
        this.accounts = accounts;
        this.genesis = genesis;
    }

    public static TestChain create(String name, int authorityCount, int fundedAccounts) {
        return create(name, authorityCount, fundedAccounts, true);
    }

    /** A chain whose genesis enables the devnet faucet or not (a production chain has none). */
    public static TestChain create(String name, int authorityCount, int fundedAccounts, boolean faucet) {
        try {
            Path dir = Path.of(System.getProperty("aitbc.work.dir", "target/it"), "chains", name).toAbsolutePath();
            Files.createDirectories(dir);
            List<Ed25519.KeyPair> authorities = new ArrayList<>();
            JsonArrayBuilder auth = Json.createArrayBuilder();
            for (int i = 0; i < authorityCount; i++) {
                Ed25519.KeyPair k = Ed25519.generate();
                authorities.add(k);
                auth.add(Json.createObjectBuilder().add("id", "authority" + (i + 1)).add("address", k.address())
                        .add("public_key", k.publicKeyHex()));
            }
            List<Ed25519.KeyPair> accounts = new ArrayList<>();
            JsonArrayBuilder alloc = Json.createArrayBuilder();
            for (int i = 0; i < fundedAccounts; i++) {
                Ed25519.KeyPair k = Ed25519.generate();
                accounts.add(k);
                alloc.add(Json.createObjectBuilder().add("address", k.address()).add("amount", FUNDS));
            }
            Path genesis = dir.resolve("genesis.json");
            Files.writeString(genesis, Json.createObjectBuilder().add("chain_id", "ait-test-" + name)
                    .add("timestamp", "2026-11-25T00:00:00.000Z").add("authorities", auth).add("allocations", alloc)
                    .add("params", Json.createObjectBuilder().add("max_txs_per_block", 10_000)
                            .add("max_block_size_bytes", 4_194_304).add("faucet", faucet)
                            .add("proposer_timeout_seconds", 6))
                    .build().toString());
            TestChain chain = new TestChain(dir, authorities, accounts, genesis);
            for (int i = 0; i < authorityCount; i++) {
                Path key = chain.keystore(i);
                Files.deleteIfExists(key);
                EncryptedKeyFile.write(key, authorities.get(i).seed(), chain.password.toCharArray(),
                        Map.of("address", authorities.get(i).address()));
            }
            return chain;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path keystore(int i) {
        return dir.resolve("authority" + (i + 1) + ".key");
    }

    public String chainId() {
        return "ait-test-" + dir.getFileName();
    }

    public Ed25519.KeyPair authority(int i) {
        return authorities.get(i);
    }

    /** A funded account (FUNDS each at genesis). */
    public Ed25519.KeyPair account(int i) {
        return accounts.get(i);
    }

    public List<Ed25519.KeyPair> accounts() {
        return accounts;
    }

    public long genesisSupply() {
        return FUNDS * accounts.size();
    }

    public Path genesisFile() {
        return genesis;
    }

    /** Environment of a server that produces blocks with authority {@code i}. */
    public Map<String, String> authorityEnv(int i) {
        Map<String, String> env = new LinkedHashMap<>(followerEnv());
        env.put("AITBC_PROPOSER_KEYSTORE", keystore(i).toString());
        env.put("AITBC_KEYSTORE_PASSWORD", password);
        return env;
    }

    /** Environment of a server that follows this chain without producing. */
    public Map<String, String> followerEnv() {
        return Map.of("AITBC_GENESIS", genesis.toString());
    }
}
