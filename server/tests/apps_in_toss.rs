//! Apps-in-Toss (Toss Pay inside the Toss app) on the ledger, over real HTTP against the
//! sandbox's partner API, on SQLite and PostgreSQL: the server mints the in-app payment of a
//! stored order for the Toss user signed in (never one the browser names), executes it exactly
//! once after `checkoutPayment` (concurrent calls, a lost answer), never pays an amount that
//! differs from the order, and refunds everything that remains, once.

mod support;

use leptos_tosspayments::OrderId;
use leptos_tosspayments::domain::server_api::OrderView;
use serde_json::{Value, json};
use support::{Backend, Env};
use tosspayments_sandbox::{Endpoint, Fault};
use tosspayments_server::provider::{PaymentId, ProviderId};

on_both_databases!(
    an_in_app_payment_is_made_for_the_signed_in_toss_user_and_executed_once,
    a_lost_in_app_execute_answer_is_settled_by_the_status,
    in_app_refunds_are_of_everything_that_remains_and_happen_once,
    an_in_app_amount_that_differs_from_the_order_is_never_paid,
);

const USER: &str = "443731104";

/// `POST path` as the order's buyer, signed in with Toss as `user` (the sandbox's cookie).
async fn post_in_app(env: &Env, user: Option<&str>, path: &str, order: &OrderView) -> (u16, Value) {
    let mut request = env
        .http
        .post(env.url(path))
        .bearer_auth(order.access_token.as_ref().unwrap().as_str())
        .json(&json!({"orderId": order.order_id}));
    if let Some(user) = user {
        request = request.header("cookie", format!("ait_sandbox_user={user}"));
    }
    support::read(request.send().await.unwrap()).await
}

/// The in-app payment's payToken.
async fn checkout(env: &Env, order: &OrderView) -> String {
    let (status, body) = post_in_app(env, Some(USER), "/api/apps-in-toss/checkout", order).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("checkoutPage").is_none(), "{body}");
    body["payToken"].as_str().unwrap().to_owned()
}

/// The bridge stand-in's sheet: the buyer approves in the Toss app.
async fn approve(env: &Env, pay_token: &str) {
    let r = env
        .http
        .post(format!(
            "{}/sandbox/apps-in-toss/approve",
            env.sandbox.base_url()
        ))
        .json(&json!({"payToken": pay_token}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
}

async fn execute(env: &Env, order: &OrderView) -> (u16, Value) {
    post_in_app(env, None, "/api/apps-in-toss/execute", order).await
}

async fn an_in_app_payment_is_made_for_the_signed_in_toss_user_and_executed_once(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    // Nobody signed in with Toss: no payment (the browser cannot name a user).
    let (status, body) = post_in_app(&env, None, "/api/apps-in-toss/checkout", &order).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("TOSS_LOGIN_REQUIRED"))
    );
    let (status, _) = post_in_app(&env, Some("a~b"), "/api/apps-in-toss/checkout", &order).await;
    assert_eq!(status, 401, "a malformed user key signs nobody in");
    let token = checkout(&env, &order).await;
    // `checkoutPayment` has not resolved yet: Toss Pay refuses to execute, nothing is paid.
    let (status, body) = execute(&env, &order).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(env.status(order.order_id.as_str()).await, "failed");
    // The buyer tries again (a new payment for the same order), approves, and the mini-app
    // asks five times at once: one execute reaches Toss Pay.
    let token2 = checkout(&env, &order).await;
    assert_ne!(token, token2);
    approve(&env, &token2).await;
    let answers = support::join_all((0..5).map(|_| execute(&env, &order))).await;
    for (status, body) in &answers {
        assert_eq!(
            (*status, body["status"].as_str()),
            (200, Some("paid")),
            "{body}"
        );
    }
    assert_eq!(env.sandbox.applied(Endpoint::InAppExecute), 1);
    let stored = env
        .state()
        .db
        .order(&order.order_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.provider, Some(ProviderId::apps_in_toss()));
    assert_eq!(
        stored.payment_id,
        Some(PaymentId::parse(&format!("{USER}~{token2}")).unwrap())
    );
    // A paid order gets no new payment.
    let (status, body) = post_in_app(&env, Some(USER), "/api/apps-in-toss/checkout", &order).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NOT_PAYABLE")));
}

async fn a_lost_in_app_execute_answer_is_settled_by_the_status(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let token = checkout(&env, &order).await;
    approve(&env, &token).await;
    env.sandbox
        .inject(Endpoint::InAppExecute, Fault::LoseResponse, 1);
    let (status, body) = execute(&env, &order).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
    assert_eq!(env.sandbox.applied(Endpoint::InAppExecute), 1);
}

async fn in_app_refunds_are_of_everything_that_remains_and_happen_once(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let token = checkout(&env, &order).await;
    approve(&env, &token).await;
    let (status, _) = execute(&env, &order).await;
    assert_eq!(status, 200);
    // A part cannot be refunded in the Toss app: refused, nothing changes.
    let (status, body) = env
        .cancel(&order, json!({"reason": "사이즈 교환", "amount": 3_000}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("remains"),
        "{body}"
    );
    assert_eq!(env.sandbox.applied(Endpoint::InAppRefund), 0);
    assert_eq!(env.status(order.order_id.as_str()).await, "paid");
    // Everything, with the refund's answer lost: the status settles it, and a second request
    // finds the order cancelled; Toss Pay refunded once.
    env.sandbox
        .inject(Endpoint::InAppRefund, Fault::LoseResponse, 1);
    let all = json!({"reason": "단순 변심"});
    let (status, body) = env.cancel_with_key(&order, all.clone(), "refund-1").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
    let (status, body) = env.cancel_with_key(&order, all, "refund-2").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("NOT_CANCELLABLE"))
    );
    assert_eq!(env.sandbox.applied(Endpoint::InAppRefund), 1);
}

async fn an_in_app_amount_that_differs_from_the_order_is_never_paid(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    // A payToken for this order number but another amount (minted at the partner API with the
    // merchant's certificate, as a bug or a leaked certificate would), kept as the checkout.
    let created: Value = env
        .http
        .post(format!(
            "{}/api-partner/v1/apps-in-toss/pay/make-payment",
            env.sandbox.base_url()
        ))
        .header("x-toss-user-key", USER)
        .json(
            &json!({"orderNo": order.order_id, "amount": 100, "amountTaxFree": 0,
                      "productDesc": "x", "isTestPayment": true}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["success"]["payToken"].as_str().unwrap();
    approve(&env, token).await;
    env.state()
        .db
        .put_checkout(
            &OrderId::parse(order.order_id.as_str()).unwrap(),
            &ProviderId::apps_in_toss(),
            &PaymentId::parse(&format!("{USER}~{token}")).unwrap(),
        )
        .await
        .unwrap();
    let (status, body) = execute(&env, &order).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "AMOUNT_MISMATCH", "{body}");
    assert_ne!(env.status(order.order_id.as_str()).await, "paid");
}
