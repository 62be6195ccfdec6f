-- The audit ledger: entries (canonical JSON, leaf hash), interior complete-subtree
-- hashes, and the head row that serialises appends.
CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size BIGINT NOT NULL,
    last_hash BYTEA NOT NULL,
    frontier BYTEA NOT NULL
)
--;;
INSERT INTO ledger_head (id, size, last_hash, frontier) VALUES (1, 0, ''::bytea, ''::bytea)
--;;
CREATE TABLE ledger_entries (
    idx BIGINT PRIMARY KEY,
    entry BYTEA NOT NULL,
    leaf_hash BYTEA NOT NULL,
    action TEXT NOT NULL,
    organisation_id UUID,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE INDEX ledger_entries_organisation ON ledger_entries (organisation_id, idx)
--;;
CREATE TABLE ledger_nodes (
    level SMALLINT NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
)
