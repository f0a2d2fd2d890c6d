package net.aitbc.coordinator.receipts;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.gateway.ServerKey;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.config.Secrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The coordinator's Ed25519 receipt key, which is also its chain identity: the arbiter of every escrow and the
 * sender of every RECEIPT_CLAIM and ESCROW_SETTLE. Kept encrypted at rest in {@code AITBC_RECEIPT_KEY_FILE} under
 * {@code RECEIPT_KEY_PASSWORD}; created there on first start. Several coordinator servers share one key file (and
 * so one arbiter). In dev mode without a password the key lives in memory only, for this run.
 */
@ApplicationScoped
public class ReceiptKey {

    @Inject
    @ConfigProperty(name = "AITBC_RECEIPT_KEY_FILE", defaultValue = "data/receipt-key.json")
    String file;
    @Inject
    Secrets secrets;

    private Ed25519.KeyPair key;

    @PostConstruct
    void load() {
        String secret = "RECEIPT_KEY_PASSWORD";
        key = ServerKey.loadOrCreate(file, secrets.configured(secret), "coordinator receipt key", secret,
                "escrows naming it cannot be settled after a restart");
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
