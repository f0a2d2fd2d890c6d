package net.aitbc.coordinator.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.platform.config.Secrets;

/**
 * The three key sets of coordinator.md ({@code CLIENT_API_KEYS}, {@code MINER_API_KEYS}, {@code ADMIN_API_KEYS},
 * comma-separated). A presented key is compared with every configured key in constant time, without an early exit,
 * so neither timing nor order reveals which one matched. Each key has a stable id (a hash prefix) that receipts,
 * admin views and logs show instead of the key.
 */
@ApplicationScoped
public class ApiKeys {

    private record Entry(byte[] key, Caller caller) {
    }

    @Inject
    Secrets secrets;

    private final List<Entry> entries = new ArrayList<>();

    @PostConstruct
    void load() {
        add("CLIENT_API_KEYS", Caller.Kind.CLIENT, "client_");
        add("MINER_API_KEYS", Caller.Kind.MINER, "miner_");
        add("ADMIN_API_KEYS", Caller.Kind.ADMIN, "admin_");
    }

    private void add(String variable, Caller.Kind kind, String prefix) {
        for (String key : secrets.get(variable).orElse("").split(",")) {
            if (!key.isBlank()) {
                byte[] bytes = key.strip().getBytes(StandardCharsets.UTF_8);
                entries.add(new Entry(bytes, new Caller(kind, idOf(prefix, bytes))));
            }
        }
    }

    /** The caller a key belongs to, or empty when it is no configured key. */
    public Optional<Caller> identify(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] given = presented.strip().getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.key(), given) & found == null) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * A stable, non-reversible id for a key: 16 hex digits of SHA-256 over a domain tag and the key. Keys are long
     * random strings, so the prefix reveals nothing usable.
     */
    static String idOf(String prefix, byte[] key) {
        byte[] tagged = new byte[key.length + 14];
        System.arraycopy("aitbc-api-key:".getBytes(StandardCharsets.US_ASCII), 0, tagged, 0, 14);
        System.arraycopy(key, 0, tagged, 14, key.length);
        return prefix + Hashes.hex(Hashes.sha256(tagged)).substring(0, 16);
    }
}
