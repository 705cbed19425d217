//! The bare pass-through every server flow is measured against: it makes the upstream calls
//! the flow needs and nothing else (no database, claim or checks). Confirm and BrandPay
//! forward the request to the sandbox's confirm; Toss Pay executes and then reads the status,
//! since the execute answer carries none; PortOne looks the payment up with a token asked for
//! once (the server keeps its own the same way).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::{Value, json};
use tosspayments_sandbox::docs_keys;

use super::support::Env;

/// The pass-through's paths.
pub(crate) const CONFIRM: &str = "/confirm";
pub(crate) const BRANDPAY: &str = "/brandpay";
pub(crate) const TOSSPAY: &str = "/tosspay";
pub(crate) const PORTONE: &str = "/portone";

/// Where the sandbox is, and its credentials.
#[derive(Clone)]
struct Fwd {
    http: reqwest::Client,
    base: String,
    secret: &'static str,
    portone_token: String,
}

impl Fwd {
    /// POSTs `body` to the sandbox's `path` with the secret key, as Toss's Core API wants it.
    async fn toss(&self, path: &str, body: &Value) -> (StatusCode, Json<Value>) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .basic_auth(self.secret, Some(""))
            .json(body)
            .send()
            .await
            .unwrap();
        answer(r).await
    }
}

async fn answer(r: reqwest::Response) -> (StatusCode, Json<Value>) {
    let status = StatusCode::from_u16(r.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    (status, Json(r.json().await.unwrap_or(Value::Null)))
}

async fn confirm(State(f): State<Fwd>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    f.toss("/v1/payments/confirm", &body).await
}

async fn brandpay(State(f): State<Fwd>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    f.toss("/v1/brandpay/payments/confirm", &body).await
}

async fn tosspay(State(f): State<Fwd>, Json(mut body): Json<Value>) -> (StatusCode, Json<Value>) {
    body["apiKey"] = json!(docs_keys::TOSSPAY_API_KEY);
    let executed = f
        .http
        .post(format!("{}/api/v2/execute", f.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    if !executed.status().is_success() {
        return answer(executed).await;
    }
    let status = json!({"apiKey": docs_keys::TOSSPAY_API_KEY, "payToken": body["payToken"]});
    let r = f
        .http
        .post(format!("{}/api/v2/status", f.base))
        .json(&status)
        .send()
        .await
        .unwrap();
    answer(r).await
}

async fn portone(State(f): State<Fwd>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    let imp_uid = body["imp_uid"].as_str().unwrap_or_default();
    let r = f
        .http
        .get(format!("{}/payments/{imp_uid}", f.base))
        .bearer_auth(&f.portone_token)
        .send()
        .await
        .unwrap();
    answer(r).await
}

/// Starts the pass-through to `env`'s sandbox with `secret` (the key pair's secret key); its
/// base URL. It listens as the server does (`TCP_NODELAY`), so that only the work differs.
pub(crate) async fn start(env: &Env, secret: &'static str) -> String {
    let token = super::flows::sandbox_post(
        env,
        "/users/getToken",
        json!({"imp_key": docs_keys::PORTONE_API_KEY, "imp_secret": docs_keys::PORTONE_API_SECRET}),
    )
    .await["response"]["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let fwd = Fwd {
        http: reqwest::Client::new(),
        base: env.sandbox.base_url().to_owned(),
        secret,
        portone_token: token,
    };
    let app = axum::Router::new()
        .route(CONFIRM, post(confirm))
        .route(BRANDPAY, post(brandpay))
        .route(TOSSPAY, post(tosspay))
        .route(PORTONE, post(portone))
        .with_state(fwd);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let listener = tosspayments_server::without_delay(listener);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}
