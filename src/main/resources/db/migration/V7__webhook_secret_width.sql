-- Room for a sealed signing secret (sealed:<key id>:<base64url of IV, ciphertext and tag>, up to 127 characters).
-- PostgreSQL only: SQLite does not enforce a VARCHAR length.
ALTER TABLE webhook_subscriptions ALTER COLUMN secret TYPE VARCHAR(255);
