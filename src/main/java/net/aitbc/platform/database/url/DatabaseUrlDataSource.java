package net.aitbc.platform.database.url;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source class Liberty's connection pool uses (server.xml {@code jdbcDriver}). It takes DATABASE_URL as
 * given, in the seed's form or as a JDBC URL, so no launcher has to rewrite it, and picks the driver from it.
 * A malformed value fails the first connection with a message naming the problem, never the password.
 */
public class DatabaseUrlDataSource implements DataSource {

    private volatile String url;
    private volatile String user;
    private volatile String password;
    private volatile DatabaseUrl parsed;
    private volatile Driver driver;
    private int loginTimeout;

    public void setURL(String url) {
        this.url = url;
        this.parsed = null;
        this.driver = null;
    }

    public String getURL() {
        return url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(null, null);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        DatabaseUrl target = target();
        Properties props = new Properties();
        putIfSet(props, "user", firstSet(username, user, target.user()));
        putIfSet(props, "password", firstSet(pass, password, target.password()));
        Connection connection = driver(target).connect(target.jdbcUrl(), props);
        if (connection == null) {
            throw new SQLException("DATABASE_URL is invalid: no JDBC driver accepts " + target);
        }
        return connection;
    }

    private DatabaseUrl target() throws SQLException {
        DatabaseUrl current = parsed;
        if (current == null) {
            try {
                current = DatabaseUrl.parse(url);
            } catch (InvalidDatabaseUrlException e) {
                throw new SQLException(e.getMessage(), "08001", e);
            }
            parsed = current;
        }
        return current;
    }

    private Driver driver(DatabaseUrl target) throws SQLException {
        Driver current = driver;
        if (current == null) {
            String jdbc = target.jdbcUrl();
            String className = jdbc.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver"
                    : jdbc.startsWith("jdbc:h2:") ? "org.h2.Driver" : null;
            if (className == null) {
                throw new SQLException("DATABASE_URL is invalid: only PostgreSQL and the embedded H2 are supported, got "
                        + jdbc.substring(0, Math.min(jdbc.length(), jdbc.indexOf(':', 5) + 1)), "08001");
            }
            try {
                current = (Driver) Class.forName(className, true, getClass().getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SQLException("JDBC driver " + className + " is not in the server's jdbc/ folder", e);
            }
            driver = current;
        }
        return current;
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static void putIfSet(Properties props, String key, String value) {
        if (value != null) {
            props.setProperty(key, value);
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the pool logs for us
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
