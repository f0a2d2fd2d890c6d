package net.aitbc.chain.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Optional;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the features (coordinator, exchange) reach the chain: through a node's RPC at {@code AITBC_CHAIN_URL}, by
 * default this very server when it has the node role. Only the RPC, never the node's beans, so a server with
 * the coordinator or exchange role but not the node role works the same way.
 */
@ApplicationScoped
public class ChainGateway {

    @Inject
    @ConfigProperty(name = "AITBC_CHAIN_URL")
    Optional<String> chainUrl;
    @Inject
    @ConfigProperty(name = "AITBC_HTTP_PORT", defaultValue = "8000")
    int httpPort;
    @Inject
    @ConfigProperty(name = "AITBC_HOST", defaultValue = "*")
    String httpHost;
    @Inject
    @ConfigProperty(name = "AITBC_PEER_TIMEOUT_SECONDS", defaultValue = "5")
    int timeoutSeconds;
    @Inject
    ServerRoles roles;

    private ChainClient client;
    private ChainClient probe;
    private String url;

    @PostConstruct
    void connect() {
        url = chainUrl.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (url == null && roles.has(Role.NODE)) {
            url = ownUrl(httpHost, httpPort);
        }
        if (url != null) {
            client = new ChainClient(url, Duration.ofSeconds(30));
            probe = new ChainClient(url, Duration.ofSeconds(Math.min(2, timeoutSeconds)));
        }
    }

    /**
     * This server's own node as a client reaches it: loopback when it listens on every address, else the one
     * address it listens on (a server bound to 192.168.100.10 does not answer on 127.0.0.1).
     */
    static String ownUrl(String host, int port) {
        String h = host == null ? "*" : host.strip();
        if (h.isEmpty() || h.equals("*") || h.equals("0.0.0.0") || h.equals("::")) {
            return "http://127.0.0.1:" + port;
        }
        return "http://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    /** Whether a chain is configured: this server is a node, or AITBC_CHAIN_URL names one. */
    public boolean isConfigured() {
        return url != null;
    }

    public String url() {
        return url;
    }

    public ChainClient client() {
        if (client == null) {
            throw new IllegalStateException("no chain configured: set AITBC_CHAIN_URL to a node's base URL");
        }
        return client;
    }

    /** An account for a key this server holds, sending through the chain's RPC. */
    public SigningAccount account(Ed25519.KeyPair key) {
        return SigningAccount.remote(client(), key);
    }

    /** {url, reachable, chain_id, height} for health reports, asked with a short timeout. */
    public JsonObject status() {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder();
        if (url == null) {
            return b.addNull("url").add("reachable", false).build();
        }
        b.add("url", url);
        try {
            JsonObject head = probe.head();
            return b.add("reachable", true).add("chain_id", probe.chainId())
                    .add("height", head.getJsonNumber("height").longValue()).build();
        } catch (RuntimeException e) {
            return b.add("reachable", false).add("error", String.valueOf(e.getMessage())).build();
        }
    }
}
