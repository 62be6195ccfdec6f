-- Risk targeting: every model version trained (its trees, parameters, the digest of its
-- training rows and its metrics), each declaration's assessment (the features as they
-- were when it arrived, the score, the reasons, the recommended lane and the lane an
-- officer chose, and the outcome once inspected), and every lane decision.
CREATE TABLE risk_models (
    version INTEGER PRIMARY KEY,
    trained_at TIMESTAMPTZ NOT NULL,
    trained_by TEXT NOT NULL,
    training_digest TEXT NOT NULL,
    training_rows INTEGER NOT NULL,
    findings INTEGER NOT NULL,
    metrics TEXT,
    thresholds TEXT NOT NULL,
    model TEXT NOT NULL
)
--;;
CREATE TABLE risk_assessments (
    declaration_id UUID PRIMARY KEY,
    declaration_number TEXT NOT NULL,
    declaration_version INTEGER NOT NULL,
    organisation_id UUID,
    registered_at TIMESTAMPTZ NOT NULL,
    day INTEGER NOT NULL,
    importer TEXT NOT NULL,
    declarant TEXT NOT NULL,
    lines TEXT NOT NULL,
    features TEXT NOT NULL,
    model_version INTEGER,
    score DOUBLE PRECISION,
    reasons TEXT NOT NULL,
    recommended_lane TEXT NOT NULL,
    random_pick BOOLEAN NOT NULL,
    held_by_budget BOOLEAN NOT NULL,
    lane TEXT NOT NULL,
    decided_by TEXT,
    decision_reason TEXT,
    decided_at TIMESTAMPTZ,
    finding BOOLEAN,
    revenue DOUBLE PRECISION,
    inspected_at TIMESTAMPTZ,
    assessed_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL
)
--;;
CREATE INDEX risk_assessments_queue ON risk_assessments (score, declaration_id)
--;;
CREATE INDEX risk_assessments_day ON risk_assessments (day)
--;;
CREATE INDEX risk_assessments_time ON risk_assessments (registered_at, declaration_id)
--;;
CREATE TABLE risk_lane_decisions (
    id UUID PRIMARY KEY,
    declaration_id UUID NOT NULL REFERENCES risk_assessments(declaration_id),
    recommended_lane TEXT NOT NULL,
    lane TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE INDEX risk_lane_decisions_declaration ON risk_lane_decisions (declaration_id, decided_at)
