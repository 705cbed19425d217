//! Toss BrandPay on the ledger, over real HTTP against the sandbox, on SQLite and PostgreSQL:
//! the redirectUrl exchanges a code for the signed-in customer only; a BrandPay payment is
//! confirmed with BrandPay's confirm for the order's customer, once, with the amount checked
//! before Toss is called; query, cancel and Toss's webhooks work for it like any payment.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{Backend, Env, send_with, sign_in, with_sessions};
use tosspayments_sandbox::Endpoint;

on_both_databases!(
    the_redirect_url_exchanges_a_code_for_the_signed_in_customer_only,
    a_brandpay_payment_is_confirmed_once_for_its_customer_and_cancelled,
);

/// The sheet registers a card for `customer`: the code it sends to the redirectUrl.
async fn register(env: &Env, customer: &str) -> String {
    let (status, body) = env
        .sandbox_post(
            "/sandbox/sdk/brandpay/register",
            json!({"clientKey": env.client_key, "customerKey": customer}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["code"].as_str().unwrap().to_owned()
}

fn callback(code: &str, customer: &str) -> String {
    format!("/api/brandpay/callback?code={code}&customerKey={customer}")
}

async fn the_redirect_url_exchanges_a_code_for_the_signed_in_customer_only(backend: Backend) {
    let env = with_sessions(backend).await;
    let (cookie, customer) = sign_in(&env).await;
    let code = register(&env, &customer).await;
    // Nobody signed in; someone else signed in; a guest's key: refused before Toss is called.
    let (status, body) =
        send_with(&env, Method::GET, &callback(&code, &customer), None, None).await;
    assert_eq!(status, 401, "{body}");
    let (stranger, _) = sign_in(&env).await;
    let (status, body) = send_with(
        &env,
        Method::GET,
        &callback(&code, &customer),
        Some(&stranger),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED")),
        "{body}"
    );
    let (status, body) = send_with(
        &env,
        Method::GET,
        &callback(&code, "@@ANONYMOUS"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(env.sandbox.count(Endpoint::BrandpayAccessToken), 0);
    // The customer's own session: exchanged, and no token is shown.
    let (status, body) = send_with(
        &env,
        Method::GET,
        &callback(&code, &customer),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["customerKey"].as_str(), body["expiresIn"].as_u64()),
        (Some(customer.as_str()), Some(2_592_000))
    );
    assert!(!body.to_string().contains("bpat_"), "{body}");
    // A reload of the redirect sends the same code with the same Idempotency-Key: Toss
    // answers it again, and the code is exchanged once.
    let (status, body) = send_with(
        &env,
        Method::GET,
        &callback(&code, &customer),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(env.sandbox.applied(Endpoint::BrandpayAccessToken), 1);
    // A code Toss does not know: its refusal reaches the buyer as a 4xx with Toss's code.
    let (status, body) = send_with(
        &env,
        Method::GET,
        &callback("bpc_not-a-code", &customer),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (402, Some("INVALID_REQUEST")),
        "{body}"
    );
}

async fn a_brandpay_payment_is_confirmed_once_for_its_customer_and_cancelled(backend: Backend) {
    let env = with_sessions(backend).await;
    let (cookie, customer) = sign_in(&env).await;
    let code = register(&env, &customer).await;
    let (status, _) = send_with(
        &env,
        Method::GET,
        &callback(&code, &customer),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let lines = json!({"lines": [{"productId": "tshirt", "quantity": 1}, {"productId": "mug", "quantity": 1}]});
    let (status, order) = send_with(
        &env,
        Method::POST,
        "/api/orders",
        Some(&cookie),
        Some(lines),
    )
    .await;
    assert_eq!(status, 201, "{order}");
    let order_id = order["orderId"].as_str().unwrap().to_owned();
    let (status, paid) = env
        .sandbox_post(
            "/sandbox/sdk/brandpay/authenticate",
            json!({"clientKey": env.client_key, "customerKey": customer, "orderId": order_id,
               "orderName": order["orderName"], "amount": {"value": 23_000, "currency": "KRW"}}),
        )
        .await;
    assert_eq!(status, 200, "{paid}");
    let key = paid["paymentKey"].as_str().unwrap().to_owned();
    let confirm = |amount: i64| json!({"paymentKey": key, "orderId": order_id, "amount": amount, "paymentType": "BRANDPAY"});
    // A tampered amount never reaches Toss.
    let (status, body) = env.post("/api/payments/confirm", confirm(100)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("AMOUNT_MISMATCH")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::BrandpayConfirm), 0);
    // Confirmed with BrandPay's confirm (the order's customer key), once.
    let (status, body) = env.post("/api/payments/confirm", confirm(23_000)).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
    let (status, again) = env.post("/api/payments/confirm", confirm(23_000)).await;
    assert_eq!(
        (status, again["status"].as_str()),
        (200, Some("paid")),
        "{again}"
    );
    assert_eq!(env.sandbox.applied(Endpoint::BrandpayConfirm), 1);
    assert_eq!(env.sandbox.count(Endpoint::Confirm), 0);
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let stored = env.state().db.order(&id).await.unwrap().unwrap();
    assert_eq!(
        stored.provider.as_ref().map(|p| p.as_str()),
        Some("toss-brandpay")
    );

    // Asked again of Toss, then cancelled by the buyer's session; Toss's webhooks about it
    // (on Toss's route) are applied to the BrandPay order.
    let path = format!("/api/orders/{order_id}?refresh=true");
    let (status, body) = send_with(&env, Method::GET, &path, Some(&cookie), None).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
    let cancel = format!("/api/orders/{order_id}/cancel");
    let (status, body) = send_with(
        &env,
        Method::POST,
        &cancel,
        Some(&cookie),
        Some(json!({"reason": "단순 변심"})),
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
    env.webhooks_settled().await;
    let outcomes = env.state().db.inbox_outcomes().await.unwrap();
    assert!(
        outcomes
            .iter()
            .any(|o| o == "applied PAYMENT_STATUS_CHANGED: cancelled"),
        "{outcomes:?}"
    );
    assert!(
        outcomes.iter().all(|o| !o.starts_with("ignored")),
        "{outcomes:?}"
    );
}
