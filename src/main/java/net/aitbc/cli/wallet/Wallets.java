package net.aitbc.cli.wallet;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.cli.CliException;
import net.aitbc.platform.security.EncryptedKeyFile;

/**
 * The wallets of one directory: {@code NAME.json} each, in the node keystore's encrypted format
 * ({@link EncryptedKeyFile}: AES-256-GCM under PBKDF2-HMAC-SHA256, 600,000 iterations), with the address and public
 * key readable without the password. The browser wallet reads and writes the same files.
 */
public final class Wallets {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;

    /** What anyone may read of a wallet. */
    public record Entry(String name, Path file, String address, String publicKey) {
    }

    public Wallets(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage("a wallet name is 1 to 64 letters, digits, '.', '_' or '-', not \"" + name + "\"");
        }
        return name;
    }

    public Path file(String name) {
        return dir.resolve(checkName(name) + ".json");
    }

    public Entry create(String name, Ed25519.KeyPair key, char[] password) {
        Path file = file(name);
        if (Files.exists(file)) {
            throw new CliException("a wallet named " + name + " exists already (" + file + ")");
        }
        Map<String, String> publicPart = new LinkedHashMap<>();
        publicPart.put("address", key.address());
        publicPart.put("public_key", key.publicKeyHex());
        publicPart.put("purpose", "wallet");
        try {
            EncryptedKeyFile.write(file, key.seed(), password, publicPart);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
        return new Entry(name, file, key.address(), key.publicKeyHex());
    }

    public Entry info(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            throw CliException.usage("no wallet named " + name + " in " + dir + " (create one: aitbc wallet create -w "
                    + name + ")");
        }
        return entry(name, file);
    }

    /** The key, decrypted: a wrong password or an altered file is a reported error. */
    public Ed25519.KeyPair unlock(String name, char[] password) {
        return decrypt(info(name), password);
    }

    /** Checks that {@code source} is a key file that opens with {@code password}, then keeps a copy as NAME. */
    public Entry importFile(String name, Path source, char[] password) {
        Path file = file(name);
        if (Files.exists(file)) {
            throw new CliException("a wallet named " + name + " exists already (" + file + ")");
        }
        Entry imported = entry(name, source);
        decrypt(imported, password);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".import", ".tmp");
            Files.copy(source, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
        return new Entry(name, file, imported.address(), imported.publicKey());
    }

    public List<Entry> list() {
        List<Entry> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String n = f.getFileName().toString().replaceFirst("\\.json$", "");
                try {
                    all.add(entry(n, f));
                } catch (CliException unreadable) {
                    all.add(new Entry(n, f, "(unreadable: " + unreadable.getMessage() + ")", null));
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot list " + dir + ": " + e.getMessage());
        }
        all.sort(java.util.Comparator.comparing(Entry::name));
        return all;
    }

    private static Entry entry(String name, Path file) {
        JsonObject info;
        try {
            info = EncryptedKeyFile.publicInfo(file);
        } catch (IOException | RuntimeException e) {
            throw new CliException(file + " is not a wallet key file (" + e.getMessage() + ")");
        }
        if (info == null || !(info.get("address") instanceof jakarta.json.JsonString a)) {
            throw new CliException(file + " is not a wallet key file: it names no address");
        }
        return new Entry(name, file, a.getString(), info.getString("public_key", null));
    }

    private static Ed25519.KeyPair decrypt(Entry e, char[] password) {
        byte[] seed;
        try {
            seed = EncryptedKeyFile.read(e.file(), password);
        } catch (IOException | RuntimeException x) {
            String m = x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage();
            throw new CliException(m.startsWith("wrong password") ? "wrong password for wallet " + e.name()
                    + " (or its file was altered)" : "cannot open wallet " + e.name() + ": " + m);
        }
        if (seed.length != 32) {
            throw new CliException("wallet " + e.name() + " holds no Ed25519 key (" + seed.length + " bytes)");
        }
        Ed25519.KeyPair key = Ed25519.KeyPair.fromSeed(seed);
        if (!key.address().equals(e.address())) {
            throw new CliException("wallet " + e.name() + " is inconsistent: its key is " + key.address()
                    + ", its file says " + e.address());
        }
        return key;
    }
}
