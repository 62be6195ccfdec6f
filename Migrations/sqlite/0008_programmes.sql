-- The programme catalogue: the city's big problems, their indicators, milestones and
-- the measurement reports of responsible departments (corrections are new rows).
CREATE TABLE programmes (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    lead_sectors TEXT NOT NULL,
    lead_department TEXT,
    legal_basis TEXT NOT NULL,
    expected_results TEXT NOT NULL,
    version INTEGER NOT NULL
)
--;;
CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    code TEXT NOT NULL UNIQUE,
    grouping TEXT,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    baseline_value REAL,
    baseline_on INTEGER,
    target_low REAL,
    target_high REAL,
    target_on INTEGER,
    data_source TEXT NOT NULL,
    responsible_department TEXT,
    live_metric TEXT,
    latest_value REAL,
    latest_period_end INTEGER,
    version INTEGER NOT NULL
)
--;;
CREATE INDEX indicators_programme ON indicators (programme_id, code)
--;;
CREATE TABLE milestones (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    title TEXT NOT NULL,
    due_on INTEGER NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL
)
--;;
CREATE INDEX milestones_programme ON milestones (programme_id, due_on)
--;;
CREATE TABLE indicator_reports (
    id TEXT PRIMARY KEY,
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    value REAL NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    comment TEXT,
    status TEXT NOT NULL,
    corrects TEXT REFERENCES indicator_reports(id),
    submitted_by TEXT NOT NULL,
    submitted_at REAL NOT NULL,
    reviewed_by TEXT,
    reviewed_at REAL,
    review_comment TEXT
)
--;;
CREATE INDEX indicator_reports_series ON indicator_reports (indicator_id, period_end, submitted_at)
--;;
CREATE INDEX indicator_reports_review_queue ON indicator_reports (status, id)
