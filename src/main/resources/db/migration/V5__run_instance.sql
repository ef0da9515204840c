-- The instance (INSTANCE_ID, default the host name) that a run belongs to: on a database that several instances
-- share, an unclean exit is attributed to the instance that had it, and reports can be listed per instance.
-- Empty for runs recorded before this change.
ALTER TABLE lifecycle_runs ADD COLUMN instance_id VARCHAR(255);
CREATE INDEX lifecycle_runs_instance_started_at ON lifecycle_runs (instance_id, started_at);
