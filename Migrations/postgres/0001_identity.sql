-- Organisations, people, machine clients and their bearer tokens.
CREATE TABLE organisations (
    id UUID PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_latin TEXT,
    country TEXT NOT NULL,
    tax_code TEXT UNIQUE,
    preferred_language TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
--;;
CREATE TABLE users (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
--;;
CREATE INDEX users_organisation ON users (organisation_id, id)
--;;
CREATE TABLE clients (
    id UUID PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    secret_hash BYTEA NOT NULL,
    roles TEXT NOT NULL,
    scopes TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE INDEX clients_organisation ON clients (organisation_id, id)
--;;
CREATE TABLE access_tokens (
    id UUID PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    user_id UUID REFERENCES users(id),
    client_id UUID REFERENCES clients(id),
    scopes TEXT NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    CHECK ((user_id IS NULL) <> (client_id IS NULL))
)
--;;
CREATE INDEX access_tokens_user ON access_tokens (user_id) WHERE revoked_at IS NULL
--;;
CREATE INDEX access_tokens_client ON access_tokens (client_id) WHERE revoked_at IS NULL
--;;
-- Failed-login counters, keyed by "account:<name>" or "ip:<address>"; rows exist for
-- names that are not accounts too, so throttling never tells the two apart.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
)
