-- Customs and logistics data pushed by machine feeds: declarations (every version kept),
-- manifests, container events (DCSA and EDIFACT alike), where each container stands,
-- and the alerts monitoring raises. Events and alerts draw stream positions from one
-- counter row, taken first in every writing transaction, so positions commit in order.
CREATE TABLE trade_sequence (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_value BIGINT NOT NULL
)
--;;
INSERT INTO trade_sequence (id, last_value) VALUES (1, 0)
--;;
CREATE TABLE feed_batches (
    id UUID PRIMARY KEY,
    kind TEXT NOT NULL,
    client TEXT NOT NULL,
    organisation_id UUID,
    received INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    digest TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE TABLE declarations (
    id UUID PRIMARY KEY,
    number TEXT NOT NULL,
    version INTEGER NOT NULL,
    type_code TEXT NOT NULL,
    direction TEXT NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    declarant_tax_code TEXT NOT NULL,
    trader_tax_code TEXT NOT NULL,
    trader_name TEXT NOT NULL,
    organisation_id UUID,
    total_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    lines TEXT NOT NULL,
    containers TEXT NOT NULL,
    digest TEXT NOT NULL,
    is_latest BOOLEAN NOT NULL,
    batch_id UUID NOT NULL,
    seq BIGINT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    UNIQUE (number, version)
)
--;;
CREATE INDEX declarations_organisation ON declarations (organisation_id, registered_at)
--;;
CREATE TABLE declaration_containers (
    container_number TEXT NOT NULL,
    declaration_id UUID NOT NULL REFERENCES declarations(id),
    PRIMARY KEY (container_number, declaration_id)
)
--;;
CREATE TABLE manifests (
    id UUID PRIMARY KEY,
    vessel_imo TEXT NOT NULL,
    voyage TEXT NOT NULL,
    port_of_loading TEXT NOT NULL,
    port_of_discharge TEXT NOT NULL,
    content TEXT NOT NULL,
    digest TEXT NOT NULL,
    batch_id UUID NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vessel_imo, voyage, port_of_discharge)
)
--;;
CREATE TABLE manifest_containers (
    container_number TEXT NOT NULL,
    manifest_id UUID NOT NULL REFERENCES manifests(id),
    bill_number TEXT NOT NULL,
    organisation_id UUID,
    PRIMARY KEY (container_number, manifest_id, bill_number)
)
--;;
CREATE TABLE container_events (
    id UUID PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    event_key TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    code TEXT NOT NULL,
    classifier TEXT NOT NULL,
    event_at TIMESTAMPTZ NOT NULL,
    container_number TEXT,
    iso_code TEXT,
    empty_indicator TEXT,
    un_locode TEXT,
    facility TEXT,
    in_zone BOOLEAN NOT NULL,
    vessel_imo TEXT,
    voyage TEXT,
    refs TEXT NOT NULL,
    seals TEXT NOT NULL,
    source TEXT NOT NULL,
    organisation_id UUID,
    digest TEXT NOT NULL,
    batch_id UUID NOT NULL,
    seq BIGINT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
)
--;;
CREATE INDEX container_events_track ON container_events (container_number, event_at)
--;;
CREATE INDEX container_events_stream ON container_events (seq)
--;;
CREATE INDEX container_events_organisation ON container_events (organisation_id, event_at)
--;;
CREATE TABLE container_status (
    container_number TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    in_zone BOOLEAN NOT NULL,
    since TIMESTAMPTZ NOT NULL,
    last_event_at TIMESTAMPTZ NOT NULL,
    un_locode TEXT,
    facility TEXT,
    cargo_type TEXT NOT NULL,
    organisation_id UUID
)
--;;
CREATE INDEX container_status_dwell ON container_status (in_zone, since)
--;;
CREATE TABLE alerts (
    id UUID PRIMARY KEY,
    rule_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    container_number TEXT,
    declaration_number TEXT,
    organisation_id UUID,
    status TEXT NOT NULL,
    details TEXT NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at TIMESTAMPTZ,
    closed_by TEXT,
    closed_at TIMESTAMPTZ,
    comment TEXT,
    version INTEGER NOT NULL,
    seq BIGINT NOT NULL
)
--;;
CREATE UNIQUE INDEX alerts_open ON alerts (rule_code, subject) WHERE status <> 'closed'
--;;
CREATE INDEX alerts_queue ON alerts (status, opened_at, id)
--;;
CREATE INDEX alerts_stream ON alerts (seq)
