package net.aitbc.platform.database.url;

/** DATABASE_URL cannot be used; the message names the problem and never contains the password. */
public class InvalidDatabaseUrlException extends IllegalArgumentException {
    public InvalidDatabaseUrlException(String problem) {
        super("DATABASE_URL is invalid: " + problem);
    }
}
