-- A recorded receipt's status (COMPLETED, FAILED, EXPIRED, ...) as its signed payload states it, so the outcomes of
-- one signer's receipts per provider are counted by the database (the marketplace's reliability inputs).
-- Receipts recorded before this migration keep NULL: they count in no status.
ALTER TABLE chain_receipt ADD COLUMN status VARCHAR(32);
CREATE INDEX chain_receipt_signer_miner ON chain_receipt (signer, miner);
