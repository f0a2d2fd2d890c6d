package net.aitbc.chain.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The chain-client jar the build makes works on its own: loaded with only its third-party libraries (JSON-P,
 * Bouncy Castle, the JCS library) and none of the server's classes, every class in it links, a key signs a
 * transaction that verifies, and the client reports an unreachable node as such.
 */
class ChainClientJarIT {

    private static final Path JAR = Path.of("target/aitbc-chain-client.jar");
    private static final List<String> LIBRARIES = List.of("parsson", "jakarta.json-api", "bcprov",
            "java-json-canonicalization");

    @Test
    void theJarStandsAloneWithItsLibraries() throws Exception {
        assertTrue(Files.exists(JAR), "the build makes " + JAR);
        List<URL> urls = new ArrayList<>();
        urls.add(JAR.toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (LIBRARIES.stream().anyMatch(name::startsWith)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertEquals(LIBRARIES.size() + 1, urls.size(), "found the libraries: " + urls);
        List<String> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.contains("module-info"))
                    .forEach(n -> classes.add(n.replace('/', '.').substring(0, n.length() - 6)));
        }
        assertTrue(classes.stream().noneMatch(c -> c.contains(".ledger.") || c.contains(".rpc.")
                || c.contains(".mempool.")), "no server classes in the jar: " + classes);

        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // JSON-P finds its provider through the context class loader: the jar's, not the test's
            Thread.currentThread().setContextClassLoader(loader);
            for (String c : classes) {
                Class.forName(c, true, loader); // links and initialises: a missing class fails here
            }
            Class<?> ed25519 = loader.loadClass("net.aitbc.chain.crypto.Ed25519");
            Class<?> keyPair = loader.loadClass("net.aitbc.chain.crypto.Ed25519$KeyPair");
            Object key = ed25519.getMethod("generate").invoke(null);
            Class<?> signing = loader.loadClass("net.aitbc.chain.client.SigningAccount");
            Object chain = loader.loadClass("net.aitbc.chain.client.ChainClient").getConstructor(String.class)
                    .newInstance("http://127.0.0.1:1");
            try {
                // an account asks the node for the chain id and its next nonce
                signing.getMethod("remote", chain.getClass(), keyPair).invoke(null, chain, key);
                throw new AssertionError("a node at port 1 answered");
            } catch (InvocationTargetException e) {
                assertTrue(e.getCause() instanceof java.io.UncheckedIOException, "unreachable node reported: "
                        + e.getCause());
                assertTrue(e.getCause().getMessage().contains("unreachable"), e.getCause().getMessage());
            }
            Class<?> signedTx = loader.loadClass("net.aitbc.chain.protocol.SignedTx");
            Class<?> txType = loader.loadClass("net.aitbc.chain.protocol.TxType");
            Object transfer = Arrays.stream(txType.getEnumConstants()).filter(t -> t.toString().equals("TRANSFER"))
                    .findFirst().orElseThrow();
            Class<?> json = loader.loadClass("jakarta.json.Json");
            Object builder = json.getMethod("createObjectBuilder").invoke(null);
            Class<?> builderType = loader.loadClass("jakarta.json.JsonObjectBuilder"); // the impl class is not public
            builderType.getMethod("add", String.class, String.class).invoke(builder, "recipient",
                    "ait1" + "0".repeat(40));
            builderType.getMethod("add", String.class, long.class).invoke(builder, "amount", 5L);
            Object payload = builderType.getMethod("build").invoke(builder);
            Object tx = signedTx.getMethod("sign", String.class, txType, long.class, long.class,
                    loader.loadClass("jakarta.json.JsonObject"), keyPair)
                    .invoke(null, "ait-devnet", transfer, 0L, 1L, payload, key);
            signedTx.getMethod("checkSignature").invoke(tx);
            assertTrue(((String) signedTx.getMethod("hash").invoke(tx)).startsWith("0x"));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
