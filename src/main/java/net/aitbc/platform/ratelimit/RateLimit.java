package net.aitbc.platform.ratelimit;

import java.util.Locale;

/**
 * The limits of operations.md, each a number of requests per minute for one subject (a key, a signed-in wallet
 * or a client IP), configurable as {@code AITBC_RATE_LIMIT_<NAME>}; 0 switches a limit off.
 */
public enum RateLimit {
    /** per client key */
    CLIENT(100),
    /** per miner key: polls and heartbeats of a busy miner */
    MINER(1_000),
    /** per signed-in wallet, on the coordinator and the exchange together */
    USER(60),
    /** per admin key: the dashboard refreshes several views every few seconds */
    ADMIN(1_000),
    /** per client IP: the node's write endpoints (sendTx, sendTxs, importBlock, faucet, ...) */
    RPC_WRITE(100),
    /** per client IP: the wallet sign-in challenge and login, before there is a wallet to count against */
    SIGN_IN(60);

    private final int defaultPerMinute;

    RateLimit(int defaultPerMinute) {
        this.defaultPerMinute = defaultPerMinute;
    }

    public int defaultPerMinute() {
        return defaultPerMinute;
    }

    public String configKey() {
        return "AITBC_RATE_LIMIT_" + name();
    }

    /** the tag value of the denial counter and the word in the 429 message */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
