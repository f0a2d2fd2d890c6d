package net.aitbc.platform.logging;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit trail of security- and money-relevant events (logins, failed auth, admin actions, blocks produced
 * and imported, rejected imports, payments), one JSON object per line in its own file, apart from the
 * operational log. Never pass secrets in the fields.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("net.aitbc.audit");
    /** Looked up once: Json.createObjectBuilder looks for the provider on every call (one per audited change). */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    @ConfigProperty(name = "AITBC_AUDIT_LOG", defaultValue = "logs/audit.log")
    String file;

    @Inject
    @ConfigProperty(name = "AITBC_NODE_ID", defaultValue = "node1")
    String nodeId;

    private FileHandler handler;

    @PostConstruct
    void open() {
        try {
            Path path = Path.of(file).toAbsolutePath();
            Files.createDirectories(path.getParent());
            handler = new FileHandler(path.toString(), 50_000_000, 5, true);
            handler.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord r) {
                    return r.getMessage() + System.lineSeparator();
                }
            });
            LOG.setUseParentHandlers(false);
            LOG.addHandler(handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
    }

    @PreDestroy
    void close() {
        if (handler != null) {
            LOG.removeHandler(handler);
            handler.close();
        }
    }

    /** Records one event, e.g. {@code record("block_produced", Map.of("height", 12, "hash", h))}. */
    public void record(String event, Map<String, ?> fields) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("time", Instant.now().toString())
                .add("node_id", nodeId)
                .add("event", event);
        fields.forEach((k, v) -> {
            if (v == null) {
                b.addNull(k);
            } else if (v instanceof Number n) {
                b.add(k, JSON.createValue(n.longValue()));
            } else if (v instanceof Boolean bool) {
                b.add(k, bool);
            } else {
                b.add(k, v.toString());
            }
        });
        LOG.log(Level.INFO, b.build().toString());
    }
}
