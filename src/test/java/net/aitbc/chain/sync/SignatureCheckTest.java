package net.aitbc.chain.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.List;
import net.aitbc.chain.consensus.CheckedSignatures;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.RuleFixture;
import org.junit.jupiter.api.Test;

/**
 * The parallel signature check that sync runs ahead of the sequential validation vouches for exactly the valid
 * signatures: a forged transaction, a block sealed by a key that is no authority and a block whose signature was
 * altered are all left to the validator (which then names the fault).
 */
class SignatureCheckTest {

    private final RuleFixture f = RuleFixture.create(1, 2, false);
    private final Ed25519.KeyPair authority = f.authorities.get(0);

    private SignedTx transfer(long amount) {
        return f.tx(f.accounts.get(0), TxType.TRANSFER, 1, Json.createObjectBuilder()
                .add("recipient", f.accounts.get(1).address()).add("amount", amount).build());
    }

    private BlockHeader seal(long height, Ed25519.KeyPair key) {
        return BlockHeader.seal(f.genesis.chainId(), height, "0x" + "00".repeat(32), 1_000 * height, 0,
                "0x" + "00".repeat(32), "0x" + "00".repeat(32), key);
    }

    @Test
    void onlyTheValidSignaturesAreVouchedFor() {
        SignedTx good = transfer(5);
        SignedTx genuine = transfer(6);
        SignedTx forged = new SignedTx(genuine.chainId(), genuine.type(), genuine.sender(), genuine.nonce(),
                genuine.fee(), genuine.payload(), genuine.publicKey(), Hashes.hex(Ed25519.generate().sign(
                genuine.signingBytes())), genuine.signingBytes(), genuine.hash(), genuine.canonicalPayload());
        BlockHeader sealed = seal(1, authority);
        BlockHeader byStranger = seal(2, Ed25519.generate());
        BlockHeader base = seal(3, authority);
        BlockHeader altered = new BlockHeader(base.chainId(), base.height(), base.parentHash(), base.proposer(),
                base.timestamp(), base.txCount(), base.txRoot(), base.stateRoot(), base.hash(),
                Hashes.hex(authority.sign(new byte[32])));
        List<IncomingBlock> branch = List.of(new IncomingBlock(sealed, List.of(good, forged)),
                new IncomingBlock(byStranger, List.of()), new IncomingBlock(altered, List.of()));

        CheckedSignatures checked = SignatureCheck.of(branch, f.genesis);

        assertEquals(1, checked.txs().size());
        assertTrue(checked.txs().contains(good));
        assertFalse(checked.txs().contains(forged));
        assertEquals(1, checked.headers().size());
        assertTrue(checked.headers().contains(sealed));
        assertFalse(checked.headers().contains(byStranger));
        assertFalse(checked.headers().contains(altered));
    }

    @Test
    void anEqualButSeparateCopyIsNotVouchedFor() {
        SignedTx tx = transfer(7);
        CheckedSignatures checked = SignatureCheck.of(List.of(new IncomingBlock(seal(1, authority), List.of(tx))),
                f.genesis);
        SignedTx copy = SignedTx.fromWire(tx.toWire());
        assertTrue(checked.txs().contains(tx));
        assertFalse(checked.txs().contains(copy), "by identity: only the objects the validator will be given");
    }
}
