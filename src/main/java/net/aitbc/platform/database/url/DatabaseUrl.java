package net.aitbc.platform.database.url;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The database a server uses, read from DATABASE_URL. Accepts the seed's form
 * {@code postgresql://user:pass@host:port/db[?param=value]} (also {@code postgres://}) and any {@code jdbc:} URL.
 * Credentials are taken from the URL and kept out of {@link #toString()}.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /**
     * H2 keeps commits in memory for WRITE_DELAY (500 ms by default) before writing them to its file, so a
     * kill -9 loses transactions the node already acknowledged. 0 writes every commit to the file before the
     * commit returns (safe against a process crash; H2 never fsyncs, so not against power loss). An explicit
     * WRITE_DELAY in the URL is the operator's choice and kept.
     */
    static String durableH2(String url) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url : url + ";WRITE_DELAY=0";
    }

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidDatabaseUrlException("it is empty");
        }
        String value = raw.strip();
        if (value.startsWith("jdbc:h2:")) {
            return new DatabaseUrl(durableH2(value), null, null);
        }
        if (value.startsWith("jdbc:")) {
            return new DatabaseUrl(value, null, null);
        }
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            throw new InvalidDatabaseUrlException("expected postgresql://user:pass@host:port/db or a jdbc: URL");
        }
        String scheme = value.substring(0, schemeEnd);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new InvalidDatabaseUrlException("unsupported scheme '" + scheme
                    + "'; expected postgresql://user:pass@host:port/db");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidDatabaseUrlException("not a valid URL (" + e.getReason() + ")");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int portColon = hostPort.lastIndexOf(':');
        if (portColon >= 0 && !hostPort.endsWith("]") && !hostPort.substring(portColon + 1).matches("\\d{1,5}")) {
            throw new InvalidDatabaseUrlException("the port is not a number");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidDatabaseUrlException("the host is missing or malformed; expected postgresql://user:pass@host:port/db");
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String path = uri.getRawPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new InvalidDatabaseUrlException("the database name is missing; expected .../db at the end");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                throw new InvalidDatabaseUrlException("the user name is empty");
            }
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (!query.contains("reWriteBatchedInserts")) {
            // one multi-row INSERT per batch: a block writes hundreds of rows in one commit
            query = query.isEmpty() ? "reWriteBatchedInserts=true" : query + "&reWriteBatchedInserts=true";
        }
        String jdbc = "jdbc:postgresql://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + ":" + port + path + "?" + query;
        return new DatabaseUrl(jdbc, user, password);
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatabaseUrlException("the credentials contain a malformed %-escape");
        }
    }

    public boolean isPostgreSql() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** Safe to log: the JDBC URL without any password parameter, and the user name. */
    @Override
    public String toString() {
        String safe = jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
        return user == null ? safe : safe + " (user " + user + ")";
    }
}
