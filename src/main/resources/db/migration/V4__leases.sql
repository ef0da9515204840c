-- Leases for the work that one instance at a time does (ingestion, sync, webhook fan-out, pruning). The token
-- grows by one at every change of holder: writers check it inside their transaction (a fencing token).
-- Times are the database's clock in epoch milliseconds. holder_run is the holder's run (lifecycle_runs.run_id): once
-- a start has recorded that run as ended (a report, clean or unclean), its lease is free without waiting for expiry.
CREATE TABLE leases (
    name           VARCHAR(64)  PRIMARY KEY,
    holder         VARCHAR(255),
    holder_run     VARCHAR(64),
    token          BIGINT       NOT NULL,
    acquired_at_ms BIGINT       NOT NULL,
    expires_at_ms  BIGINT       NOT NULL
)
