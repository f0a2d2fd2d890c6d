-- Escrows on chain (chain.md, "Escrow on chain"): opened by an ESCROW_LOCK (the id is its tx_hash), closed once
-- by an ESCROW_SETTLE or ESCROW_RECLAIM. Payouts are kept as their canonical JSON array.
CREATE TABLE chain_escrow (
    escrow_id          VARCHAR(66)  PRIMARY KEY,
    payer              VARCHAR(44)  NOT NULL,
    arbiter            VARCHAR(44)  NOT NULL,
    amount             BIGINT       NOT NULL,
    reference          VARCHAR(128),
    expires_at_height  BIGINT       NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    lock_height        BIGINT       NOT NULL,
    close_tx           VARCHAR(66),
    close_height       BIGINT,
    payouts            VARCHAR(8000) NOT NULL,
    receipt_id         VARCHAR(128)
);
CREATE INDEX chain_escrow_payer ON chain_escrow (payer, lock_height);
CREATE INDEX chain_escrow_arbiter ON chain_escrow (arbiter, lock_height);
CREATE INDEX chain_escrow_status ON chain_escrow (status, lock_height);
CREATE INDEX chain_escrow_receipt ON chain_escrow (receipt_id);

-- the escrow a pending settle or reclaim closes, and the receipt a pending claim records: admission refuses a
-- second close of one escrow, and a settle may name a receipt whose claim is still pending before it
ALTER TABLE chain_mempool ADD COLUMN escrow_id VARCHAR(66);
ALTER TABLE chain_mempool ADD COLUMN receipt_id VARCHAR(128);
CREATE INDEX chain_mempool_escrow ON chain_mempool (escrow_id);
CREATE INDEX chain_mempool_receipt ON chain_mempool (receipt_id);
