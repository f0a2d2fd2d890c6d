package net.aitbc.coordinator.receipts;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Logger;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.config.Secrets;
import net.aitbc.platform.security.EncryptedKeyFile;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The coordinator's Ed25519 receipt key, which is also its chain identity: the arbiter of every escrow and the
 * sender of every RECEIPT_CLAIM and ESCROW_SETTLE. Kept encrypted at rest in {@code AITBC_RECEIPT_KEY_FILE} under
 * {@code RECEIPT_KEY_PASSWORD}; created there on first start. Several coordinator servers share one key file (and
 * so one arbiter). In dev mode without a password the key lives in memory only, for this run.
 */
@ApplicationScoped
public class ReceiptKey {

    private static final Logger LOG = Logger.getLogger(ReceiptKey.class.getName());

    @Inject
    @ConfigProperty(name = "AITBC_RECEIPT_KEY_FILE", defaultValue = "data/receipt-key.json")
    String file;
    @Inject
    Secrets secrets;

    private Ed25519.KeyPair key;

    @PostConstruct
    void load() {
        var password = secrets.configured("RECEIPT_KEY_PASSWORD");
        if (password.isEmpty()) {
            key = Ed25519.generate();
            LOG.warning("RECEIPT_KEY_PASSWORD is not set: this run's receipt key (address " + key.address()
                    + ") is kept in memory only; escrows naming it cannot be settled after a restart");
            return;
        }
        Path path = Path.of(file).toAbsolutePath();
        char[] pw = password.get().toCharArray();
        try {
            if (Files.exists(path)) {
                key = Ed25519.KeyPair.fromSeed(EncryptedKeyFile.read(path, pw));
            } else {
                Ed25519.KeyPair fresh = Ed25519.generate();
                EncryptedKeyFile.write(path, fresh.seed(), pw, Map.of("address", fresh.address(),
                        "public_key", fresh.publicKeyHex(), "purpose", "coordinator receipt key"));
                key = fresh;
                LOG.info("Created the coordinator's receipt key " + key.address() + " in " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the receipt key " + path + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    public Ed25519.KeyPair keyPair() {
        return key;
    }

    public String address() {
        return key.address();
    }

    /** {@code GET /v1/receipts/public-key}: what a verifier needs. */
    public JsonObject publicKey() {
        return JsonCodec.createObjectBuilder().add("alg", "Ed25519").add("key_id", key.address())
                .add("public_key", key.publicKeyHex()).build();
    }
}
