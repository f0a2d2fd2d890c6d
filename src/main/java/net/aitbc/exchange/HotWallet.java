package net.aitbc.exchange;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.gateway.ServerKey;
import net.aitbc.platform.config.Secrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The exchange's hot wallet: the deposit address users send AITBC to and the sender of every withdrawal. Its
 * Ed25519 key is kept encrypted at rest in {@code AITBC_EXCHANGE_WALLET_FILE} under {@code WALLET_ENCRYPTION_KEY}
 * (operations.md), created there on first start. In dev mode without that secret the key lives in memory for this
 * run only (said in the log), since a generated password could not open the file after a restart.
 */
@ApplicationScoped
public class HotWallet {

    @Inject
    @ConfigProperty(name = "AITBC_EXCHANGE_WALLET_FILE", defaultValue = "data/exchange-hot-wallet.json")
    String file;
    @Inject
    Secrets secrets;

    private Ed25519.KeyPair key;

    @PostConstruct
    void load() {
        String secret = "WALLET_ENCRYPTION_KEY";
        key = ServerKey.loadOrCreate(file, secrets.configured(secret), "exchange hot wallet", secret,
                "AITBC sent to it cannot be withdrawn after a restart");
    }

    public Ed25519.KeyPair keyPair() {
        return key;
    }

    public String address() {
        return key.address();
    }
}
