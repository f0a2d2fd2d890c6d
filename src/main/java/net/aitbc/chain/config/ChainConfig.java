package net.aitbc.chain.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.config.FatalStartup;
import net.aitbc.platform.config.RunMode;
import net.aitbc.platform.config.Secrets;
import net.aitbc.platform.security.EncryptedKeyFile;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's chain configuration: genesis (AITBC_GENESIS), the authority key if this node is one
 * (AITBC_PROPOSER_KEYSTORE + AITBC_KEYSTORE_PASSWORD) and local limits. In dev mode without a genesis the node
 * makes a throw-away authority key (encrypted keystore in its data folder) and a devnet genesis naming it, and
 * says so loudly; other nodes of a devnet then use that genesis file.
 */
@ApplicationScoped
public class ChainConfig {

    private static final Logger LOG = Logger.getLogger(ChainConfig.class.getName());

    @Inject
    @ConfigProperty(name = "AITBC_GENESIS")
    Optional<String> genesisFile;
    @Inject
    @ConfigProperty(name = "AITBC_PROPOSER_KEYSTORE")
    Optional<String> keystoreFile;
    @Inject
    @ConfigProperty(name = "AITBC_CHAIN_ID")
    Optional<String> chainIdSetting;
    @Inject
    @ConfigProperty(name = "AITBC_NODE_ID", defaultValue = "node1")
    String nodeId;
    @Inject
    @ConfigProperty(name = "AITBC_DATA_DIR", defaultValue = "data")
    String dataDir;
    @Inject
    @ConfigProperty(name = "AITBC_BLOCK_TIME_SECONDS", defaultValue = "2")
    double blockTimeSeconds;
    @Inject
    @ConfigProperty(name = "AITBC_MEMPOOL_MAX_SIZE", defaultValue = "10000")
    int mempoolMaxSize;
    @Inject
    @ConfigProperty(name = "AITBC_MAX_TXS_PER_BLOCK", defaultValue = "1000000")
    int maxTxsPerBlock;
    @Inject
    @ConfigProperty(name = "AITBC_MIN_FEE", defaultValue = "0")
    long minFee;
    @Inject
    @ConfigProperty(name = "AITBC_MAX_BLOCK_BUILD_MILLIS", defaultValue = "700")
    long maxBlockBuildMillis;
    @Inject
    @ConfigProperty(name = "AITBC_MAX_REORG_DEPTH", defaultValue = "10")
    int maxReorgDepth;

    @Inject
    RunMode mode;
    @Inject
    Secrets secrets;

    private Genesis genesis;
    private Ed25519.KeyPair proposerKey;

    /** Reads (or in dev mode creates) genesis and key; any problem stops the server with a clear message. */
    public synchronized void load() {
        if (genesis != null) {
            return;
        }
        try {
            if (genesisFile.isPresent()) {
                genesis = Genesis.parse(readJson(Path.of(genesisFile.get())));
                if (keystoreFile.isPresent()) {
                    proposerKey = readKey(Path.of(keystoreFile.get()));
                }
            } else if (mode.isProduction()) {
                throw FatalStartup.stop("AITBC_GENESIS is required in production (the chain's genesis file)");
            } else {
                createDevChain();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FatalStartup f) {
                throw f;
            }
            throw FatalStartup.stop("chain configuration: " + e.getMessage(), e);
        }
        if (chainIdSetting.isPresent() && !chainIdSetting.get().equals(genesis.chainId())) {
            throw FatalStartup.stop("AITBC_CHAIN_ID is " + chainIdSetting.get() + " but the genesis is for "
                    + genesis.chainId());
        }
        if (proposerKey != null && genesis.authority(proposerKey.address()).isEmpty()) {
            throw FatalStartup.stop("the proposer key " + proposerKey.address()
                    + " is not an authority of this chain's genesis");
        }
        if (maxTxsPerBlock > genesis.params().maxTxsPerBlock()) {
            maxTxsPerBlock = genesis.params().maxTxsPerBlock();
        }
        LOG.info("Chain " + genesis.chainId() + " (genesis " + genesis.block().hash() + "), "
                + (proposerKey == null ? "follower" : "authority " + proposerKey.address()));
    }

    private Ed25519.KeyPair readKey(Path file) throws IOException {
        String password = secrets.configured("AITBC_KEYSTORE_PASSWORD").orElseThrow(() -> FatalStartup.stop(
                "AITBC_PROPOSER_KEYSTORE is set but AITBC_KEYSTORE_PASSWORD is missing"));
        return Ed25519.KeyPair.fromSeed(EncryptedKeyFile.read(file, password.toCharArray()));
    }

    private void createDevChain() throws IOException {
        Path dir = Path.of(dataDir).toAbsolutePath();
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("dev-authority.key");
        Path passwordFile = dir.resolve("dev-authority.password");
        Path genesisOut = dir.resolve("genesis.json");
        String password = secrets.configured("AITBC_KEYSTORE_PASSWORD").orElse(null);
        if (password == null) {
            if (!Files.exists(passwordFile)) {
                Files.writeString(passwordFile, secrets.get("AITBC_KEYSTORE_PASSWORD").orElseThrow());
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            }
            password = Files.readString(passwordFile).strip();
        }
        if (!Files.exists(keyFile)) {
            Ed25519.KeyPair key = Ed25519.generate();
            EncryptedKeyFile.write(keyFile, key.seed(), password.toCharArray(),
                    Map.of("address", key.address(), "public_key", key.publicKeyHex()));
        }
        proposerKey = Ed25519.KeyPair.fromSeed(EncryptedKeyFile.read(keyFile, password.toCharArray()));
        if (!Files.exists(genesisOut)) {
            JsonObject template;
            try (InputStream in = ChainConfig.class.getResourceAsStream("devnet-genesis.json")) {
                template = readJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            JsonArrayBuilder authorities = JsonCodec.createArrayBuilder().add(JsonCodec.createObjectBuilder()
                    .add("id", nodeId).add("address", proposerKey.address())
                    .add("public_key", proposerKey.publicKeyHex()));
            JsonObject devGenesis = JsonCodec.createObjectBuilder(template).add("authorities", authorities).build();
            Files.writeString(genesisOut, devGenesis.toString());
        }
        genesis = Genesis.parse(readJson(genesisOut));
        LOG.warning("\n*************************************************************************\n"
                + "*  AITBC DEV CHAIN - throw-away authority key, NOT for production\n"
                + "*  authority: " + proposerKey.address() + "\n"
                + "*  keystore:  " + keyFile + "\n"
                + "*  genesis:   " + genesisOut + " (other devnet nodes: AITBC_GENESIS=<this file>)\n"
                + "*************************************************************************");
    }

    private static JsonObject readJson(Path file) throws IOException {
        return readJson(Files.readString(file));
    }

    private static JsonObject readJson(String text) {
        try (var reader = JsonCodec.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    public Genesis genesis() {
        return genesis;
    }

    public String chainId() {
        return genesis.chainId();
    }

    public Optional<Ed25519.KeyPair> proposerKey() {
        return Optional.ofNullable(proposerKey);
    }

    public String nodeId() {
        return nodeId;
    }

    public long blockTimeMillis() {
        return Math.max(100, Math.round(blockTimeSeconds * 1000));
    }

    public int mempoolMaxSize() {
        return mempoolMaxSize;
    }

    public int maxTxsPerBlock() {
        return maxTxsPerBlock;
    }

    public int maxBlockSizeBytes() {
        return genesis.params().maxBlockSizeBytes();
    }

    /** How long the producer may spend applying candidates to one block (it then seals what it has). */
    public long maxBlockBuildMillis() {
        return maxBlockBuildMillis;
    }

    public long minFee() {
        return minFee;
    }

    public int maxReorgDepth() {
        return maxReorgDepth;
    }
}
