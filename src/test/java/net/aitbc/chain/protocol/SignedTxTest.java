package net.aitbc.chain.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.Random;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * The signing bytes are made from the payload's canonical form spliced into the library's canonical envelope;
 * they must be byte for byte what the library makes of the whole object, whatever the strings hold.
 */
class SignedTxTest {

    private static final String[] NASTY = {"", "plain", "quote \" inside", ",\"sender\":\"x\"", "back\\slash",
        "tab\tnew\nline", "ünïcödé €", "emoji \uD83D\uDE80", "\u0001 control", "</script>", "{\"payload\":1}"};

    private static JsonObject whole(String chainId, TxType type, String sender, long nonce, long fee, JsonObject payload) {
        return JsonCodec.createObjectBuilder().add("chain_id", chainId).add("type", type.name()).add("sender", sender)
                .add("nonce", nonce).add("fee", fee).add("payload", payload).build();
    }

    @Test
    void splicedSigningBytesEqualTheLibrarysCanonicalFormOfTheWhole() {
        Random random = new Random(5);
        String sender = Ed25519.generate().address();
        for (int i = 0; i < 500; i++) {
            String text = NASTY[random.nextInt(NASTY.length)] + random.nextInt(1000);
            JsonObject payload = JsonCodec.createObjectBuilder().add("recipient", sender).add("amount", random.nextInt(1 << 30))
                    .add("memo", text).add("zz", JsonCodec.createObjectBuilder().add(text, random.nextDouble() < 0.5 ? 1 : 2.5)
                            .add("list", JsonCodec.createArrayBuilder().add(text).add(random.nextLong() >>> 12)))
                    .add("", text).build();
            String chainId = "ait-" + NASTY[random.nextInt(NASTY.length)];
            TxType type = TxType.values()[random.nextInt(TxType.values().length)];
            long nonce = random.nextInt(1_000_000);
            long fee = random.nextInt(1000);
            assertArrayEquals(CanonicalJson.bytes(whole(chainId, type, sender, nonce, fee, payload)),
                    SignedTx.signingBytes(chainId, type, sender, nonce, fee, payload), "case " + i + ": " + payload);
        }
    }

    @Test
    void aStoredTransactionRecomputesTheSameSigningBytes() {
        Ed25519.KeyPair key = Ed25519.generate();
        JsonObject payload = JsonCodec.createObjectBuilder().add("recipient", key.address()).add("amount", 5).build();
        SignedTx signed = SignedTx.sign("ait-test", TxType.TRANSFER, 3, 1, payload, key);
        SignedTx stored = SignedTx.stored("ait-test", TxType.TRANSFER, signed.sender(), 3, 1, payload,
                signed.canonicalPayload(), signed.publicKey(), signed.sig(), signed.hash());
        assertArrayEquals(signed.signingBytes(), stored.signingBytes());
        assertEquals(signed.size(), stored.size());
        stored.checkSignature();
    }
}
