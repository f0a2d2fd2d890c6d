package net.aitbc.chain.client;

import jakarta.json.JsonObject;
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
    private long nextNonce = -1;

    /**
     * @param nextNonceOnChain the chain's next nonce for an address (applied plus pending transactions)
     * @param sender           submits a signed transaction and returns its tx_hash, or throws the chain's refusal
     */
    public SigningAccount(Ed25519.KeyPair key, String chainId, ToLongFunction<String> nextNonceOnChain,
                          Function<SignedTx, String> sender) {
        this.key = key;
        this.chainId = chainId;
        this.nextNonceOnChain = nextNonceOnChain;
        this.sender = sender;
    }

    /** An account that talks to a node over its RPC. */
    public static SigningAccount remote(ChainClient client, Ed25519.KeyPair key) {
        return new SigningAccount(key, client.chainId(), a -> client.balance(a).nextNonce(), client::send);
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
