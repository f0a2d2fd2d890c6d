package net.aitbc.platform.security;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A private key at rest (operations.md): AES-256-GCM under a key derived with PBKDF2-HMAC-SHA256
 * (600 000 iterations) from a password, as a small JSON file. Public facts (address, public key) may sit beside
 * the ciphertext, authenticated as associated data. A wrong password is a clear error; nothing is overwritten.
 */
public final class EncryptedKeyFile {

    public static final int ITERATIONS = 600_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptedKeyFile() {
    }

    /** Writes a new key file; refuses to replace an existing one. */
    public static void write(Path file, byte[] secret, char[] password, Map<String, String> publicInfo)
            throws IOException {
        if (Files.exists(file)) {
            throw new IOException("refusing to overwrite the key file " + file);
        }
        byte[] salt = random(16);
        byte[] iv = random(12);
        JsonObjectBuilder info = Json.createObjectBuilder();
        publicInfo.forEach(info::add);
        JsonObject publicPart = info.build();
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, secret, password, salt, iv, publicPart);
        JsonObject json = Json.createObjectBuilder()
                .add("version", 1).add("kdf", "PBKDF2-HMAC-SHA256").add("iterations", ITERATIONS)
                .add("salt", HEX.formatHex(salt)).add("cipher", "AES-256-GCM").add("iv", HEX.formatHex(iv))
                .add("ciphertext", HEX.formatHex(ciphertext)).add("public", publicPart).build();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp");
        Files.writeString(tmp, json.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The decrypted secret. */
    public static byte[] read(Path file, char[] password) throws IOException {
        JsonObject json;
        try (var reader = Json.createReader(new StringReader(Files.readString(file)))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw new IOException("key file " + file + " is not a valid key file", e);
        }
        if (json.getInt("version", 0) != 1 || json.getInt("iterations", 0) < ITERATIONS) {
            throw new IOException("key file " + file + " has an unsupported format");
        }
        return crypt(Cipher.DECRYPT_MODE, HEX.parseHex(json.getString("ciphertext")), password,
                HEX.parseHex(json.getString("salt")), HEX.parseHex(json.getString("iv")),
                json.getJsonObject("public"), file, json.getInt("iterations"));
    }

    private static byte[] crypt(int mode, byte[] input, char[] password, byte[] salt, byte[] iv, JsonObject aad)
            throws IOException {
        return crypt(mode, input, password, salt, iv, aad, null, ITERATIONS);
    }

    private static byte[] crypt(int mode, byte[] input, char[] password, byte[] salt, byte[] iv, JsonObject aad,
                                Path file, int iterations) throws IOException {
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad.toString().getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IOException("wrong password for key file " + file + " (or the file was altered)");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt") + " key file", e);
        }
    }

    public static JsonObject publicInfo(Path file) throws IOException {
        try (var reader = Json.createReader(new StringReader(Files.readString(file)))) {
            return reader.readObject().getJsonObject("public");
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
