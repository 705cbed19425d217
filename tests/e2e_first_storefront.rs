//! "Your first storefront" (`examples/first-storefront`), built by trunk, pays end to end in
//! headless Chromium against the sandbox. It has **its own backend** (here, in this test): it
//! prices the order, and its confirm compares the amount and calls Toss's Core API itself. The
//! library's components and hooks (`use_confirm_payment`) are all the browser side uses.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use base64::Engine;
use serde_json::{Value, json};
use support::browser::Browser;
use support::page::find;
use tosspayments_sandbox::{Sandbox, SandboxConfig, SandboxHandle, docs_keys};
use tower_http::services::{ServeDir, ServeFile};

/// The storefront's own backend: orders it priced, and the sandbox it confirms with.
#[derive(Clone)]
struct Backend {
    orders: Arc<Mutex<HashMap<String, u64>>>,
    sandbox_base: String,
    sdk_url: String,
    http: reqwest::Client,
}

async fn checkout(State(b): State<Backend>) -> Json<Value> {
    let order_id = format!("my-order-{}", b.orders.lock().unwrap().len() + 1);
    b.orders.lock().unwrap().insert(order_id.clone(), 15_000);
    Json(json!({
        "clientKey": docs_keys::WIDGET_CLIENT, "sdkUrl": b.sdk_url,
        "orderId": order_id, "orderName": "토스 티셔츠", "amount": 15_000,
    }))
}

async fn confirm(State(b): State<Backend>, Json(req): Json<Value>) -> (StatusCode, Json<Value>) {
    let order_id = req["orderId"].as_str().unwrap_or_default();
    let stored = b.orders.lock().unwrap().get(order_id).copied();
    if stored.is_none() || req["amount"].as_u64() != stored {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!("amount differs from my order")),
        );
    }
    let auth =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:", docs_keys::WIDGET_SECRET));
    let r = b
        .http
        .post(format!("{}/v1/payments/confirm", b.sandbox_base))
        .header("Authorization", format!("Basic {auth}"))
        .header("Idempotency-Key", format!("confirm-{order_id}"))
        .json(&req)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let payment: Value = r.json().await.unwrap();
    if !status.is_success() {
        return (StatusCode::BAD_GATEWAY, Json(payment["message"].clone()));
    }
    (
        StatusCode::OK,
        Json(json!({"status": payment["status"], "total": payment["totalAmount"]})),
    )
}

async fn shop(sandbox: &SandboxHandle) -> String {
    let dist = support::static_site::first_storefront_dir();
    let backend = Backend {
        orders: Arc::default(),
        sandbox_base: sandbox.base_url().to_owned(),
        sdk_url: sandbox.sdk_url(),
        http: reqwest::Client::new(),
    };
    // The SPA fallback: /success and /fail are the same index.html.
    let pages = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    let app = axum::Router::new()
        .route("/shop/checkout", axum::routing::get(checkout))
        .route("/shop/confirm", axum::routing::post(confirm))
        .with_state(backend)
        .fallback_service(pages);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_storefront_pays_through_its_own_backend() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let base = shop(&sandbox).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    c.goto(&format!("{base}/")).await.unwrap();
    find(c, "[data-testid=sandbox-methods-widget]").await;
    assert!(
        find(c, "#pay")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "not payable before the agreement"
    );
    find(c, "[data-testid=sandbox-agreement]")
        .await
        .click()
        .await
        .unwrap();
    let pay = find(c, "#pay").await;
    for _ in 0..100 {
        if pay.attr("disabled").await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    pay.click().await.unwrap();
    find(c, "[data-testid=sandbox-approve]")
        .await
        .click()
        .await
        .unwrap();
    let paid = find(c, "#paid").await.text().await.unwrap();
    assert_eq!(paid, "DONE 15000원");
    let url = c.current_url().await.unwrap();
    let order_id = url
        .query_pairs()
        .find(|(k, _)| k == "orderId")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let payments = sandbox.payments_for_order(&order_id);
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].status, "DONE");

    // The same success page with the amount changed: my backend refuses, nothing more is
    // confirmed, and the page says so instead of showing a payment.
    let mut tampered = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "amount" {
                "100".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(pairs);
    c.goto(tampered.as_str()).await.unwrap();
    let failed = find(c, "#failed").await.text().await.unwrap();
    assert!(failed.contains("amount differs"), "{failed}");
    assert_eq!(sandbox.payments_for_order(&order_id)[0].status, "DONE");
}
