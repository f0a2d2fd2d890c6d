-- Wallet sign-in (exchange.md, "Sessions"): single-use challenges, the accounts wallets get on first login, and
-- revoked session tokens (kept until they would have expired anyway). Times are epoch milliseconds.
CREATE TABLE identity_challenge (
    nonce       VARCHAR(64)   PRIMARY KEY,
    wallet      VARCHAR(44)   NOT NULL,
    message     VARCHAR(2000) NOT NULL,
    issued_at   BIGINT        NOT NULL,
    expires_at  BIGINT        NOT NULL,
    used_at     BIGINT
);
CREATE INDEX identity_challenge_wallet ON identity_challenge (wallet, issued_at);

CREATE TABLE identity_user (
    user_id     VARCHAR(64)   PRIMARY KEY,
    wallet      VARCHAR(44)   NOT NULL UNIQUE,
    created_at  BIGINT        NOT NULL,
    last_login  BIGINT        NOT NULL
);

CREATE TABLE identity_revoked_token (
    jti         VARCHAR(64)   PRIMARY KEY,
    expires_at  BIGINT        NOT NULL
);
