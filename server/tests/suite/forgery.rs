//! Forgery and tampering: forged webhooks of every kind, DEPOSIT_CALLBACKs with a wrong, a
//! missing or another order's secret, successUrl values with a changed amount, orderId or
//! paymentKey, another customer's order id, and cancels (refunds to the sender's account) by
//! whoever knows an order id but not its access token. Target: no order changes (status, payment,
//! balance, failure), Toss approves or cancels nothing, and the real buyer can still pay.

use std::time::Duration;

use leptos_tosspayments::domain::server_api::OrderView;
use serde_json::{Value, json};
use tosspayments_sandbox::Endpoint;

use super::{Figure, db_name, inbox_drained, stored_orders};
use crate::support::{Backend, Env};

/// Runs every forgery once on one database.
pub async fn forgeries(backend: Backend) -> Vec<Figure> {
    let env = Env::start(backend).await;
    // A paid order (customer A), an authenticated but unconfirmed one (customer B), an order
    // nobody has paid (customer D), and two virtual accounts awaiting deposits.
    let paid = env.order().await;
    let paid_key = env.authenticate(&paid, 23_000, "CARD").await;
    assert_eq!(env.confirm(&paid_key, &paid, 23_000).await.0, 200);
    let pending = env.order().await;
    let pending_key = env.authenticate(&pending, 23_000, "CARD").await;
    let fresh = env.order().await;
    let mut accounts = Vec::new();
    for _ in 0..2 {
        let va = env.order().await;
        let key = env.authenticate(&va, 23_000, "VIRTUAL_ACCOUNT").await;
        assert_eq!(env.confirm(&key, &va, 23_000).await.0, 200);
        accounts.push(va);
    }
    let secret_of = |o: &OrderView| {
        env.sandbox.payments_for_order(o.order_id.as_str())[0]
            .secret
            .clone()
            .unwrap()
    };
    let other_secret = secret_of(&accounts[1]);
    inbox_drained(&env, Duration::from_secs(5)).await;

    let before = stored_orders(&env.db.url).await;
    let approvals_before = env.sandbox.applied(Endpoint::Confirm);
    let cancels_before = env.sandbox.applied(Endpoint::Cancel);
    let t = "2024-01-01T00:00:00.000000";
    let webhooks = [
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": t, "data": {"paymentKey": pending_key, "orderId": pending.order_id, "status": "DONE", "totalAmount": 23000, "balanceAmount": 23000}}),
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": t, "data": {"paymentKey": "tviva20240101forgedkey00001", "orderId": fresh.order_id, "status": "DONE"}}),
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": t, "data": {"paymentKey": "bad key with spaces", "orderId": fresh.order_id, "status": "DONE"}}),
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": t, "data": {"paymentKey": paid_key, "orderId": fresh.order_id, "status": "DONE"}}),
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": t, "data": {"orderId": fresh.order_id, "status": "DONE"}}),
        json!({"eventType": "CANCEL_STATUS_CHANGED", "createdAt": t, "data": {"paymentKey": paid_key, "orderId": paid.order_id, "status": "CANCELED", "balanceAmount": 0}}),
        json!({"eventType": "BILLING_DELETED", "createdAt": t, "data": {"billingKey": "x"}}),
        json!({"createdAt": t, "secret": "ps_wrong_secret_0000000000", "status": "DONE", "transactionKey": "tx", "orderId": accounts[0].order_id}),
        json!({"createdAt": t, "status": "DONE", "transactionKey": "tx", "orderId": accounts[0].order_id}),
        json!({"createdAt": t, "secret": other_secret, "status": "DONE", "transactionKey": "tx", "orderId": accounts[0].order_id}),
        json!({"createdAt": t, "secret": "", "status": "DONE", "transactionKey": "tx", "orderId": accounts[0].order_id}),
        json!({"createdAt": t, "secret": other_secret, "status": "DONE", "transactionKey": "tx", "orderId": "no-such-order-000001"}),
    ];
    let mut webhook_refused_at_door = 0;
    for body in &webhooks {
        let (status, _) = env.post("/api/webhooks/toss", body.clone()).await;
        if status != 200 {
            webhook_refused_at_door += 1;
        }
    }
    let successes: Vec<Value> = vec![
        // The amount lowered in the successUrl.
        json!({"paymentKey": pending_key, "orderId": pending.order_id, "amount": 100}),
        // A made-up paymentKey.
        json!({"paymentKey": "tviva20240101madeupkey000001", "orderId": pending.order_id, "amount": 23000}),
        // B's paymentKey on D's (another customer's) order.
        json!({"paymentKey": pending_key, "orderId": fresh.order_id, "amount": 23000}),
        // A's approved paymentKey on B's order.
        json!({"paymentKey": paid_key, "orderId": pending.order_id, "amount": 23000}),
        // B's paymentKey on A's paid order.
        json!({"paymentKey": pending_key, "orderId": paid.order_id, "amount": 23000}),
        // An order that does not exist.
        json!({"paymentKey": pending_key, "orderId": "no-such-order-000001", "amount": 23000}),
    ];
    let mut tamper_accepted = 0;
    let mut tamper_unclear = 0;
    for body in &successes {
        let (status, answer) = env.post("/api/payments/confirm", body.clone()).await;
        if status < 400 {
            tamper_accepted += 1;
        }
        if !(400..500).contains(&status) || answer["code"].as_str().is_none() {
            eprintln!("tampered confirm {body} answered {status} {answer}");
            tamper_unclear += 1;
        }
    }
    // Cancels of A's paid order and of a virtual account by someone who knows
    // only the order id, or holds another order's token, or a made-up one.
    let paid_path = format!("/api/orders/{}/cancel", paid.order_id);
    let va_path = format!("/api/orders/{}/cancel", accounts[0].order_id);
    let refund_to_thief = json!({"reason": "refund", "refundAccount": {"bank": "20", "accountNumber": "9999999999", "holderName": "도둑"}});
    let fresh_token = fresh.access_token.as_ref().unwrap().as_str();
    let cancels = [
        env.post(&paid_path, json!({"reason": "not mine"})).await,
        env.post_as(fresh_token, &paid_path, json!({"reason": "not mine"}))
            .await,
        env.post_as(&"f".repeat(64), &paid_path, json!({"reason": "not mine"}))
            .await,
        env.post_as(fresh_token, &va_path, refund_to_thief.clone())
            .await,
        env.post(&va_path, refund_to_thief).await,
    ];
    let cancel_accepted = cancels.iter().filter(|(s, _)| *s < 400).count();
    let cancel_unclear = cancels
        .iter()
        .filter(|(s, b)| !matches!(s, 401 | 403) || b["code"].as_str().is_none())
        .inspect(|(s, b)| eprintln!("forged cancel answered {s} {b}"))
        .count();
    inbox_drained(&env, Duration::from_secs(10)).await;
    let after = stored_orders(&env.db.url).await;
    let changed = before
        .iter()
        .filter(|b| !after.iter().any(|a| a == *b))
        .count()
        + after.len().saturating_sub(before.len());
    let toss_changes = (env.sandbox.applied(Endpoint::Confirm) - approvals_before)
        + (env.sandbox.applied(Endpoint::Cancel) - cancels_before);
    let rejected_deposits = env
        .state()
        .db
        .inbox_outcomes()
        .await
        .unwrap()
        .iter()
        .filter(|o| o.contains("secret mismatch"))
        .count();

    // The real buyer of B is not locked out by any of it.
    let (status, answer) = env.confirm(&pending_key, &pending, 23_000).await;
    let legit_ok = status == 200 && answer["status"] == "paid";

    let db = db_name(backend);
    vec![
        Figure::info(
            "forgery",
            format!("forged webhooks sent, on {db}"),
            format!(
                "{} ({} refused at the door)",
                webhooks.len(),
                webhook_refused_at_door
            ),
        ),
        Figure::all(
            "forgery",
            format!("DEPOSIT_CALLBACKs with a wrong/empty/other order's secret rejected, on {db}"),
            rejected_deposits,
            3,
        ),
        Figure::info(
            "forgery",
            format!("tampered successUrl confirms sent, on {db}"),
            successes.len().to_string(),
        ),
        Figure::zero(
            "forgery",
            format!("tampered confirms accepted, on {db}"),
            tamper_accepted,
            successes.len(),
        ),
        Figure::zero(
            "forgery",
            format!("tampered confirms without a clear 4xx, on {db}"),
            tamper_unclear,
            successes.len(),
        ),
        Figure::zero(
            "forgery",
            format!("cancels without the order's access token accepted, on {db}"),
            cancel_accepted,
            cancels.len(),
        ),
        Figure::zero(
            "forgery",
            format!("cancels without the order's access token not a 401/403, on {db}"),
            cancel_unclear,
            cancels.len(),
        ),
        Figure::zero(
            "forgery",
            format!("orders changed by forgeries, on {db}"),
            changed,
            before.len(),
        ),
        Figure::zero(
            "forgery",
            format!("approvals/cancels at Toss caused, on {db}"),
            toss_changes,
            webhooks.len() + successes.len() + cancels.len(),
        ),
        Figure::all(
            "forgery",
            format!("real buyer pays afterwards, on {db}"),
            usize::from(legit_ok),
            1,
        ),
    ]
}
