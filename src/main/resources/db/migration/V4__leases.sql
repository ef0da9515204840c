-- Leases for the work that one instance at a time does (ingestion, sync, webhook fan-out, pruning). The token
-- grows by one at every change of holder: writers check it inside their transaction (a fencing token).
-- Times are the database's clock in epoch milliseconds.
CREATE TABLE leases (
    name           VARCHAR(64)  PRIMARY KEY,
    holder         VARCHAR(255),
    token          BIGINT       NOT NULL,
    acquired_at_ms BIGINT       NOT NULL,
    expires_at_ms  BIGINT       NOT NULL
)
