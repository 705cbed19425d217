//! Helpers shared by the sandbox's HTTP tests.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};
use tosspayments_sandbox::{Sandbox, SandboxConfig, SandboxHandle, docs_keys};

/// A started sandbox plus an HTTP client.
pub struct Env {
    pub sandbox: SandboxHandle,
    pub http: reqwest::Client,
}

pub fn basic(secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{secret}:"))
    )
}

impl Env {
    pub async fn start() -> Env {
        Env::with(SandboxConfig::default()).await
    }

    pub async fn with(config: SandboxConfig) -> Env {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Env { sandbox, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// What the SDK stand-in does when the buyer approves the payment window.
    pub async fn authenticate(
        &self,
        client_key: &str,
        order_id: &str,
        amount: i64,
        method: &str,
    ) -> String {
        let r = self
            .http
            .post(self.url("/sandbox/sdk/authenticate"))
            .json(&json!({
                "clientKey": client_key,
                "customerKey": "customer-1234",
                "flow": "WIDGET",
                "method": method,
                "orderId": order_id,
                "orderName": "토스 티셔츠 외 2건",
                "amount": {"value": amount, "currency": "KRW"},
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "authenticate: {}", r.text().await.unwrap());
        r.json::<Value>().await.unwrap()["paymentKey"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A widget card payment authenticated for `amount`.
    pub async fn widget_payment(&self, order_id: &str, amount: i64) -> String {
        self.authenticate(docs_keys::WIDGET_CLIENT, order_id, amount, "CARD")
            .await
    }

    pub async fn post(&self, secret: &str, path: &str, body: Value) -> (u16, Value) {
        self.post_with(secret, path, body, None).await
    }

    pub async fn post_with(
        &self,
        secret: &str,
        path: &str,
        body: Value,
        idem: Option<&str>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .post(self.url(path))
            .header("Authorization", basic(secret))
            .json(&body);
        if let Some(k) = idem {
            req = req.header("Idempotency-Key", k);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, secret: &str, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.url(path))
            .header("Authorization", basic(secret))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn confirm(&self, payment_key: &str, order_id: &str, amount: i64) -> (u16, Value) {
        self.post(
            docs_keys::WIDGET_SECRET,
            "/v1/payments/confirm",
            json!({"paymentKey": payment_key, "orderId": order_id, "amount": amount}),
        )
        .await
    }
}

/// Webhook bodies with their transmission id header.
pub type Received = Arc<Mutex<Vec<(Value, Option<String>)>>>;

/// A merchant webhook endpoint that records bodies and answers the queued statuses (then 200).
#[derive(Clone, Default)]
pub struct Merchant {
    pub received: Received,
    pub answers: Arc<Mutex<Vec<u16>>>,
}

impl Merchant {
    pub async fn start(&self) -> String {
        use axum::http::{HeaderMap, StatusCode};
        let me = self.clone();
        let app = axum::Router::new().route(
            "/webhook",
            axum::routing::post(
                move |headers: HeaderMap, axum::Json(body): axum::Json<Value>| {
                    let me = me.clone();
                    async move {
                        let tid = headers
                            .get("tosspayments-webhook-transmission-id")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        me.received.lock().unwrap().push((body, tid));
                        let mut answers = me.answers.lock().unwrap();
                        let code = if answers.is_empty() {
                            200
                        } else {
                            answers.remove(0)
                        };
                        StatusCode::from_u16(code).unwrap()
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/webhook")
    }

    pub fn bodies(&self) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(b, _)| b.clone())
            .collect()
    }

    /// Waits until `n` webhooks arrived (at most 5 s).
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..500 {
            if self.received.lock().unwrap().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.bodies()
    }
}
