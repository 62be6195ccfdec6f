-- Container IoT telemetry: raw readings (reefer units, e-seals, truck positions) kept for
-- the zone's retention period, and each container's 15-minute series (count, sum, min and
-- max of the temperature, sum of the setpoint: one row a bucket) kept with its history
-- once the raw rows are purged.
-- The sender's eventID is the key (a reading has no other identity worth an index), and
-- only trucks' rows are indexed by vehicle: every index is paid for on every reading.
CREATE TABLE telemetry_readings (
    event_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    observed_at REAL NOT NULL,
    container_number TEXT,
    vehicle TEXT,
    temperature REAL,
    setpoint REAL,
    humidity REAL,
    powered_on INTEGER,
    seal_state TEXT,
    seal_number TEXT,
    latitude REAL,
    longitude REAL,
    speed REAL,
    organisation_id TEXT,
    digest TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    received_at REAL NOT NULL
)
--;;
CREATE INDEX telemetry_readings_container ON telemetry_readings (container_number, observed_at)
--;;
CREATE INDEX telemetry_readings_vehicle ON telemetry_readings (vehicle, observed_at) WHERE vehicle IS NOT NULL
--;;
CREATE INDEX telemetry_readings_age ON telemetry_readings (observed_at)
--;;
CREATE TABLE telemetry_series (
    container_number TEXT NOT NULL,
    bucket_start REAL NOT NULL,
    readings INTEGER NOT NULL,
    total REAL NOT NULL,
    minimum REAL NOT NULL,
    maximum REAL NOT NULL,
    setpoint_total REAL NOT NULL,
    PRIMARY KEY (container_number, bucket_start)
)
