-- Access tokens (see src/access.rs): the SHA-256 hex of the bearer token that may cancel an
-- order, or charge a billing method. Rows from before have none, and accept no token.
ALTER TABLE orders ADD COLUMN access_hash TEXT;
ALTER TABLE billing_keys ADD COLUMN access_hash TEXT;
