package net.aitbc.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Which of the two supported databases a connection talks to, for the few statements whose syntax or driver API
 * differs (PostgreSQL's COPY and LISTEN, sequence calls); everything else is written once for both.
 */
public final class DatabaseKind {

    private DatabaseKind() {
    }

    /** True for PostgreSQL; false for the embedded H2 default. */
    public static boolean isPostgreSql(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
