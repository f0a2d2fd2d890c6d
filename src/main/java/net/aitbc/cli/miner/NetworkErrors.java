package net.aitbc.cli.miner;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/** Words for the JDK's connection failures, which often come without a message ("ConnectException: null"). */
final class NetworkErrors {

    private NetworkErrors() {
    }

    static String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            String m = cause.getMessage();
            return m == null ? "connection refused" : "connection refused (" + m + ")";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (cause == null) {
            return "no answer";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
