-- The exchange (exchange.md): accounts of AITBC (smallest units) and BTC credit (satoshi), limit orders and
-- their trades, deposits credited once per chain transaction, withdrawals from the hot wallet, BTC payment
-- requests. One matching engine writes all of these (net.aitbc.exchange.ExchangeEngine), each acknowledged
-- change in one database transaction.
CREATE TABLE ex_account (
    wallet          VARCHAR(64) PRIMARY KEY,
    aitbc_available BIGINT NOT NULL,
    aitbc_reserved  BIGINT NOT NULL,
    btc_available   BIGINT NOT NULL,
    btc_reserved    BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    CONSTRAINT ex_account_not_negative CHECK (aitbc_available >= 0 AND aitbc_reserved >= 0
        AND btc_available >= 0 AND btc_reserved >= 0)
);

CREATE TABLE ex_order (
    order_id      BIGINT      PRIMARY KEY,
    wallet        VARCHAR(64) NOT NULL,
    side          VARCHAR(4)  NOT NULL,
    price         BIGINT      NOT NULL,
    amount        BIGINT      NOT NULL,
    filled        BIGINT      NOT NULL,
    reserved_left BIGINT      NOT NULL,
    status        VARCHAR(16) NOT NULL,
    created_at    BIGINT      NOT NULL,
    updated_at    BIGINT      NOT NULL,
    CONSTRAINT ex_order_not_overfilled CHECK (filled >= 0 AND filled <= amount AND reserved_left >= 0)
);
CREATE INDEX ex_order_wallet ON ex_order (wallet, order_id);
CREATE INDEX ex_order_status ON ex_order (status, order_id);

CREATE TABLE ex_trade (
    trade_id      BIGINT      PRIMARY KEY,
    buy_order_id  BIGINT      NOT NULL,
    sell_order_id BIGINT      NOT NULL,
    buyer         VARCHAR(64) NOT NULL,
    seller        VARCHAR(64) NOT NULL,
    price         BIGINT      NOT NULL,
    amount        BIGINT      NOT NULL,
    quote         BIGINT      NOT NULL,
    taker_side    VARCHAR(4)  NOT NULL,
    executed_at   BIGINT      NOT NULL
);
CREATE INDEX ex_trade_buyer ON ex_trade (buyer, trade_id);
CREATE INDEX ex_trade_seller ON ex_trade (seller, trade_id);
CREATE INDEX ex_trade_time ON ex_trade (executed_at);

-- the primary key is what makes a deposit count once
CREATE TABLE ex_deposit (
    tx_hash      VARCHAR(80) PRIMARY KEY,
    wallet       VARCHAR(64) NOT NULL,
    amount       BIGINT      NOT NULL,
    block_height BIGINT      NOT NULL,
    credited_at  BIGINT      NOT NULL
);
CREATE INDEX ex_deposit_wallet ON ex_deposit (wallet);

CREATE TABLE ex_withdrawal (
    withdrawal_id VARCHAR(40) PRIMARY KEY,
    wallet        VARCHAR(64) NOT NULL,
    amount        BIGINT      NOT NULL,
    fee           BIGINT      NOT NULL,
    status        VARCHAR(16) NOT NULL,
    tx_hash       VARCHAR(80),
    tx_nonce      BIGINT,
    signed_tx     VARCHAR(4000),
    block_height  BIGINT,
    attempts      INTEGER     NOT NULL,
    error         VARCHAR(1000),
    created_at    BIGINT      NOT NULL,
    updated_at    BIGINT      NOT NULL
);
CREATE INDEX ex_withdrawal_wallet ON ex_withdrawal (wallet, created_at);
CREATE INDEX ex_withdrawal_status ON ex_withdrawal (status);

CREATE TABLE ex_payment (
    payment_id      VARCHAR(40) PRIMARY KEY,
    wallet          VARCHAR(64) NOT NULL,
    purpose         VARCHAR(16) NOT NULL,
    aitbc_amount    BIGINT      NOT NULL,
    btc_amount      BIGINT      NOT NULL,
    payment_address VARCHAR(128) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    created_at      BIGINT      NOT NULL,
    expires_at      BIGINT      NOT NULL,
    confirmed_at    BIGINT
);

-- how far the deposit scanner has followed the chain
CREATE TABLE ex_cursor (
    name   VARCHAR(32) PRIMARY KEY,
    height BIGINT      NOT NULL
);
