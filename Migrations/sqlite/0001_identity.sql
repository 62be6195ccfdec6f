-- Organisations, people, machine clients and their bearer tokens.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_latin TEXT,
    country TEXT NOT NULL,
    tax_code TEXT UNIQUE,
    preferred_language TEXT NOT NULL,
    created_at REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
--;;
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
--;;
CREATE INDEX users_organisation ON users (organisation_id, id)
--;;
CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    roles TEXT NOT NULL,
    scopes TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
)
--;;
CREATE INDEX clients_organisation ON clients (organisation_id, id)
--;;
CREATE TABLE access_tokens (
    id TEXT PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id TEXT REFERENCES users(id),
    client_id TEXT REFERENCES clients(id),
    scopes TEXT NOT NULL,
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL,
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
    window_started_at REAL NOT NULL,
    locked_until REAL
)
