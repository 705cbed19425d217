-- The Idempotency-Key a browser sent with a billing charge, unique per customer: a repeated
-- charge request (a second click after a lost answer) finds its order instead of charging
-- again. NULL for every other order (NULLs do not collide in a unique index).
ALTER TABLE orders ADD COLUMN charge_key TEXT;
CREATE UNIQUE INDEX orders_charge_key ON orders (customer_key, charge_key);
