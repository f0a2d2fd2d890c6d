package net.aitbc.chain.consensus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.RuleFixture;
import org.junit.jupiter.api.Test;

/** The proof-of-authority schedule: in turn by height, out of turn only after the proposer timeout (6 s here). */
class ProposerScheduleTest {

    private final RuleFixture f = RuleFixture.create(3, 0, false);

    @Test
    void theInTurnAuthorityForHeightHIsAuthoritiesHModN() {
        for (long h = 1; h <= 9; h++) {
            for (int i = 0; i < 3; i++) {
                assertTrue(ProposerSchedule.isInTurn(f.genesis, f.authorities.get(i).address(), h) == (h % 3 == i),
                        "height " + h + " authority " + i);
            }
        }
    }

    @Test
    void inTurnMayProposeAtOnceOthersOnlyAfterTheTimeout() {
        String inTurn = f.authorities.get(1).address();
        String other = f.authorities.get(2).address();
        assertNull(ProposerSchedule.refusal(f.genesis, inTurn, 4, 1000, 1001));
        assertNotNull(ProposerSchedule.refusal(f.genesis, other, 4, 1000, 1000 + 5_999));
        assertNull(ProposerSchedule.refusal(f.genesis, other, 4, 1000, 1000 + 6_000));
    }

    @Test
    void aNonAuthorityNeverProposes() {
        String refusal = ProposerSchedule.refusal(f.genesis, Ed25519.generate().address(), 3, 0, 1_000_000);
        assertNotNull(refusal);
        assertTrue(refusal.contains("not an authority"), refusal);
        assertFalse(ProposerSchedule.isInTurn(f.genesis, Ed25519.generate().address(), 3));
    }
}
