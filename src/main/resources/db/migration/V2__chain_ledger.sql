-- The node's ledger (chain.md): blocks, included transactions, accounts, receipts, and the persistent mempool.
-- Hashes are 0x + 64 hex, addresses ait1 + 40 hex, times epoch milliseconds (UTC).
CREATE TABLE chain_block (
    height       BIGINT PRIMARY KEY,
    hash         VARCHAR(66)  NOT NULL UNIQUE,
    parent_hash  VARCHAR(66)  NOT NULL,
    proposer     VARCHAR(44)  NOT NULL,
    block_time   BIGINT       NOT NULL,
    tx_count     INTEGER      NOT NULL,
    tx_root      VARCHAR(66)  NOT NULL,
    state_root   VARCHAR(66)  NOT NULL,
    signature    VARCHAR(128)
);

CREATE TABLE chain_tx (
    tx_hash      VARCHAR(66)  PRIMARY KEY,
    block_height BIGINT       NOT NULL REFERENCES chain_block (height),
    position     INTEGER      NOT NULL,
    type         VARCHAR(32)  NOT NULL,
    sender       VARCHAR(44)  NOT NULL,
    recipient    VARCHAR(44),
    amount       BIGINT       NOT NULL,
    nonce        BIGINT       NOT NULL,
    fee          BIGINT       NOT NULL,
    payload      VARCHAR(100000) NOT NULL,
    public_key   VARCHAR(64)  NOT NULL,
    sig          VARCHAR(128) NOT NULL,
    received_at  BIGINT       NOT NULL
);
CREATE UNIQUE INDEX chain_tx_block_position ON chain_tx (block_height, position);
CREATE INDEX chain_tx_sender ON chain_tx (sender, block_height);
CREATE INDEX chain_tx_recipient ON chain_tx (recipient, block_height);

CREATE TABLE chain_account (
    address      VARCHAR(44)  PRIMARY KEY,
    balance      BIGINT       NOT NULL,
    nonce        BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL
);
CREATE INDEX chain_account_balance ON chain_account (balance);

CREATE SEQUENCE chain_mempool_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE chain_mempool (
    tx_hash      VARCHAR(66)  PRIMARY KEY,
    seq          BIGINT       NOT NULL,
    type         VARCHAR(32)  NOT NULL,
    sender       VARCHAR(44)  NOT NULL,
    recipient    VARCHAR(44),
    amount       BIGINT       NOT NULL,
    nonce        BIGINT       NOT NULL,
    fee          BIGINT       NOT NULL,
    size         INTEGER      NOT NULL,
    payload      VARCHAR(100000) NOT NULL,
    public_key   VARCHAR(64)  NOT NULL,
    sig          VARCHAR(128) NOT NULL,
    received_at  BIGINT       NOT NULL
);
-- one pending transaction per (sender, nonce): the second of two racing submissions is refused
CREATE UNIQUE INDEX chain_mempool_sender_nonce ON chain_mempool (sender, nonce);
CREATE INDEX chain_mempool_order ON chain_mempool (fee, seq);

CREATE TABLE chain_receipt (
    receipt_id   VARCHAR(128) PRIMARY KEY,
    job_id       VARCHAR(128),
    payload      VARCHAR(100000) NOT NULL,
    signer       VARCHAR(44)  NOT NULL,
    miner        VARCHAR(128),
    minted_amount BIGINT      NOT NULL,
    tx_hash      VARCHAR(66)  NOT NULL,
    block_height BIGINT       NOT NULL REFERENCES chain_block (height),
    recorded_at  BIGINT       NOT NULL
);
CREATE INDEX chain_receipt_block ON chain_receipt (block_height);
