-- A payment is looked up by its escrow id (GET /v1/payments/{payment_id}); without an index each lookup read the
-- whole job table, which only grows.
CREATE INDEX coord_job_escrow ON coord_job (escrow_id);
