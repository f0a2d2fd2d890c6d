package net.aitbc.exchange;

/**
 * The exchange's solvency at one block height: the hot wallet's balance on chain against what it owes, every
 * account's AITBC (available and reserved) and the withdrawals debited but not yet in a block.
 */
public record Solvency(String hotWallet, long chainBalance, long accountsAvailable, long accountsReserved,
                       long pendingWithdrawals, long height, long computedAt) {

    public long required() {
        return accountsAvailable + accountsReserved + pendingWithdrawals;
    }

    public long surplus() {
        return chainBalance - required();
    }

    public boolean solvent() {
        return surplus() >= 0;
    }
}
