-- Responses remembered for Idempotency-Key replay: one row per (caller, key).
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint BYTEA NOT NULL,
    status INTEGER,
    headers TEXT,
    body BYTEA,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
)
--;;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)
