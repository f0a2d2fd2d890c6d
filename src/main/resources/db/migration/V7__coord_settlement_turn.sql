-- The coordinator servers' settlement passes take turns on this one row: they share the coordinator key's nonce
-- sequence, and two passes at once would keep taking each other's nonces.
CREATE TABLE coord_settlement_turn (id INT PRIMARY KEY, last_pass_at BIGINT NOT NULL);
INSERT INTO coord_settlement_turn (id, last_pass_at) VALUES (1, 0);
