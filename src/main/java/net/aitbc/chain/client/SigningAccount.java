package net.aitbc.chain.client;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;

/**
 * A key that sends transactions on its own behalf (the faucet, the coordinator's receipts and settlements, the
 * exchange's hot wallet, a wallet tool): signs each transaction with the account's next nonce and sends it.
 * Sends are serialised, so concurrent callers never sign the same nonce; the nonce is taken from the chain once
 * and then counted here, and taken from the chain again when the chain says it is wrong (another holder of the
 * key sent, or a pending transaction was dropped).
 */
public final class SigningAccount {

    private final Ed25519.KeyPair key;
    private final String chainId;
    private final ToLongFunction<String> nextNonceOnChain;
    private final Function<SignedTx, String> sender;
    private final Function<List<SignedTx>, List<? extends RuntimeException>> batchSender;
    private long nextNonce = -1;

    /**
     * @param nextNonceOnChain the chain's next nonce for an address (applied plus pending transactions)
     * @param sender           submits a signed transaction and returns its tx_hash, or throws the chain's refusal
     */
    public SigningAccount(Ed25519.KeyPair key, String chainId, ToLongFunction<String> nextNonceOnChain,
                          Function<SignedTx, String> sender) {
        this(key, chainId, nextNonceOnChain, sender, null);
    }

    /**
     * @param batchSender submits transactions of this account in nonce order in one call and returns, for each,
     *                    null when admitted or the refusal; null: {@link #sendAll} sends one at a time
     */
    public SigningAccount(Ed25519.KeyPair key, String chainId, ToLongFunction<String> nextNonceOnChain,
                          Function<SignedTx, String> sender,
                          Function<List<SignedTx>, List<? extends RuntimeException>> batchSender) {
        this.key = key;
        this.chainId = chainId;
        this.nextNonceOnChain = nextNonceOnChain;
        this.sender = sender;
        this.batchSender = batchSender;
    }

    /** An account that talks to a node over its RPC (batches through {@code /rpc/sendTxs}). */
    public static SigningAccount remote(ChainClient client, Ed25519.KeyPair key) {
        return new SigningAccount(key, client.chainId(), a -> client.balance(a).nextNonce(), client::send,
                txs -> client.sendAll(txs).stream().map(ChainClient.Sent::refused).toList());
    }

    private static final int MAX_RESYNCS = 3;

    /** A transaction to sign and send as part of {@link #sendAll}. */
    public record Op(TxType type, JsonObject payload) {
    }

    /** What became of an {@link Op}: sent as {@code tx}, refused (with the chain's reason) when refused is set. */
    public record Outcome(Op op, SignedTx tx, RuntimeException refused) {
    }

    /**
     * Signs and sends several transactions with consecutive nonces, in one request per round. A refused one uses
     * no nonce: the ones after it are signed again with the nonces that are now next and sent in the next round,
     * so each round settles at least one operation. A wrong nonce anywhere in the batch (another process used the
     * account, or the node dropped one of its pending transactions) re-reads the nonce from the chain and signs that
     * one and the rest again, up to {@value #MAX_RESYNCS} times per call.
     */
    public synchronized List<Outcome> sendAll(List<Op> ops, long fee) {
        Outcome[] outcomes = new Outcome[ops.size()];
        if (batchSender == null) {
            for (int i = 0; i < ops.size(); i++) {
                try {
                    outcomes[i] = new Outcome(ops.get(i), send(ops.get(i).type(), fee, ops.get(i).payload()), null);
                } catch (RuntimeException e) {
                    outcomes[i] = new Outcome(ops.get(i), null, e);
                }
            }
            return List.of(outcomes);
        }
        List<Integer> remaining = new java.util.ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            remaining.add(i);
        }
        int resyncs = 0;
        while (!remaining.isEmpty()) {
            if (nextNonce < 0) {
                nextNonce = nextNonceOnChain.applyAsLong(key.address());
            }
            List<SignedTx> signed = new java.util.ArrayList<>(remaining.size());
            for (int j = 0; j < remaining.size(); j++) {
                Op op = ops.get(remaining.get(j));
                signed.add(SignedTx.sign(chainId, op.type(), nextNonce + j, fee, op.payload(), key));
            }
            List<? extends RuntimeException> refused = batchSender.apply(signed);
            List<Integer> again = new java.util.ArrayList<>();
            boolean gap = false;
            for (int j = 0; j < remaining.size(); j++) {
                int i = remaining.get(j);
                if (refused.get(j) == null) {
                    // admitted, even behind a refused one (its nonce happened to be free): never send it twice
                    outcomes[i] = new Outcome(ops.get(i), signed.get(j), null);
                    nextNonce = signed.get(j).nonce() + 1;
                } else if (gap) {
                    again.add(i); // judged behind a refused one: sign again with the next free nonce
                } else if (resyncs < MAX_RESYNCS && isBadNonce(refused.get(j))) {
                    // another process used the account (or the node dropped a pending one): read it again
                    resyncs++;
                    nextNonce = -1;
                    gap = true;
                    again.add(i);
                } else {
                    outcomes[i] = new Outcome(ops.get(i), null, refused.get(j));
                    gap = true;
                }
            }
            remaining = again;
        }
        return List.of(outcomes);
    }

    public String address() {
        return key.address();
    }

    public Ed25519.KeyPair key() {
        return key;
    }

    /**
     * Signs {@code type/payload} with the next nonce and sends it; returns what was sent (its hash is the
     * tx_hash the chain acknowledged). A refusal for a wrong
     * nonce re-reads the nonce from the chain and tries once more; any other refusal is thrown unchanged and uses
     * up no nonce.
     */
    public synchronized SignedTx send(TxType type, long fee, JsonObject payload) {
        if (nextNonce < 0) {
            nextNonce = nextNonceOnChain.applyAsLong(key.address());
        }
        try {
            return sendWith(nextNonce, type, fee, payload);
        } catch (RuntimeException e) {
            if (!isBadNonce(e)) {
                throw e;
            }
            nextNonce = nextNonceOnChain.applyAsLong(key.address());
            return sendWith(nextNonce, type, fee, payload);
        }
    }

    public SignedTx transfer(String recipient, long amount, long fee) {
        return send(TxType.TRANSFER, fee, JsonCodec.createObjectBuilder().add("recipient", recipient)
                .add("amount", amount).build());
    }

    /** Locks {@code amount} for {@code arbiter} to pay out; the escrow id is the returned transaction's hash. */
    public SignedTx lock(long amount, String arbiter, long expiresAtHeight, String reference, long fee) {
        return send(TxType.ESCROW_LOCK, fee, EscrowPayload.lock(amount, arbiter, expiresAtHeight, reference));
    }

    public SignedTx settle(String escrowId, java.util.List<EscrowPayload.Payout> payouts, String receiptId, long fee) {
        return send(TxType.ESCROW_SETTLE, fee, EscrowPayload.settle(escrowId, payouts, receiptId));
    }

    public SignedTx reclaim(String escrowId, long fee) {
        return send(TxType.ESCROW_RECLAIM, fee, EscrowPayload.reclaim(escrowId));
    }

    /** Forgets the counted nonce, so the next send reads it from the chain (e.g. after a reorganisation). */
    public synchronized void resync() {
        nextNonce = -1;
    }

    private SignedTx sendWith(long nonce, TxType type, long fee, JsonObject payload) {
        SignedTx tx = SignedTx.sign(chainId, type, nonce, fee, payload, key);
        sender.apply(tx);
        nextNonce = nonce + 1;
        return tx;
    }

    private static boolean isBadNonce(RuntimeException e) {
        if (e instanceof TxRejectedException r) {
            return r.reason() == RejectReason.BAD_NONCE;
        }
        return e instanceof ChainClientException c && RejectReason.BAD_NONCE.code().equals(c.error());
    }
}
