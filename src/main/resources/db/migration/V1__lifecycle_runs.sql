-- One row per start of the service. A row without outcome at the next start is an unclean exit.
CREATE TABLE lifecycle_runs (
    run_id              VARCHAR(64) PRIMARY KEY,
    pid                 BIGINT      NOT NULL,
    host                VARCHAR(255) NOT NULL,
    started_at          VARCHAR(40) NOT NULL,
    heartbeat_at        VARCHAR(40),
    shutdown_cause      VARCHAR(512),
    shutdown_started_at VARCHAR(40),
    outcome             VARCHAR(16),
    report_json         TEXT,
    reported_at         VARCHAR(40)
);
CREATE INDEX lifecycle_runs_started_at ON lifecycle_runs (started_at);
