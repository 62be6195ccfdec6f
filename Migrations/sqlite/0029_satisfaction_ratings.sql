-- The applicant's rating of the service once its result is delivered (issue 28), as the
-- national public service portal asks: one per dossier, 1 (very dissatisfied) to 5 (very
-- satisfied), with an optional comment; programme 10 counts them.
CREATE TABLE dossier_ratings (
    dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id),
    procedure_code TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT,
    rated_by TEXT NOT NULL,
    rated_at REAL NOT NULL
)
--;;
CREATE INDEX dossier_ratings_time ON dossier_ratings (rated_at)
