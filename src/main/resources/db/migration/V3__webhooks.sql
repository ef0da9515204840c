-- Webhook subscriptions and their deliveries. The events table is the outbox: the dispatcher turns each new event
-- into one delivery per matching subscription, in one transaction with its cursor (webhooks.fanout), so an event is
-- fanned out exactly once. Times the dispatcher compares are epoch milliseconds.
CREATE TABLE webhook_subscriptions (
    id             VARCHAR(40)   PRIMARY KEY,
    url            VARCHAR(2048) NOT NULL,
    event_types    VARCHAR(400)  NOT NULL,
    description    VARCHAR(200)  NOT NULL,
    secret         VARCHAR(100)  NOT NULL,
    active         INTEGER       NOT NULL,
    start_sequence BIGINT        NOT NULL,
    created_at     VARCHAR(40)   NOT NULL,
    updated_at     VARCHAR(40)   NOT NULL
);

-- id is "<subscription>:<event sequence>" (or ":test-<n>"): the idempotency key receivers see, the same on every
-- attempt. A delivery is pending until delivered or dead; a pending one with lease_until in the future is in flight.
CREATE TABLE webhook_deliveries (
    id              VARCHAR(80)  PRIMARY KEY,
    subscription_id VARCHAR(40)  NOT NULL,
    event_sequence  BIGINT,
    event_type      VARCHAR(40)  NOT NULL,
    body            TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_ms BIGINT       NOT NULL,
    lease_owner     VARCHAR(64),
    lease_until_ms  BIGINT,
    last_status     INTEGER,
    last_error      VARCHAR(500),
    created_ms      BIGINT       NOT NULL,
    updated_ms      BIGINT       NOT NULL,
    delivered_ms    BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, status, next_attempt_ms);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (subscription_id, created_ms);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status);
