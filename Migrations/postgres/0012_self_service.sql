-- Investors register their own organisation and invite colleagues.
ALTER TABLE organisations ADD COLUMN parent_registration TEXT
--;;
-- A tax code an investor enters itself links no trade or shared data until the authority confirms it.
ALTER TABLE organisations ADD COLUMN tax_code_verified BOOLEAN NOT NULL DEFAULT TRUE
--;;
CREATE TABLE invitations (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    invited_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    accepted_user_id UUID,
    revoked_at TIMESTAMPTZ
)
--;;
CREATE INDEX invitations_organisation ON invitations (organisation_id, created_at)
