-- Heartbeat uptime of a miner: the time between signs of life that were no further apart than the offline
-- window, summed as they arrive (the marketplace's reliability input next to the on-chain job counts).
ALTER TABLE coord_miner ADD COLUMN online_ms BIGINT DEFAULT 0 NOT NULL;

-- GPUs a miner lists on the marketplace (the original's registry); its availability follows the miner.
CREATE TABLE mkt_gpu (
    gpu_id              VARCHAR(40)    PRIMARY KEY,
    miner_id            VARCHAR(64)    NOT NULL,
    name                VARCHAR(200)   NOT NULL,
    memory_gb           DOUBLE PRECISION,
    cuda_cores          INTEGER,
    compute_capability  VARCHAR(16),
    price_per_hour      NUMERIC(24, 6) NOT NULL,
    description         VARCHAR(2000),
    region              VARCHAR(64),
    registered_at       BIGINT         NOT NULL
);
CREATE INDEX mkt_gpu_miner ON mkt_gpu (miner_id);

-- A booking holds a GPU for a client until it ends or is released; one active booking per GPU (the index).
CREATE TABLE mkt_booking (
    booking_id      VARCHAR(40)  PRIMARY KEY,
    gpu_id          VARCHAR(40)  NOT NULL,
    client_id       VARCHAR(64)  NOT NULL,
    duration_hours  DOUBLE PRECISION NOT NULL,
    job_id          VARCHAR(64),
    starts_at       BIGINT       NOT NULL,
    ends_at         BIGINT       NOT NULL,
    released_at     BIGINT,
    active_gpu      VARCHAR(40)
);
CREATE UNIQUE INDEX mkt_booking_active ON mkt_booking (active_gpu);
CREATE INDEX mkt_booking_client ON mkt_booking (client_id);

CREATE TABLE mkt_review (
    review_id   VARCHAR(40)   PRIMARY KEY,
    gpu_id      VARCHAR(40)   NOT NULL,
    client_id   VARCHAR(64)   NOT NULL,
    rating      INTEGER       NOT NULL,
    comment     VARCHAR(2000),
    created_at  BIGINT        NOT NULL
);
CREATE INDEX mkt_review_gpu ON mkt_review (gpu_id);

CREATE TABLE mkt_bid (
    bid_id      VARCHAR(40)    PRIMARY KEY,
    client_id   VARCHAR(64)    NOT NULL,
    provider    VARCHAR(200),
    capacity    INTEGER        NOT NULL,
    price       NUMERIC(24, 6) NOT NULL,
    notes       VARCHAR(2000),
    status      VARCHAR(16)    NOT NULL,
    created_at  BIGINT         NOT NULL
);
CREATE INDEX mkt_bid_created ON mkt_bid (created_at);
