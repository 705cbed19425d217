-- Every change of an order is one statement. A change sets the order's new status together
-- with its cause (`last_cause`, `last_detail`), and these triggers append the audit event in
-- the same statement, so the event can neither be forgotten nor written without the change,
-- and a change needs no transaction of its own (one round trip instead of four).
ALTER TABLE orders ADD COLUMN last_cause TEXT;
ALTER TABLE orders ADD COLUMN last_detail TEXT;

CREATE TRIGGER orders_event_on_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO payment_events (order_id, from_status, to_status, cause, detail, at)
    VALUES (NEW.order_id, NULL, NEW.status, NEW.last_cause, NEW.last_detail, NEW.updated_at);
END;

-- Only status changes bump `version` (the access-token and lease updates do not).
CREATE TRIGGER orders_event_on_change AFTER UPDATE OF version ON orders
WHEN NEW.version <> OLD.version
BEGIN
    INSERT INTO payment_events (order_id, from_status, to_status, cause, detail, at)
    VALUES (NEW.order_id, OLD.status, NEW.status, NEW.last_cause, NEW.last_detail, NEW.updated_at);
END;
