-- A payment a provider minted for an order before the buyer saw it (Toss Pay's payToken): kept
-- with the order until the buyer comes back and the ledger claims it, so the server never takes
-- the payment's id from the browser.
CREATE TABLE checkouts (
    order_id   TEXT NOT NULL,
    provider   TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (order_id, provider)
);
