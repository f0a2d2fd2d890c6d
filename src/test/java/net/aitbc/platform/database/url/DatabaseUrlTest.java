package net.aitbc.platform.database.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void seedFormIsSplitIntoJdbcUrlAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://aitbc:s%40cret@db.example:6543/chain?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/chain?sslmode=require&reWriteBatchedInserts=true", url.jdbcUrl());
        assertEquals("aitbc", url.user());
        assertEquals("s@cret", url.password());
        assertFalse(url.toString().contains("s@cret"));
    }

    @Test
    void portDefaultsTo5432AndPostgresSchemeIsAccepted() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u@localhost/db");
        assertEquals("jdbc:postgresql://localhost:5432/db?reWriteBatchedInserts=true", url.jdbcUrl());
        assertNull(url.password());
    }

    @Test
    void embeddedH2WritesEveryCommitBeforeItReturns() {
        assertEquals("jdbc:h2:file:/d/aitbc;MODE=PostgreSQL;WRITE_DELAY=0",
                DatabaseUrl.parse("jdbc:h2:file:/d/aitbc;MODE=PostgreSQL").jdbcUrl());
        assertEquals("jdbc:h2:file:/d/aitbc;write_delay=100", DatabaseUrl.parse("jdbc:h2:file:/d/aitbc;write_delay=100").jdbcUrl(),
                "an explicit setting is kept");
    }

    @Test
    void jdbcUrlsPassThrough() {
        assertEquals("jdbc:postgresql://h/x?ssl=true", DatabaseUrl.parse("jdbc:postgresql://h/x?ssl=true").jdbcUrl());
    }

    @Test
    void malformedValuesNameTheProblemWithoutThePassword() {
        String[][] cases = {
            {"", "empty"},
            {"mysql://u:topsecret@h/db", "unsupported scheme 'mysql'"},
            {"postgresql://u:topsecret@h:port/db", "port is not a number"},
            {"postgresql://u:topsecret@h:5432", "database name is missing"},
            {"postgresql://u:topsecret@h:5432/", "database name is missing"},
            {"postgresql://:topsecret@h:5432/db", "user name is empty"},
            {"localhost:5432/db", "expected postgresql://"},
        };
        for (String[] c : cases) {
            InvalidDatabaseUrlException e = assertThrows(InvalidDatabaseUrlException.class, () -> DatabaseUrl.parse(c[0]));
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        }
    }
}
