-- Signed checkpoints of the ledger, and every key that ever signed one.
CREATE TABLE ledger_checkpoints (
    size INTEGER PRIMARY KEY,
    root BLOB NOT NULL,
    note TEXT NOT NULL,
    created_at REAL NOT NULL
)
--;;
CREATE TABLE ledger_keys (
    verifier_key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    added_at REAL NOT NULL,
    retired_at REAL
)
