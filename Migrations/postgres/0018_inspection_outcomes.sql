-- What customs found when it checked a declaration (a physical or a document check): no
-- finding, or a finding with its kind and the revenue it raised. One outcome per
-- declaration version, pushed through the inspections feed; it is what the risk model
-- learns from.
CREATE TABLE inspection_outcomes (
    id UUID PRIMARY KEY,
    declaration_id UUID NOT NULL UNIQUE REFERENCES declarations(id),
    declaration_number TEXT NOT NULL,
    declaration_version INTEGER NOT NULL,
    method TEXT NOT NULL,
    finding BOOLEAN NOT NULL,
    finding_kind TEXT,
    revenue_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    inspected_at TIMESTAMPTZ NOT NULL,
    digest TEXT NOT NULL,
    batch_id UUID NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
)
