-- Schema history starts here; each feature adds its tables in later versions (prefix = feature).
CREATE TABLE platform_instance (
    id          VARCHAR(64) PRIMARY KEY,
    created_at  TIMESTAMP NOT NULL
);
