package net.aitbc.chain.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.platform.security.EncryptedKeyFile;

/**
 * A server's own chain key (the coordinator's receipt key, the exchange's hot wallet): kept encrypted at rest in a
 * key file under a password from the environment, created there on first start. Without the password (dev mode;
 * production refuses to start without it) the key lives in memory for this run only, and the log says what that
 * costs, since a generated password could not open the file after a restart.
 */
public final class ServerKey {

    private static final Logger LOG = Logger.getLogger(ServerKey.class.getName());

    private ServerKey() {
    }

    /**
     * @param purpose what the key is, for the file and the log ("exchange hot wallet")
     * @param passwordName the secret's name, for the log
     * @param lostWithoutFile what a run without the password loses at its restart, for the log
     */
    public static Ed25519.KeyPair loadOrCreate(String file, Optional<String> password, String purpose,
                                               String passwordName, String lostWithoutFile) {
        if (password.isEmpty()) {
            Ed25519.KeyPair key = Ed25519.generate();
            LOG.warning(passwordName + " is not set: this run's " + purpose + " " + key.address()
                    + " is kept in memory only; " + lostWithoutFile);
            return key;
        }
        Path path = Path.of(file).toAbsolutePath();
        char[] pw = password.get().toCharArray();
        try {
            if (Files.exists(path)) {
                return Ed25519.KeyPair.fromSeed(EncryptedKeyFile.read(path, pw));
            }
            Ed25519.KeyPair fresh = Ed25519.generate();
            EncryptedKeyFile.write(path, fresh.seed(), pw, Map.of("address", fresh.address(),
                    "public_key", fresh.publicKeyHex(), "purpose", purpose));
            LOG.info("Created the " + purpose + " " + fresh.address() + " in " + path);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the " + purpose + " " + path + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
