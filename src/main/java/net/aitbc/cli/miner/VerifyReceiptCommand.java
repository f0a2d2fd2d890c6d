package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code aitbc verify receipt}: checks a job receipt offline, so that a miner (or anyone) can tell a receipt
 * the coordinator really signed from a forged or edited one without trusting any server.
 */
@Command(name = "receipt", mixinStandardHelpOptions = true, versionProvider = net.aitbc.cli.ToolVersion.class,
        description = {"Check a job receipt's Ed25519 signature (and that key_id is its public key's address).",
            "Accepts a bare receipt or an answer holding one under \"receipt\".",
            "Exit codes: 0 valid; 1 invalid, or the coordinator could not be asked; 2 the file could not be read."})
public final class VerifyReceiptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Receipt JSON file, or - for standard input.")
    String source;

    @Option(names = "--public-key", paramLabel = "HEX",
            description = "Also require the signer to be this Ed25519 public key (64 hex digits).")
    String publicKey;

    @Option(names = {"--coordinator", "--url"}, paramLabel = "URL",
            description = "Also require the signer to be this coordinator's receipt key "
                    + "(GET /v1/receipts/public-key).")
    URI coordinator;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String expectedKey = expectedKeyOption();
        String text;
        try {
            text = "-".equals(source) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: cannot read " + source + ": no such file");
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot read " + source + ": " + e);
            return 2;
        }
        JsonObject receipt = receiptIn(text);
        if (receipt == null) {
            out.println("invalid: not a JSON object");
            return 1;
        }
        SignedReceipt signed;
        try {
            signed = SignedReceipt.parse(receipt);
        } catch (RuntimeException e) {
            out.println("invalid: " + e.getMessage());
            return 1;
        }
        String signerKey = receipt.getJsonObject("signature").getString("public_key").toLowerCase(Locale.ROOT);
        if (expectedKey != null && !expectedKey.equals(signerKey)) {
            out.println("invalid: signed by " + signed.signer() + ", not by the given public key ("
                    + Address.of(Hashes.parseHex(expectedKey, 32)) + ")");
            return 1;
        }
        if (coordinator != null) {
            String coordinatorKey;
            try {
                JsonObject key = new CoordinatorApi(coordinator, null).receiptPublicKey();
                coordinatorKey = key.get("public_key") instanceof JsonString s ? s.getString().toLowerCase(Locale.ROOT)
                        : null;
            } catch (CoordinatorException e) {
                err.println("error: cannot fetch the coordinator's receipt key: " + e.getMessage());
                return 1;
            }
            if (coordinatorKey == null || Hashes.parseHex(coordinatorKey, 32) == null) {
                err.println("error: " + coordinator + " published no 64-hex public_key at /v1/receipts/public-key");
                return 1;
            }
            if (!coordinatorKey.equals(signerKey)) {
                out.println("invalid: signed by " + signed.signer() + ", not by " + coordinator + "'s receipt key ("
                        + Address.of(Hashes.parseHex(coordinatorKey, 32)) + ")");
                return 1;
            }
        }
        out.println("valid: receipt " + signed.receiptId() + " for job " + signed.jobId() + " signed by "
                + signed.signer());
        return 0;
    }

    private String expectedKeyOption() {
        if (publicKey == null) {
            return null;
        }
        String hex = publicKey.trim().toLowerCase(Locale.ROOT);
        if (Hashes.parseHex(hex, 32) == null) {
            throw new ParameterException(spec.commandLine(), "--public-key must be 64 hex digits");
        }
        return hex;
    }

    /** The receipt itself, or the one a result answer ({@code {status, receipt}}, {@code {result, receipt}}) holds. */
    private static JsonObject receiptIn(String text) {
        JsonObject o;
        try (var reader = JsonCodec.createReader(new StringReader(text))) {
            o = reader.read() instanceof JsonObject obj ? obj : null;
        } catch (RuntimeException e) {
            return null;
        }
        if (o != null && !o.containsKey("receipt_id") && o.get("receipt") instanceof JsonObject inner) {
            return inner;
        }
        return o;
    }
}
