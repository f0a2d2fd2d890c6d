package net.aitbc.coordinator.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.aitbc.chain.protocol.EscrowPayload.Payout;
import org.junit.jupiter.api.Test;

/** The split of a settled escrow always adds up to the lock; money is never made or lost. */
class PayoutSplitTest {

    private static final String MINER = "ait1" + "11".repeat(20);
    private static final String COORD = "ait1" + "22".repeat(20);
    private static final String PAYER = "ait1" + "33".repeat(20);

    @Test
    void aCompletedJobPaysMinerCoordinatorAndChange() {
        assertEquals(List.of(new Payout(MINER, 34), new Payout(COORD, 1), new Payout(PAYER, 965)),
                PayoutSplit.of(1000, 35, 1, MINER, COORD, PAYER));
    }

    @Test
    void thePriceIsCappedAtTheLockAndZeroesAreLeftOut() {
        assertEquals(List.of(new Payout(MINER, 95), new Payout(COORD, 5)), PayoutSplit.of(100, 5000, 5, MINER, COORD, PAYER));
        assertEquals(List.of(new Payout(MINER, 10)), PayoutSplit.of(10, 10, 0, MINER, COORD, PAYER));
    }

    @Test
    void aRefundIsEverythingToThePayer() {
        assertEquals(List.of(new Payout(PAYER, 500)), PayoutSplit.of(500, 0, 0, null, COORD, PAYER));
    }

    @Test
    void sumsAlwaysEqualTheLock() {
        for (long locked = 1; locked < 200; locked += 7) {
            for (long price = 0; price < 250; price += 13) {
                long share = price * 5 / 100;
                long total = PayoutSplit.of(locked, price, share, MINER, COORD, PAYER).stream()
                        .mapToLong(Payout::amount).sum();
                assertEquals(locked, total, locked + "/" + price);
            }
        }
    }

    @Test
    void aRecipientNamedTwiceGetsOnePayout() {
        // a client that mines its own job: its price less the share and its change in one payout
        assertEquals(List.of(new Payout(PAYER, 98), new Payout(COORD, 2)), PayoutSplit.of(100, 40, 2, PAYER, COORD, PAYER));
    }
}
