-- Bounds on the webhook outbox. A subscription the service paused on its own says why (paused_reason: backlog_cap
-- when its pending deliveries reached webhooks.maxPendingPerSubscription, failing when no attempt succeeded for
-- webhooks.disableFailingAfter; manual for a PATCH active=false) and when (paused_at, ISO-8601 like created_at).
-- failing_since_ms is the first failed attempt since the last successful one (epoch milliseconds), NULL while
-- the last attempt succeeded. Dead letters are pruned by age, found through the status index and updated_ms.
ALTER TABLE webhook_subscriptions ADD COLUMN paused_reason VARCHAR(40);
ALTER TABLE webhook_subscriptions ADD COLUMN paused_at VARCHAR(40);
ALTER TABLE webhook_subscriptions ADD COLUMN failing_since_ms BIGINT;
CREATE INDEX webhook_deliveries_status_updated ON webhook_deliveries (status, updated_ms);
