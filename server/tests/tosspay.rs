//! Toss Pay on the ledger, over real HTTP against the sandbox's Toss Pay API, on SQLite and
//! PostgreSQL: the server creates the payment of a stored order and keeps its payToken; the
//! buyer approves on Toss Pay's page; the server executes it exactly once (concurrent returns,
//! a lost answer), refunds in part and in full (once per intended refund), re-verifies every
//! resultCallback, and never pays an order whose Toss Pay amount differs.

mod support;

use leptos_tosspayments::OrderId;
use leptos_tosspayments::domain::server_api::OrderView;
use serde_json::{Value, json};
use support::{Backend, Env};
use tosspayments_sandbox::{Endpoint, Fault, docs_keys};
use tosspayments_server::provider::{PaymentId, ProviderId};

on_both_databases!(
    toss_pay_executes_once_and_refunds_in_part_then_in_full,
    a_lost_execute_answer_is_settled_by_the_status,
    result_callbacks_are_re_verified_and_duplicates_change_nothing,
    a_buyer_who_leaves_toss_pay_can_pay_again,
    a_toss_pay_amount_that_differs_from_the_order_is_never_paid,
);

async fn execute(env: &Env, order: &OrderView) -> (u16, Value) {
    env.post("/api/tosspay/execute", json!({"orderId": order.order_id}))
        .await
}

async fn toss_pay_executes_once_and_refunds_in_part_then_in_full(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    // Only the order's buyer asks for its checkout.
    let (status, _) = env
        .post(
            "/api/tosspay/checkout",
            json!({"orderId": order.order_id, "returnUrl": "http://shop.test/r", "cancelUrl": "http://shop.test/c"}),
        )
        .await;
    assert_eq!(status, 401);
    let token = env.tosspay_checkout(&order).await;
    env.tosspay_press(&token, "approve").await;
    // The buyer's return page, opened five times at once: one execute reaches Toss Pay.
    let answers = support::join_all((0..5).map(|_| execute(&env, &order))).await;
    for (status, body) in &answers {
        assert_eq!(
            (*status, body["status"].as_str()),
            (200, Some("paid")),
            "{body}"
        );
    }
    assert_eq!(env.sandbox.applied(Endpoint::TossPayExecute), 1);
    let stored = env
        .state()
        .db
        .order(&order.order_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.provider, Some(ProviderId::tosspay()));
    assert_eq!(stored.payment_id, Some(PaymentId::parse(&token).unwrap()));

    // A partial refund, sent twice with one Idempotency-Key, refunds once; then the rest.
    let partial = json!({"reason": "사이즈 교환", "amount": 3_000});
    let (status, first) = env
        .cancel_with_key(&order, partial.clone(), "refund-click-1")
        .await;
    assert_eq!(
        (status, first["status"].as_str()),
        (200, Some("partially_cancelled")),
        "{first}"
    );
    let (status, again) = env.cancel_with_key(&order, partial, "refund-click-1").await;
    assert_eq!(
        (status, again["balance"]["value"].as_i64()),
        (200, Some(20_000)),
        "{again}"
    );
    let (status, all) = env.cancel(&order, json!({"reason": "단순 변심"})).await;
    assert_eq!(
        (status, all["status"].as_str()),
        (200, Some("cancelled")),
        "{all}"
    );
    // Toss Pay refunded twice: the retried request was answered from its refundNo.
    let status: Value = env
        .http
        .post(format!("{}/api/v2/status", env.sandbox.base_url()))
        .json(&json!({"apiKey": docs_keys::TOSSPAY_API_KEY, "payToken": token}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refunds = status["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["stepType"] == "REFUND")
        .count();
    assert_eq!(
        (status["payStatus"].as_str(), refunds),
        (Some("REFUND_SUCCESS"), 2)
    );
}

async fn a_lost_execute_answer_is_settled_by_the_status(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let token = env.tosspay_checkout(&order).await;
    env.tosspay_press(&token, "approve").await;
    env.sandbox
        .inject(Endpoint::TossPayExecute, Fault::LoseResponse, 1);
    let (status, body) = execute(&env, &order).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
    assert_eq!(env.sandbox.applied(Endpoint::TossPayExecute), 1);
}

async fn result_callbacks_are_re_verified_and_duplicates_change_nothing(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let token = env.tosspay_checkout(&order).await;
    env.tosspay_press(&token, "approve").await;
    // A callback claiming completion before anything was executed: Toss Pay says approved only.
    let forged = json!({"status": "PAY_COMPLETE", "payToken": token, "orderNo": order.order_id, "amount": 1});
    let (status, _) = env.post("/api/webhooks/tosspay", forged.clone()).await;
    assert_eq!(status, 200);
    env.webhooks_settled().await;
    assert_eq!(env.status(order.order_id.as_str()).await, "created");
    let (status, _) = execute(&env, &order).await;
    assert_eq!(status, 200);
    // The same callback twice after the payment: the truth again, nothing more.
    for _ in 0..2 {
        let (status, _) = env.post("/api/webhooks/tosspay", forged.clone()).await;
        assert_eq!(status, 200);
    }
    env.webhooks_settled().await;
    assert_eq!(env.status(order.order_id.as_str()).await, "paid");
    let outcomes = env.state().db.inbox_outcomes().await.unwrap();
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert_eq!(env.sandbox.applied(Endpoint::TossPayExecute), 1);
    // A body without a payToken is stored and ignored.
    let (status, _) = env
        .post("/api/webhooks/tosspay", json!({"status": "PAY_COMPLETE"}))
        .await;
    assert_eq!(status, 200);
}

async fn a_buyer_who_leaves_toss_pay_can_pay_again(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let token = env.tosspay_checkout(&order).await;
    env.tosspay_press(&token, "cancel").await;
    // Executing a cancelled payment fails (looked up first: PAY_CANCEL).
    let (status, body) = execute(&env, &order).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(env.status(order.order_id.as_str()).await, "failed");
    // A new checkout, approved this time.
    let again = env.tosspay_checkout(&order).await;
    assert_ne!(again, token);
    env.tosspay_press(&again, "approve").await;
    let (status, body) = execute(&env, &order).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
}

async fn a_toss_pay_amount_that_differs_from_the_order_is_never_paid(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    // A payToken for this order number but another amount (made with the merchant's key, as
    // a bug or a leaked key would), kept as the order's checkout.
    let created: Value = env
        .http
        .post(format!("{}/api/v2/payments", env.sandbox.base_url()))
        .json(
            &json!({"apiKey": docs_keys::TOSSPAY_API_KEY, "orderNo": order.order_id, "amount": 100,
                      "amountTaxFree": 0, "productDesc": "x", "retUrl": "http://shop.test/r",
                      "retCancelUrl": "http://shop.test/c"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["payToken"].as_str().unwrap();
    env.tosspay_press(token, "approve").await;
    let id = OrderId::parse(order.order_id.as_str()).unwrap();
    env.state()
        .db
        .put_checkout(
            &id,
            &ProviderId::tosspay(),
            &PaymentId::parse(token).unwrap(),
        )
        .await
        .unwrap();
    let (status, body) = execute(&env, &order).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "AMOUNT_MISMATCH", "{body}");
    assert_ne!(env.status(order.order_id.as_str()).await, "paid");
}
