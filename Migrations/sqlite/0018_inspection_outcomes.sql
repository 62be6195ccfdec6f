-- What customs found when it checked a declaration (a physical or a document check): no
-- finding, or a finding with its kind and the revenue it raised. One outcome per
-- declaration version, pushed through the inspections feed; it is what the risk model
-- learns from.
CREATE TABLE inspection_outcomes (
    id TEXT PRIMARY KEY,
    declaration_id TEXT NOT NULL UNIQUE REFERENCES declarations(id),
    declaration_number TEXT NOT NULL,
    declaration_version INTEGER NOT NULL,
    method TEXT NOT NULL,
    finding INTEGER NOT NULL,
    finding_kind TEXT,
    revenue_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    inspected_at REAL NOT NULL,
    digest TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    received_at REAL NOT NULL
)
