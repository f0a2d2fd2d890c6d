package net.aitbc.coordinator.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.platform.error.ApiException;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/** The published receipt vectors match the code, and check out by independent routes. */
class ReceiptVectorsTest {

    private static JsonObject published() throws IOException {
        try (var r = Json.createReader(Files.newBufferedReader(ReceiptVectors.FILE))) {
            return r.readObject();
        }
    }

    @Test
    void publishedFileMatchesTheCode() throws IOException {
        assertEquals(ReceiptVectors.generate(), published(),
                "docs/test-vectors/receipt-v1.json is stale: a receipt rule changed (run ReceiptVectors.main)");
    }

    @Test
    void theSignatureVerifiesWithBouncyCastleOverTheGivenBytes() throws Exception {
        JsonObject v = published();
        JsonObject sig = v.getJsonObject("receipt").getJsonObject("signature");
        byte[] bytes = v.getString("signing_bytes_utf8").getBytes(StandardCharsets.UTF_8);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(HexFormat.of().parseHex(sig.getString("public_key"))));
        verifier.update(bytes, 0, bytes.length);
        assertTrue(verifier.verifySignature(HexFormat.of().parseHex(sig.getString("sig"))));
        assertFalse(v.getString("signing_bytes_utf8").contains("\"signature\""), "signed without its signature");
        assertTrue(v.getString("signing_bytes_utf8").startsWith("{\"client\":"), "JCS sorts the members");
    }

    @Test
    void theHashesBindThePromptAndTheResult() throws Exception {
        JsonObject v = published();
        JsonObject meta = v.getJsonObject("receipt").getJsonObject("metadata");
        byte[] payload = v.getString("payload_canonical_utf8").getBytes(StandardCharsets.UTF_8);
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)),
                meta.getString("prompt_hash"));
        assertEquals("llama3.2:latest", meta.getString("model"));
        assertEquals(298, meta.getInt("eval_count"));
        assertEquals(42, meta.getJsonObject("options").getInt("seed"));
        JsonObject r = v.getJsonObject("receipt");
        assertEquals(r.getInt("units") * r.getInt("unit_price"), r.getInt("price"));
    }

    @Test
    void anyChangeBreaksTheSignature() throws IOException {
        JsonObject receipt = published().getJsonObject("receipt");
        SignedReceipt.parse(receipt);
        JsonObject tampered = Json.createObjectBuilder(receipt).add("price", 600).build();
        assertThrows(ApiException.class, () -> SignedReceipt.parse(tampered));
    }
}
