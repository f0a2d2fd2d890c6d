package net.aitbc.identity;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The ids of session tokens ended by logout, as every server sharing the database sees them. Checking the table on
 * each signed-in request cost a connection and a query per request (about a tenth of the exchange's CPU under
 * load), so the list is read again at most once per {@link #REFRESH_NANOS}: a logout taken by this server is
 * refused here at once, one taken by another server within that second.
 */
@ApplicationScoped
public class RevokedTokens {

    static final long REFRESH_NANOS = 1_000_000_000L;

    @Resource(lookup = "jdbc/aitbc")
    DataSource dataSource;

    private volatile Set<String> stored = Set.of();
    private volatile long readAt = System.nanoTime() - 2 * REFRESH_NANOS;
    /** Revoked here and not yet seen in a read of the table; jti → expiry (epoch ms), so the map cannot grow. */
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    private final ReentrantLock reading = new ReentrantLock();

    public boolean isRevoked(String jti) {
        refreshIfDue();
        return local.containsKey(jti) || stored.contains(jti);
    }

    /** Called once the revocation is written, so this server refuses the token before its next read. */
    void revokedHere(String jti, long expiresAtMillis) {
        local.put(jti, expiresAtMillis);
    }

    private void refreshIfDue() {
        if (System.nanoTime() - readAt < REFRESH_NANOS || !reading.tryLock()) {
            return; // read lately, or another request is reading it: the list of the last second stands
        }
        try {
            if (System.nanoTime() - readAt >= REFRESH_NANOS) {
                long started = System.nanoTime();
                stored = read();
                readAt = started;
                long now = System.currentTimeMillis();
                local.entrySet().removeIf(e -> stored.contains(e.getKey()) || e.getValue() < now);
            }
        } finally {
            reading.unlock();
        }
    }

    private Set<String> read() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT jti FROM identity_revoked_token WHERE expires_at >= ?")) {
            s.setLong(1, System.currentTimeMillis());
            Set<String> ids = new HashSet<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return Set.copyOf(ids);
        } catch (SQLException e) {
            // fail closed: without a current list no token can be shown not to be revoked
            throw new IllegalStateException("the list of revoked session tokens could not be read: " + e.getMessage(),
                    e);
        }
    }
}
