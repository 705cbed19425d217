-- Payment providers on one ledger (src/provider): an order's payment comes through Toss's
-- Core API or another provider. `payment_id` is that provider's id of the payment (Toss's
-- paymentKey, Toss Pay's payToken, PortOne's imp_uid) and `provider` names the provider that
-- issued it; both are set together, when a payment of the order is claimed. An order with no
-- payment yet has no provider: the buyer may still pay it any way the storefront offers.
ALTER TABLE orders RENAME COLUMN payment_key TO payment_id;
ALTER TABLE orders ADD COLUMN provider TEXT;
UPDATE orders SET provider = 'toss' WHERE payment_id IS NOT NULL OR kind = 'billing';

-- Each provider's webhooks arrive at its own route and are worked off by one worker, which
-- asks the provider that sent them what they name.
ALTER TABLE webhook_inbox ADD COLUMN provider TEXT NOT NULL DEFAULT 'toss';
