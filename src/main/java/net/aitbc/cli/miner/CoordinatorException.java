package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;

/**
 * The coordinator refused a call (its JSON error {@code {status, error, detail, field?, request_id}}) or could
 * not be reached (status 0). The miner's reaction depends only on which kind it is: see the predicates.
 */
public final class CoordinatorException extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;
    private final String requestId;
    private final Duration retryAfter;

    public CoordinatorException(int status, String error, String detail, String requestId, Duration retryAfter) {
        super(describe(status, error, detail, requestId));
        this.status = status;
        this.error = error;
        this.detail = detail;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    static CoordinatorException unreachable(String why, Throwable cause) {
        CoordinatorException e = new CoordinatorException(0, "unreachable", why, null, null);
        e.initCause(cause);
        return e;
    }

    static CoordinatorException fromBody(int status, JsonObject body, Duration retryAfter) {
        String error = text(body, "error");
        String detail = text(body, "detail");
        return new CoordinatorException(status, error == null ? "http_" + status : error,
                detail == null ? "the coordinator answered " + status : detail, text(body, "request_id"), retryAfter);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }

    public String requestId() {
        return requestId;
    }

    /** The coordinator's Retry-After (429, 503), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A wrong, revoked or wrong-kind key: retrying cannot help, the miner stops (exit code 2). */
    public boolean fatal() {
        return status == 401 || status == 403;
    }

    /** The coordinator is down, overloaded or restarting: back off and reconnect. */
    public boolean transientFailure() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** The coordinator does not know this miner (any more, e.g. after its restart): register again. */
    public boolean notRegistered() {
        return status == 404;
    }

    private static String describe(int status, String error, String detail, String requestId) {
        // unreachable: the detail says where and why ("http://host:8000: connection refused")
        String head = status == 0 ? "" : status + " " + error + ": ";
        return head + detail + (requestId == null ? "" : " (request " + requestId + ")");
    }

    private static String text(JsonObject o, String field) {
        return o != null && o.get(field) instanceof JsonString s ? s.getString() : null;
    }
}
