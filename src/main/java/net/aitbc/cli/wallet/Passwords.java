package net.aitbc.cli.wallet;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.aitbc.cli.CliException;

/** The wallet password from a file, an environment variable or the terminal (see {@link WalletOptions}). */
public final class Passwords {

    static final String DEFAULT_ENV = "AITBC_WALLET_PASSWORD";
    /** Long enough that a guess at PBKDF2's 600,000 iterations per try is hopeless for a random one. */
    static final int MIN_NEW_LENGTH = 8;

    private final Path file;
    private final String env;

    Passwords(Path file, String env) {
        this.file = file;
        this.env = env;
    }

    /** The password of an existing wallet. */
    public char[] existing(String what) {
        return read(what, false);
    }

    /** A new password (asked twice at the terminal), at least {@value #MIN_NEW_LENGTH} characters. */
    public char[] fresh(String what) {
        char[] pw = read(what, true);
        if (pw.length < MIN_NEW_LENGTH) {
            Arrays.fill(pw, '\0');
            throw CliException.usage("a wallet password has at least " + MIN_NEW_LENGTH + " characters");
        }
        return pw;
    }

    private char[] read(String what, boolean confirm) {
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw CliException.usage("the password file " + file + " is empty");
                }
                return lines.get(0).toCharArray();
            } catch (IOException e) {
                throw CliException.usage("cannot read the password file " + file + ": " + e.getMessage());
            }
        }
        if (env != null) {
            String v = System.getenv(env);
            if (v == null || v.isEmpty()) {
                throw CliException.usage("the environment variable " + env + " (--password-env) is not set");
            }
            return v.toCharArray();
        }
        String v = System.getenv(DEFAULT_ENV);
        if (v != null && !v.isEmpty()) {
            return v.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw CliException.usage("no wallet password: give --password-file or --password-env, set "
                    + DEFAULT_ENV + ", or run in a terminal to be asked");
        }
        char[] pw = console.readPassword("Password for %s: ", what);
        if (pw == null) {
            throw CliException.usage("no password given");
        }
        if (confirm) {
            char[] again = console.readPassword("The same password again: ");
            if (again == null || !Arrays.equals(pw, again)) {
                throw CliException.usage("the two passwords differ");
            }
        }
        return pw;
    }
}
