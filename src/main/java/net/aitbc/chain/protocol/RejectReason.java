package net.aitbc.chain.protocol;

/** Why the chain refuses a transaction or block: the {@code error} code and HTTP status clients see. */
public enum RejectReason {
    INVALID_FIELD(400),
    UNKNOWN_TYPE(400),
    WRONG_CHAIN(400),
    MISSING_SIGNATURE(400),
    BAD_SIGNATURE(400),
    KEY_MISMATCH(400),
    BAD_NONCE(400),
    INSUFFICIENT_BALANCE(400),
    FEE_TOO_LOW(400),
    PAYLOAD_TOO_LARGE(400),
    NOT_AUTHORISED(400),
    INVALID_RECEIPT(400),
    UNKNOWN_ESCROW(400),
    ESCROW_CLOSED(400),
    NOT_ARBITER(400),
    NOT_PAYER(400),
    ESCROW_NOT_EXPIRED(400),
    PAYOUTS_MISMATCH(400),
    UNKNOWN_RECEIPT(400),
    DUPLICATE_RECEIPT(409),
    DUPLICATE(409),
    MEMPOOL_FULL(503);

    private final int status;

    RejectReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
