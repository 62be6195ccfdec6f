-- Investor notifications: an inbox per organisation and signed webhooks, projected from the
-- ledger (the durable outbox: every dossier change is already appended there in its own
-- transaction) from a stored cursor, so no change is missed and none is notified twice.
CREATE TABLE notification_cursor (
    id INTEGER PRIMARY KEY,
    ledger_index INTEGER NOT NULL
)
--;;
-- Starts at the log's current end: history before notifications existed is not re-announced.
INSERT INTO notification_cursor (id, ledger_index) SELECT 1, COALESCE((SELECT size FROM ledger_head WHERE id = 1), 0)
--;;
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    ledger_index INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at REAL NOT NULL,
    read_at REAL,
    read_by TEXT,
    UNIQUE (organisation_id, ledger_index)
)
--;;
CREATE INDEX notifications_inbox ON notifications (organisation_id, id)
--;;
CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    description TEXT NOT NULL,
    event_types TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at REAL NOT NULL,
    disabled_at REAL
)
--;;
CREATE INDEX webhook_endpoints_organisation ON webhook_endpoints (organisation_id)
--;;
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
    notification_id TEXT NOT NULL REFERENCES notifications(id),
    organisation_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    delivered_at REAL,
    created_at REAL NOT NULL
)
--;;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)
--;;
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id)
--;;
CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
    attempted_at REAL NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
)
--;;
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at)
