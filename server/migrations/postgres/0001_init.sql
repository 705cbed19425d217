-- Orders are server-authoritative: the amount here is what the server priced.
CREATE TABLE orders (
    order_id           TEXT PRIMARY KEY,
    order_name         TEXT NOT NULL,
    amount             BIGINT NOT NULL,
    balance            BIGINT NOT NULL,
    currency           TEXT NOT NULL,
    customer_key       TEXT NOT NULL,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL,
    payment_key        TEXT,
    method             TEXT,
    approved_at        TEXT,
    va_bank            TEXT,
    va_account         TEXT,
    va_due             TEXT,
    deposit_secret     TEXT,
    failure_code       TEXT,
    confirm_started_at BIGINT,
    version            BIGINT NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX orders_status ON orders (status);

-- Append-only audit trail: every change of an order and its cause.
CREATE TABLE payment_events (
    id          BIGSERIAL PRIMARY KEY,
    order_id    TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    cause       TEXT NOT NULL,
    detail      TEXT,
    at          BIGINT NOT NULL
);
CREATE INDEX payment_events_order ON payment_events (order_id);

-- Webhooks are stored before they are answered, then worked off.
CREATE TABLE webhook_inbox (
    id           BIGSERIAL PRIMARY KEY,
    received_at  BIGINT NOT NULL,
    body         TEXT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    processed_at BIGINT,
    outcome      TEXT
);
CREATE INDEX webhook_inbox_pending ON webhook_inbox (processed_at);

CREATE TABLE billing_keys (
    customer_key TEXT PRIMARY KEY,
    billing_key  TEXT NOT NULL,
    method       TEXT NOT NULL,
    card_number  TEXT,
    created_at   BIGINT NOT NULL
);
