package net.aitbc.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped systemd unit and the per-site environment files of the seed's topology (deploy/). The unit is checked
 * by {@code systemd-analyze verify} against a throw-away root holding this machine's system units, the unit and a
 * stand-in for Liberty's {@code bin/server} (verify insists the command exists); without systemd-analyze the check
 * is skipped (say so: install systemd, or run {@code systemd-analyze verify} by hand).
 */
class SystemdUnitTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final List<String> INSTANCES = List.of("site-a", "node2", "node3");

    @Test
    void theUnitVerifiesForEveryServerOfTheTopology(@TempDir Path root) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Path systemUnits = Path.of("/usr/lib/systemd/system");
        Assumptions.assumeTrue(Files.isExecutable(analyze) && Files.isDirectory(systemUnits),
                "systemd-analyze and the system's units are not installed here");
        copyTree(systemUnits, root.resolve("usr/lib/systemd/system"));
        Path units = Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(DEPLOY.resolve("systemd/aitbc@.service"), units.resolve("aitbc@.service"));
        Path server = Files.createDirectories(root.resolve("opt/aitbc/wlp/bin")).resolve("server");
        Files.writeString(server, "#!/bin/sh\n");
        assertTrue(server.toFile().setExecutable(true));
        for (String instance : INSTANCES) {
            Process p = new ProcessBuilder(analyze.toString(), "verify", "--root=" + root,
                    "/etc/systemd/system/aitbc@" + instance + ".service").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            // systemd ignores a directive it cannot parse with only a warning: any output is a defect of the unit
            assertEquals("", out.strip(), "systemd-analyze says of aitbc@" + instance + ": " + out);
        }
    }

    @Test
    void theUnitRunsLibertyInTheForegroundAndDoesNotRestartARefusedConfiguration() throws IOException {
        String unit = Files.readString(DEPLOY.resolve("systemd/aitbc@.service"));
        assertTrue(unit.contains("ExecStart=/opt/aitbc/wlp/bin/server run %i"), "one Liberty server per instance");
        assertTrue(unit.contains("RestartPreventExitStatus=78"), "exit 78 (EX_CONFIG) is final");
        assertTrue(unit.contains("EnvironmentFile=/etc/aitbc/%i.secrets.env"), "secrets outside the repo");
    }

    @Test
    void eachSiteNamesItsRolePortAndPeersAndKeepsItsSecretsApart() throws IOException {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("site-a", new String[] {"node,coordinator,exchange,web", "8000", "node1"});
        expected.put("node2", new String[] {"node", "8081", "node2"});
        expected.put("node3", new String[] {"node", "8082", "node3"});
        List<String> secretNames = List.of("JWT_SECRET", "SESSION_SECRET", "WALLET_ENCRYPTION_KEY",
                "RECEIPT_KEY_PASSWORD", "AITBC_KEYSTORE_PASSWORD", "CLIENT_API_KEYS", "MINER_API_KEYS",
                "ADMIN_API_KEYS", "DATABASE_URL");
        for (var e : expected.entrySet()) {
            Properties env = load(DEPLOY.resolve("env/" + e.getKey() + ".server.env"));
            assertEquals("production", env.getProperty("AITBC_MODE"), e.getKey());
            assertEquals(e.getValue()[0], env.getProperty("AITBC_ROLES"), e.getKey());
            assertEquals(e.getValue()[1], env.getProperty("AITBC_HTTP_PORT"), e.getKey());
            assertEquals(e.getValue()[2], env.getProperty("AITBC_NODE_ID"), e.getKey());
            assertFalse(env.getProperty("AITBC_PEERS", "").isBlank(), e.getKey() + " syncs with a peer");
            for (String secret : secretNames) {
                assertFalse(env.containsKey(secret), secret + " belongs in the secrets file, not " + e.getKey());
            }
            Properties secrets = load(DEPLOY.resolve("env/" + e.getKey() + ".secrets.env"));
            assertTrue(secrets.containsKey("ADMIN_API_KEYS") && secrets.containsKey("DATABASE_URL"), e.getKey());
            secrets.forEach((k, v) -> assertTrue(v.toString().isEmpty() || v.toString().contains("CHANGE_ME"),
                    "no real secret in the repo: " + e.getKey() + " " + k));
        }
        Properties siteA = load(DEPLOY.resolve("env/site-a.secrets.env"));
        for (String secret : secretNames) {
            assertTrue(siteA.containsKey(secret), "site A runs every role and needs " + secret);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
