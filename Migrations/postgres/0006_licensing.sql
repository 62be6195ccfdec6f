-- Investment licensing: the procedure catalogue and calendar (seeded from the zone's
-- catalogue files, then edited by administrators), dossiers and everything around them.
ALTER TABLE organisations ADD COLUMN code TEXT
--;;
CREATE UNIQUE INDEX organisations_code ON organisations (code)
--;;
CREATE TABLE procedures (
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (code, version)
)
--;;
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    definition TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE TABLE reference_counters (
    series TEXT PRIMARY KEY,
    last_value BIGINT NOT NULL
)
--;;
CREATE TABLE dossiers (
    id UUID PRIMARY KEY,
    reference TEXT UNIQUE,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    procedure_code TEXT NOT NULL,
    procedure_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    form TEXT NOT NULL,
    created_by UUID NOT NULL,
    assignee_id UUID REFERENCES users(id),
    submitted_on INTEGER,
    appointment_on INTEGER,
    paused_on INTEGER,
    remaining_days INTEGER,
    paused_days INTEGER NOT NULL DEFAULT 0,
    decided_on INTEGER,
    processing_days INTEGER,
    on_time BOOLEAN,
    refusal_reasons TEXT,
    certificate_number TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL
)
--;;
CREATE INDEX dossiers_queue ON dossiers (status, appointment_on, id)
--;;
CREATE INDEX dossiers_assignee ON dossiers (assignee_id, appointment_on, id)
--;;
CREATE INDEX dossiers_procedure ON dossiers (procedure_code, status, appointment_on, id)
--;;
CREATE INDEX dossiers_organisation ON dossiers (organisation_id, id)
--;;
CREATE TABLE dossier_events (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers(id),
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    details TEXT NOT NULL
)
--;;
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, at, id)
--;;
CREATE TABLE dossier_notes (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers(id),
    author TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    text TEXT NOT NULL
)
--;;
CREATE INDEX dossier_notes_dossier ON dossier_notes (dossier_id, at, id)
--;;
CREATE TABLE dossier_documents (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers(id),
    document_type TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE INDEX dossier_documents_dossier ON dossier_documents (dossier_id, uploaded_at, id)
--;;
CREATE TABLE consultations (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers(id),
    department_code TEXT NOT NULL,
    department_id UUID NOT NULL REFERENCES organisations(id),
    requested_on INTEGER NOT NULL,
    due_on INTEGER NOT NULL,
    status TEXT NOT NULL,
    opinion TEXT,
    answer TEXT,
    answered_at TIMESTAMPTZ,
    answered_by TEXT
)
--;;
CREATE INDEX consultations_department ON consultations (department_id, status, due_on, id)
--;;
CREATE INDEX consultations_dossier ON consultations (dossier_id)
--;;
CREATE TABLE certificates (
    number TEXT PRIMARY KEY,
    certificate_type TEXT NOT NULL,
    dossier_id UUID NOT NULL REFERENCES dossiers(id),
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    content TEXT NOT NULL,
    signature BYTEA NOT NULL,
    key_id TEXT NOT NULL,
    status TEXT NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    revocation_reason TEXT,
    superseded_by TEXT
)
--;;
CREATE INDEX certificates_organisation ON certificates (organisation_id, issued_at)
