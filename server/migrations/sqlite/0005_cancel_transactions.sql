-- The transaction key of every cancel Toss reported for an order's payment. A
-- CANCEL_STATUS_CHANGED webhook carries only a Cancel object (no paymentKey, no orderId), so
-- this is how it finds its order; the payment is then fetched from Toss and applied.
CREATE TABLE cancel_transactions (
    transaction_key TEXT PRIMARY KEY,
    order_id TEXT NOT NULL
);
