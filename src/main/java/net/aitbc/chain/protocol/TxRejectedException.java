package net.aitbc.chain.protocol;

import java.util.Map;
import net.aitbc.platform.error.ApiException;

/** A transaction the chain refuses; nothing of it is kept. */
public class TxRejectedException extends ApiException {

    private final RejectReason reason;

    public TxRejectedException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    public TxRejectedException(RejectReason reason, String message, String field) {
        super(reason.status(), reason.code(), message, field);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    @Override
    public Map<String, String> headers() {
        return reason == RejectReason.MEMPOOL_FULL ? Map.of("Retry-After", "2") : Map.of();
    }
}
