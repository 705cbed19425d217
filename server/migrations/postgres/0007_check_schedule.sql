-- When the reconciler next asks the provider about an order that is waiting (a virtual account)
-- or settled (paid, partially cancelled: a cancel made in the provider's dashboard while our
-- webhooks were lost). Each unchanged answer doubles the wait (`checks`); every status change
-- resets both. Orders due first are checked first, so a backlog larger than one pass's batch is
-- worked through instead of the same oldest rows every pass.
ALTER TABLE orders ADD COLUMN next_check_at BIGINT;
ALTER TABLE orders ADD COLUMN checks BIGINT NOT NULL DEFAULT 0;
CREATE INDEX orders_due ON orders (status, next_check_at);
