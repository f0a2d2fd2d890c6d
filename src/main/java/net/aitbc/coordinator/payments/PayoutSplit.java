package net.aitbc.coordinator.payments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.aitbc.chain.protocol.EscrowPayload.Payout;

/**
 * How a settled escrow is split (coordinator.md, Payments): the miner's wallet gets the price less the
 * coordinator's share, the coordinator its share, the payer the rest of the locked amount; the price is capped at
 * the lock. Zero amounts are left out and a recipient named twice gets one payout; the payouts always add up to
 * exactly the locked amount, as the chain requires. A price of 0 is a full refund.
 */
public final class PayoutSplit {

    private PayoutSplit() {
    }

    public static List<Payout> of(long locked, long price, long coordinatorShare, String minerWallet,
                                  String coordinator, String payer) {
        long paid = Math.min(Math.max(0, price), locked);
        long share = Math.min(Math.max(0, coordinatorShare), paid);
        Map<String, Long> to = new LinkedHashMap<>();
        if (paid > 0) {
            to.merge(minerWallet, paid - share, Long::sum);
            to.merge(coordinator, share, Long::sum);
        }
        to.merge(payer, locked - paid, Long::sum);
        List<Payout> payouts = new ArrayList<>();
        to.forEach((recipient, amount) -> {
            if (amount > 0) {
                payouts.add(new Payout(recipient, amount));
            }
        });
        return payouts;
    }
}
