-- When the job's ESCROW_SETTLE was admitted: a confirmation round asks the chain whether a settle still pending
-- vanished only once it is overdue, instead of once per job and round.
ALTER TABLE coord_job ADD COLUMN settle_sent_at BIGINT;
