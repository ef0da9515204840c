-- A signing secret sealed with webhooks.secretsKey (sealed:<key id>:<base64url of IV, ciphertext and tag>, up to
-- 127 characters) goes here, and secret then holds only the marker 'sealed'. Without a key, this stays NULL.
ALTER TABLE webhook_subscriptions ADD COLUMN sealed_secret VARCHAR(255);
