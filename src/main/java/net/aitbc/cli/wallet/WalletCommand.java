package net.aitbc.cli.wallet;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.cli.ToolVersion;
import net.aitbc.cli.CliException;
import net.aitbc.cli.GlobalOptions;
import net.aitbc.cli.Output;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aitbc wallet}: keys in encrypted files (create, import, export, list, address). */
@Command(name = "wallet", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Keys in encrypted files: create, import, export, list, address.",
        subcommands = {WalletCommand.Create.class, WalletCommand.Import.class, WalletCommand.Export.class,
            WalletCommand.ListWallets.class, WalletCommand.ShowAddress.class})
public final class WalletCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing wallet command: create, import, export, list or address");
    }

    static JsonObject json(Wallets.Entry e) {
        return JsonCodec.createObjectBuilder().add("name", e.name()).add("address", e.address())
                .add("public_key", e.publicKey() == null ? "" : e.publicKey()).add("file", e.file().toString()).build();
    }

    /** Common to the wallet commands. */
    abstract static class Base implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        GlobalOptions global;
        @Mixin
        WalletOptions wallet;

        Output out() {
            return new Output(spec, global.format());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a new key in an encrypted file.")
    static final class Create extends Base {
        @Override
        public void run() {
            String name = wallet.name(global);
            Wallets wallets = wallet.wallets(global);
            if (Files.exists(wallets.file(name))) {
                throw new CliException("a wallet named " + name + " exists already (" + wallets.file(name) + ")");
            }
            char[] pw = wallet.passwords().fresh("the new wallet " + name);
            try {
                Wallets.Entry e = wallets.create(name, Ed25519.generate(), pw);
                out().message("created wallet " + name + ": " + e.address() + " (" + e.file() + ")", json(e));
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a key: an encrypted key file (the browser wallet's or another machine's export), "
                    + "checked with its password; or a raw 32-byte seed in hex, encrypted under a new password."})
    static final class Import extends Base {
        @ArgGroup(multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--key-file", paramLabel = "FILE", description = "An encrypted key file.")
            Path keyFile;
            @Option(names = "--seed-file", paramLabel = "FILE",
                    description = "A file (or - for standard input) holding the 64-hex-digit seed.")
            String seedFile;
        }

        @Override
        public void run() {
            String name = wallet.name(global);
            Wallets wallets = wallet.wallets(global);
            Wallets.Entry e;
            if (source.keyFile != null) {
                if (!Files.isRegularFile(source.keyFile)) {
                    throw CliException.usage("no key file " + source.keyFile);
                }
                char[] pw = wallet.passwords().existing("the key file " + source.keyFile);
                try {
                    e = wallets.importFile(name, source.keyFile, pw);
                } finally {
                    Arrays.fill(pw, '\0');
                }
            } else {
                byte[] seed = seed(source.seedFile);
                char[] pw = wallet.passwords().fresh("the imported wallet " + name);
                try {
                    e = wallets.create(name, Ed25519.KeyPair.fromSeed(seed), pw);
                } finally {
                    Arrays.fill(pw, '\0');
                    Arrays.fill(seed, (byte) 0);
                }
            }
            out().message("imported wallet " + name + ": " + e.address() + " (" + e.file() + ")", json(e));
        }

        private static byte[] seed(String from) {
            String text;
            try {
                text = "-".equals(from) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(from), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.usage("cannot read the seed from " + from + ": " + e.getMessage());
            }
            String hex = text.strip().replaceFirst("^0x", "");
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw CliException.usage("a seed is 64 hex digits (32 bytes)");
            }
            return HexFormat.of().parseHex(hex);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the wallet's encrypted key file (for the browser wallet or another machine). The "
                    + "password stays the same; nothing is decrypted.")
    static final class Export extends Base {
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (refuses to overwrite) instead of "
                + "standard output.")
        Path target;

        @Override
        public void run() {
            String name = wallet.name(global);
            Wallets.Entry e = wallet.wallets(global).info(name);
            String text;
            try {
                text = Files.readString(e.file(), StandardCharsets.UTF_8);
                if (target == null) {
                    spec.commandLine().getOut().println(text);
                    spec.commandLine().getOut().flush();
                    return;
                }
                if (Files.exists(target)) {
                    throw new CliException("refusing to overwrite " + target);
                }
                Files.writeString(target, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (IOException x) {
                throw new CliException("cannot export wallet " + name + ": " + x.getMessage());
            }
            out().message("exported wallet " + name + " (" + e.address() + ") to " + target,
                    JsonCodec.createObjectBuilder(json(e)).add("exported_to", target.toString()).build());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The wallets and their addresses.")
    static final class ListWallets extends Base {
        @Override
        public void run() {
            Wallets wallets = wallet.wallets(global);
            JsonArrayBuilder items = JsonCodec.createArrayBuilder();
            wallets.list().forEach(e -> items.add(json(e)));
            JsonObject all = JsonCodec.createObjectBuilder().add("wallet_dir", wallets.dir().toString())
                    .add("wallets", items).build();
            out().table(all, all.getJsonArray("wallets"), List.of("name", "address"),
                    "no wallets in " + wallets.dir() + " (create one: aitbc wallet create)");
        }
    }

    @Command(name = "address", mixinStandardHelpOptions = true, description = "The wallet's address.")
    static final class ShowAddress extends Base {
        @Override
        public void run() {
            Wallets.Entry e = wallet.wallets(global).info(wallet.name(global));
            out().message(e.address(), json(e));
        }
    }
}
