package net.aitbc.exchange;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Logger;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.platform.config.Secrets;
import net.aitbc.platform.security.EncryptedKeyFile;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The exchange's hot wallet: the deposit address users send AITBC to and the sender of every withdrawal. Its
 * Ed25519 key is kept encrypted at rest in {@code AITBC_EXCHANGE_WALLET_FILE} under {@code WALLET_ENCRYPTION_KEY}
 * (operations.md), created there on first start. In dev mode without that secret the key lives in memory for this
 * run only (said in the log), since a generated password could not open the file after a restart.
 */
@ApplicationScoped
public class HotWallet {

    private static final Logger LOG = Logger.getLogger(HotWallet.class.getName());

    @Inject
    @ConfigProperty(name = "AITBC_EXCHANGE_WALLET_FILE", defaultValue = "data/exchange-hot-wallet.json")
    String file;
    @Inject
    Secrets secrets;

    private Ed25519.KeyPair key;

    @PostConstruct
    void load() {
        var password = secrets.configured("WALLET_ENCRYPTION_KEY");
        if (password.isEmpty()) {
            key = Ed25519.generate();
            LOG.warning("WALLET_ENCRYPTION_KEY is not set: this run's exchange hot wallet " + key.address()
                    + " is kept in memory only; AITBC sent to it cannot be withdrawn after a restart");
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
                        "public_key", fresh.publicKeyHex(), "purpose", "exchange hot wallet"));
                key = fresh;
                LOG.info("Created the exchange's hot wallet " + key.address() + " in " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the exchange's hot wallet " + path + ": " + e.getMessage(), e);
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
}
