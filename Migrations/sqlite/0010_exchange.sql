-- Inter-agency data sharing: the registry of subsystems, grants, and the journal of every
-- query (allowed or denied), which is also what an enterprise's data tracker shows.
CREATE TABLE exchange_subsystems (
    id TEXT PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL REFERENCES organisations(id),
    member_code TEXT NOT NULL,
    member_class TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    client_id TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL
)
--;;
CREATE TABLE exchange_grants (
    id TEXT PRIMARY KEY,
    subsystem_id TEXT NOT NULL REFERENCES exchange_subsystems(id),
    service TEXT NOT NULL,
    fields TEXT NOT NULL,
    purposes TEXT NOT NULL,
    expires_at REAL NOT NULL,
    created_by TEXT NOT NULL,
    created_at REAL NOT NULL,
    revoked_at REAL,
    revoked_by TEXT
)
--;;
CREATE INDEX exchange_grants_subsystem ON exchange_grants (subsystem_id, service)
--;;
CREATE TABLE exchange_queries (
    id TEXT PRIMARY KEY,
    at REAL NOT NULL,
    subsystem TEXT NOT NULL,
    member_name TEXT NOT NULL,
    service TEXT NOT NULL,
    purpose TEXT NOT NULL,
    official TEXT NOT NULL,
    subject_organisation TEXT,
    subject_reference TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    fields TEXT NOT NULL,
    ledger_index BIGINT
)
--;;
CREATE INDEX exchange_queries_subject ON exchange_queries (subject_organisation, id)
--;;
CREATE INDEX exchange_queries_subsystem ON exchange_queries (subsystem, id)
