package net.aitbc.chain.protocol;

import java.util.Optional;

/**
 * Transaction types (chain.md). {@code MINT} is the devnet faucet: only an authority may send it, only on a
 * chain whose genesis enables the faucet, and it creates {@code amount} for {@code recipient}.
 */
public enum TxType {
    TRANSFER, RECEIPT_CLAIM, MINT;

    public static Optional<TxType> parse(String name) {
        try {
            return Optional.of(valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
