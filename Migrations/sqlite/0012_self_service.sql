-- Investors register their own organisation and invite colleagues.
ALTER TABLE organisations ADD COLUMN parent_registration TEXT
--;;
-- A tax code an investor enters itself links no trade or shared data until the authority confirms it.
ALTER TABLE organisations ADD COLUMN tax_code_verified INTEGER NOT NULL DEFAULT 1
--;;
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    invited_by TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    accepted_at REAL,
    accepted_user_id TEXT,
    revoked_at REAL
)
--;;
CREATE INDEX invitations_organisation ON invitations (organisation_id, created_at)
