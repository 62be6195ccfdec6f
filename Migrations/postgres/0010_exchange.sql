-- Inter-agency data sharing: the registry of subsystems, grants, and the journal of every
-- query (allowed or denied), which is also what an enterprise's data tracker shows.
CREATE TABLE exchange_subsystems (
    id UUID PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    member_id UUID NOT NULL REFERENCES organisations(id),
    member_code TEXT NOT NULL,
    member_class TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    client_id UUID NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE TABLE exchange_grants (
    id UUID PRIMARY KEY,
    subsystem_id UUID NOT NULL REFERENCES exchange_subsystems(id),
    service TEXT NOT NULL,
    fields TEXT NOT NULL,
    purposes TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    revoked_by TEXT
)
--;;
CREATE INDEX exchange_grants_subsystem ON exchange_grants (subsystem_id, service)
--;;
CREATE TABLE exchange_queries (
    id UUID PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    subsystem TEXT NOT NULL,
    member_name TEXT NOT NULL,
    service TEXT NOT NULL,
    purpose TEXT NOT NULL,
    official TEXT NOT NULL,
    subject_organisation UUID,
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
