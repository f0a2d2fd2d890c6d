package net.aitbc.chain.protocol;

import java.util.Optional;

/**
 * Transaction types (chain.md). {@code MINT} is the devnet faucet: only an authority may send it, only on a
 * chain whose genesis enables the faucet, and it creates {@code amount} for {@code recipient}. The escrow types
 * lock a payer's money for an arbiter to pay out, or for the payer to take back after the expiry height.
 */
public enum TxType {
    TRANSFER, RECEIPT_CLAIM, MINT, ESCROW_LOCK, ESCROW_SETTLE, ESCROW_RECLAIM;

    /** The names, for messages that list them. */
    public static String known() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Enum::name).toList());
    }

    /** Settle and reclaim close an existing escrow. */
    public boolean closesEscrow() {
        return this == ESCROW_SETTLE || this == ESCROW_RECLAIM;
    }

    public static Optional<TxType> parse(String name) {
        try {
            return Optional.of(valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
