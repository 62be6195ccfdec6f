-- The audit ledger: entries (canonical JSON, leaf hash), interior complete-subtree
-- hashes, and the head row that serialises appends.
CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    last_hash BLOB NOT NULL,
    frontier BLOB NOT NULL
)
--;;
INSERT INTO ledger_head (id, size, last_hash, frontier) VALUES (1, 0, X'', X'')
--;;
CREATE TABLE ledger_entries (
    idx INTEGER PRIMARY KEY,
    entry BLOB NOT NULL,
    leaf_hash BLOB NOT NULL,
    action TEXT NOT NULL,
    organisation_id TEXT,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    created_at REAL NOT NULL
)
--;;
CREATE INDEX ledger_entries_organisation ON ledger_entries (organisation_id, idx)
--;;
CREATE TABLE ledger_nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
)
