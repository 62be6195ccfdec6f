-- Signed checkpoints of the ledger, and every key that ever signed one.
CREATE TABLE ledger_checkpoints (
    size BIGINT PRIMARY KEY,
    root BYTEA NOT NULL,
    note TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE TABLE ledger_keys (
    verifier_key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ
)
