package net.aitbc.chain.crypto;

import java.util.List;

/**
 * A block's {@code tx_root} (chain.md): leaves are the raw tx hashes in block order; each level pairs nodes
 * left to right as SHA-256(left ‖ right), an odd last node pairs with itself; one leaf is its own root; no
 * leaves give 32 zero bytes.
 */
public final class MerkleRoot {

    private MerkleRoot() {
    }

    public static String of(List<String> txHashes) {
        if (txHashes.isEmpty()) {
            return Hashes.ZERO;
        }
        byte[][] level = new byte[txHashes.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = Hashes.parseHash(txHashes.get(i));
            if (level[i] == null) {
                throw new IllegalArgumentException("not a tx hash: " + txHashes.get(i));
            }
        }
        int n = level.length;
        while (n > 1) {
            int next = (n + 1) / 2;
            for (int i = 0; i < next; i++) {
                byte[] left = level[2 * i];
                byte[] right = 2 * i + 1 < n ? level[2 * i + 1] : left;
                level[i] = Hashes.sha256(left, right);
            }
            n = next;
        }
        return Hashes.prefixed(level[0]);
    }
}
