//! Every fault mode, at every point it can be injected, over real HTTP: what the client sees
//! and what Toss's state becomes.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{Env, basic};
use tosspayments_sandbox::{Endpoint, Fault, Latency, SandboxConfig, docs_keys};

const SK: &str = docs_keys::WIDGET_SECRET;

async fn confirmed_payment(env: &Env, order: &str, amount: i64) -> String {
    let key = env.widget_payment(order, amount).await;
    assert_eq!(env.confirm(&key, order, amount).await.0, 200);
    key
}

#[tokio::test]
async fn error_answers_change_nothing_and_a_retry_succeeds() {
    for (fault, status, code) in [
        (
            Fault::InternalError,
            500,
            "FAILED_INTERNAL_SYSTEM_PROCESSING",
        ),
        (Fault::ProviderError, 400, "PROVIDER_ERROR"),
    ] {
        let env = Env::start().await;
        let key = env.widget_payment("order-fault-001", 5_000).await;
        env.sandbox.inject(Endpoint::Confirm, fault, 1);
        let (s, e) = env.confirm(&key, "order-fault-001", 5_000).await;
        assert_eq!((s, e["code"].as_str()), (status, Some(code)), "{fault:?}");
        let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
        assert_eq!(p["status"], "IN_PROGRESS", "{fault:?} must not approve");
        assert_eq!(
            env.confirm(&key, "order-fault-001", 5_000).await.0,
            200,
            "{fault:?} then retry"
        );
        assert_eq!(env.sandbox.count(Endpoint::Confirm), 2);
        assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
    }
}

#[tokio::test]
async fn a_rejected_confirm_aborts_the_payment() {
    let env = Env::start().await;
    let key = env.widget_payment("order-reject-01", 5_000).await;
    env.sandbox.inject(Endpoint::Confirm, Fault::RejectCard, 1);
    let (s, e) = env.confirm(&key, "order-reject-01", 5_000).await;
    assert_eq!((s, e["code"].as_str()), (403, Some("REJECT_CARD_PAYMENT")));
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "ABORTED");
    assert_eq!(p["failure"]["code"], "REJECT_CARD_PAYMENT");
    assert_eq!(
        env.confirm(&key, "order-reject-01", 5_000).await.1["code"],
        "ALREADY_PROCESSED_PAYMENT"
    );
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 0);
}

#[tokio::test]
async fn a_hang_outlasts_the_client_timeout_and_changes_nothing() {
    let env = Env::with(SandboxConfig {
        hang_for: Duration::from_secs(3),
        ..SandboxConfig::default()
    })
    .await;
    let key = env.widget_payment("order-hang-0001", 5_000).await;
    env.sandbox.inject(Endpoint::Confirm, Fault::Hang, 1);
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let r = impatient
        .post(env.url("/v1/payments/confirm"))
        .header("Authorization", basic(SK))
        .header("Idempotency-Key", "hang-1")
        .json(&json!({"paymentKey": key, "orderId": "order-hang-0001", "amount": 5000}))
        .send()
        .await;
    assert!(r.unwrap_err().is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2));
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "IN_PROGRESS");
    // The client gave up, so the sandbox abandons the hung request and forgets its key: a
    // retry with the same Idempotency-Key runs and approves once.
    let (s, p) = env
        .post_with(
            SK,
            "/v1/payments/confirm",
            json!({"paymentKey": key, "orderId": "order-hang-0001", "amount": 5000}),
            Some("hang-1"),
        )
        .await;
    assert_eq!((s, p["status"].as_str()), (200, Some("DONE")));
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
}

#[tokio::test]
async fn a_reset_connection_gives_no_answer_and_changes_nothing() {
    let env = Env::start().await;
    let key = env.widget_payment("order-reset-001", 5_000).await;
    env.sandbox
        .inject(Endpoint::Confirm, Fault::ResetConnection, 1);
    let r = env
        .http
        .post(env.url("/v1/payments/confirm"))
        .header("Authorization", basic(SK))
        .json(&json!({"paymentKey": key, "orderId": "order-reset-001", "amount": 5000}))
        .send()
        .await;
    let err = r.expect_err("no HTTP answer");
    assert!(!err.is_timeout(), "{err}");
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "IN_PROGRESS");
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 0);
}

#[tokio::test]
async fn a_lost_response_still_applies_at_every_point() {
    let env = Env::start().await;
    let no_answer = |r: Result<reqwest::Response, reqwest::Error>| {
        assert!(r.is_err(), "expected no answer, got {r:?}")
    };

    // Confirm: Toss approved, the merchant never heard; the query shows DONE.
    let key = env.widget_payment("order-lost-0001", 5_000).await;
    env.sandbox
        .inject(Endpoint::Confirm, Fault::LoseResponse, 1);
    no_answer(
        env.http
            .post(env.url("/v1/payments/confirm"))
            .header("Authorization", basic(SK))
            .header("Idempotency-Key", "lost-1")
            .json(&json!({"paymentKey": key, "orderId": "order-lost-0001", "amount": 5000}))
            .send()
            .await,
    );
    let (_, p) = env.get(SK, "/v1/payments/orders/order-lost-0001").await;
    assert_eq!(p["status"], "DONE");
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
    // Retrying with the same Idempotency-Key replays the approval instead of failing.
    let (s, replay) = env
        .post_with(
            SK,
            "/v1/payments/confirm",
            json!({"paymentKey": key, "orderId": "order-lost-0001", "amount": 5000}),
            Some("lost-1"),
        )
        .await;
    assert_eq!((s, replay["status"].as_str()), (200, Some("DONE")));

    // Cancel.
    env.sandbox.inject(Endpoint::Cancel, Fault::LoseResponse, 1);
    no_answer(
        env.http
            .post(env.url(&format!("/v1/payments/{key}/cancel")))
            .header("Authorization", basic(SK))
            .json(&json!({"cancelReason": "lost", "cancelAmount": 1000}))
            .send()
            .await,
    );
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(
        (p["status"].as_str(), p["balanceAmount"].as_u64()),
        (Some("PARTIAL_CANCELED"), Some(4_000))
    );

    // Billing charge.
    let sk = docs_keys::API_SECRET;
    let auth: serde_json::Value = env
        .http
        .post(env.url("/sandbox/sdk/billing-auth"))
        .json(&json!({"clientKey": docs_keys::API_CLIENT, "customerKey": "cust-lost-1", "method": "CARD"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (_, b) = env
        .post(
            sk,
            "/v1/billing/authorizations/issue",
            json!({"authKey": auth["authKey"], "customerKey": "cust-lost-1"}),
        )
        .await;
    env.sandbox
        .inject(Endpoint::BillingCharge, Fault::LoseResponse, 1);
    no_answer(
        env.http
            .post(env.url(&format!("/v1/billing/{}", b["billingKey"].as_str().unwrap())))
            .header("Authorization", basic(sk))
            .json(&json!({"customerKey": "cust-lost-1", "amount": 9900, "orderId": "order-lost-bill1", "orderName": "구독"}))
            .send()
            .await,
    );
    let (_, p) = env.get(sk, "/v1/payments/orders/order-lost-bill1").await;
    assert_eq!(
        (p["status"].as_str(), p["type"].as_str()),
        (Some("DONE"), Some("BILLING"))
    );
}

#[tokio::test]
async fn faults_reach_cancel_and_billing_and_queries_too() {
    let env = Env::start().await;
    let key = confirmed_payment(&env, "order-fpts-0001", 8_000).await;
    env.sandbox
        .inject(Endpoint::Cancel, Fault::InternalError, 2);
    let path = format!("/v1/payments/{key}/cancel");
    for _ in 0..2 {
        let (s, e) = env.post(SK, &path, json!({"cancelReason": "x"})).await;
        assert_eq!(
            (s, e["code"].as_str()),
            (500, Some("FAILED_INTERNAL_SYSTEM_PROCESSING"))
        );
    }
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "DONE", "failed cancels changed nothing");
    env.sandbox.inject(Endpoint::Query, Fault::ProviderError, 1);
    assert_eq!(env.get(SK, &format!("/v1/payments/{key}")).await.0, 400);
    assert_eq!(env.get(SK, &format!("/v1/payments/{key}")).await.0, 200);
    assert_eq!(
        env.post(SK, &path, json!({"cancelReason": "x"})).await.0,
        200
    );

    env.sandbox
        .inject(Endpoint::BillingCharge, Fault::RejectCard, 1);
    let (s, e) = env.post(docs_keys::API_SECRET, "/v1/billing/bk_any", json!({"customerKey": "c-1", "amount": 1, "orderId": "order-x-00001", "orderName": "x"})).await;
    assert_eq!((s, e["code"].as_str()), (403, Some("REJECT_CARD_PAYMENT")));
}

#[tokio::test]
async fn faults_can_be_scripted_over_http_and_latency_is_added() {
    let env = Env::start().await;
    let key = env.widget_payment("order-ctrl-0001", 5_000).await;
    let r = env
        .http
        .post(env.url("/sandbox/faults"))
        .json(&json!({"endpoint": "confirm", "fault": "provider_error", "times": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        env.confirm(&key, "order-ctrl-0001", 5_000).await.1["code"],
        "PROVIDER_ERROR"
    );
    env.http
        .delete(env.url("/sandbox/faults"))
        .send()
        .await
        .unwrap();
    let r = env
        .http
        .put(env.url("/sandbox/latency"))
        .json(&json!({"kind": "fixed", "ms": 250}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let started = Instant::now();
    assert_eq!(
        env.confirm(&key, "order-ctrl-0001", 5_000).await.0,
        200,
        "cleared faults no longer fire"
    );
    assert!(started.elapsed() >= Duration::from_millis(250));

    env.sandbox.set_latency(Latency::Random {
        min_ms: 20,
        max_ms: 60,
    });
    for _ in 0..5 {
        let started = Instant::now();
        env.get(SK, &format!("/v1/payments/{key}")).await;
        assert!(started.elapsed() >= Duration::from_millis(20));
    }
    let r = env
        .http
        .post(env.url("/sandbox/faults"))
        .json(&json!({"endpoint": "confirm", "fault": "explode"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "an unknown fault is refused");
}
