package net.aitbc.chain.consensus;

import net.aitbc.chain.protocol.Genesis;

/**
 * Who may propose a block: the in-turn authority for height h is authorities[h mod n]; any other authority only
 * after the chain has been silent for the genesis's proposer timeout (block timestamp at least that long after
 * its parent's). A pure rule of the block's own data, so every node decides alike.
 */
public final class ProposerSchedule {

    private ProposerSchedule() {
    }

    public static boolean isInTurn(Genesis genesis, String proposer, long height) {
        return genesis.inTurn(height).address().equals(proposer);
    }

    /** Null when the proposer may make this block, else why not. */
    public static String refusal(Genesis genesis, String proposer, long height, long parentTime, long blockTime) {
        if (genesis.authority(proposer).isEmpty()) {
            return "proposer " + proposer + " is not an authority";
        }
        if (isInTurn(genesis, proposer, height)) {
            return null;
        }
        long silence = blockTime - parentTime;
        long timeout = genesis.params().proposerTimeoutSeconds() * 1000L;
        return silence >= timeout ? null : "proposer " + proposer + " is out of turn at height " + height
                + " (in turn: " + genesis.inTurn(height).id() + ") and the chain was silent only " + silence + " ms";
    }
}
