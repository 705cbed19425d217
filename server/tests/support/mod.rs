//! The server's test harness: the in-process sandbox plus the server over real HTTP, on SQLite
//! or on a PostgreSQL database of its own (created per test, dropped after).
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use leptos_tosspayments::domain::server_api::OrderView;
use serde_json::{Value, json};
use sqlx::Connection;
use tosspayments_sandbox::{Sandbox, SandboxConfig, SandboxHandle, docs_keys};
use tosspayments_server::catalog::DemoCatalog;
use tosspayments_server::db::Db;
use tosspayments_server::keys::Keys;
use tosspayments_server::provider::PaymentProvider;
use tosspayments_server::state::{AppState, Settings};
use tosspayments_server::toss::TossClient;

/// The PostgreSQL every test machine runs (trust auth).
pub const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the temp directory.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// A database made for one test, removed when dropped.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database(String),
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("ltp-test-{unique}.sqlite"));
                TestDb {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    cleanup: Cleanup::File(path),
                }
            }
            Backend::Postgres => {
                let name = format!("ltp_test_{unique}");
                let mut admin = sqlx::PgConnection::connect(PG_ADMIN).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is not reachable at {PG_ADMIN} ({e}). The PostgreSQL suite needs it: \
                         start it (pg_ctlcluster <version> main start) and run the tests again."
                    )
                });
                sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
                    .await
                    .unwrap();
                TestDb {
                    url: format!("postgres://postgres@127.0.0.1:5432/{name}"),
                    cleanup: Cleanup::Database(name),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database(name) => {
                let name = name.clone();
                // Drop runs inside the test's runtime: use a thread with a runtime of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        if let Ok(mut admin) = sqlx::PgConnection::connect(PG_ADMIN).await {
                            let _ = sqlx::Executor::execute(
                                &mut admin,
                                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                            )
                            .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Which key pair the server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPairKind {
    /// `gck`/`gsk`: the payment widget.
    Widget,
    /// `ck`/`sk`: payment window and billing.
    ApiIndividual,
}

impl KeyPairKind {
    /// The documented (client, secret) test pair.
    pub fn pair(self) -> (&'static str, &'static str) {
        match self {
            KeyPairKind::Widget => (docs_keys::WIDGET_CLIENT, docs_keys::WIDGET_SECRET),
            KeyPairKind::ApiIndividual => (docs_keys::API_CLIENT, docs_keys::API_SECRET),
        }
    }
}

/// A sandbox, a database and one or more server instances on it.
pub struct Env {
    pub sandbox: SandboxHandle,
    pub db: TestDb,
    pub servers: Vec<(String, AppState)>,
    pub http: reqwest::Client,
    pub client_key: &'static str,
}

/// The sandbox the tests use: hangs of 5 s (past the server's 1.5 s timeout), webhook retry
/// "minutes" of 50 ms.
pub fn sandbox_config() -> SandboxConfig {
    SandboxConfig {
        hang_for: Duration::from_secs(5),
        webhook_retry_minute: Duration::from_millis(50),
        ..SandboxConfig::default()
    }
}

pub fn settings() -> Settings {
    Settings {
        toss_timeout: Duration::from_millis(1500),
        follower_wait: Duration::from_secs(10),
        confirm_retries: 2,
        reconcile_every: Duration::from_secs(3600),
        reconcile_grace: Duration::ZERO,
        claim_timeout: Duration::from_secs(1800),
        unpaid_ttl: Duration::from_secs(24 * 3600),
        inbox_retention: Duration::from_secs(30 * 24 * 3600),
        reconcile_batch: 100,
        recheck_max: Duration::from_secs(6 * 3600),
        recheck_paid_for: Duration::from_secs(30 * 24 * 3600),
        webhook_retry: Duration::from_millis(100),
        allowed_origins: vec!["http://127.0.0.1:8080".to_owned()],
    }
}

impl Env {
    pub async fn start(backend: Backend) -> Env {
        Env::start_with(backend, KeyPairKind::Widget, 1).await
    }

    pub async fn start_with(backend: Backend, keys: KeyPairKind, instances: usize) -> Env {
        Env::start_custom(backend, keys, instances, sandbox_config()).await
    }

    pub async fn start_custom(
        backend: Backend,
        keys: KeyPairKind,
        instances: usize,
        config: SandboxConfig,
    ) -> Env {
        Env::start_full(backend, keys, instances, config, Arc::new(|s| s)).await
    }

    /// One instance that takes payments through `providers` besides Toss's Core API.
    pub async fn start_with_providers(
        backend: Backend,
        providers: Vec<Arc<dyn PaymentProvider>>,
    ) -> Env {
        let customize: Customize = Arc::new(move |mut state: AppState| {
            for provider in &providers {
                state = state.with_provider(provider.clone());
            }
            state
        });
        Env::start_full(backend, KeyPairKind::Widget, 1, sandbox_config(), customize).await
    }

    /// One instance (API keys, for billing) whose state `customize` finishes.
    pub async fn start_customized(backend: Backend, customize: Customize) -> Env {
        Env::start_full(
            backend,
            KeyPairKind::ApiIndividual,
            1,
            sandbox_config(),
            customize,
        )
        .await
    }

    async fn start_full(
        backend: Backend,
        keys: KeyPairKind,
        instances: usize,
        config: SandboxConfig,
        customize: Customize,
    ) -> Env {
        let sandbox = Sandbox::start(config).await.unwrap();
        let db = TestDb::new(backend).await;
        let (client_key, secret) = keys.pair();
        let mut servers = Vec::new();
        for _ in 0..instances {
            servers.push(
                start_server_with(&sandbox, &db.url, client_key, secret, customize.clone()).await,
            );
        }
        sandbox.set_webhook_url(Some(format!("{}/api/webhooks/toss", servers[0].0)));
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Env {
            sandbox,
            db,
            servers,
            http,
            client_key,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.servers[0].0)
    }

    pub fn state(&self) -> &AppState {
        &self.servers[0].1
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.post_to(0, path, body).await
    }

    pub async fn post_to(&self, instance: usize, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.servers[instance].0))
            .json(&body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// `POST` with `Authorization: Bearer <token>`.
    /// `POST` with `Authorization: Bearer <token>` and a fresh `Idempotency-Key`.
    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let key = uuid::Uuid::new_v4().to_string();
        self.post_keyed(token, path, body, &key).await
    }

    /// `POST` with `Authorization: Bearer <token>` and the `Idempotency-Key` `key`.
    pub async fn post_keyed(
        &self,
        token: &str,
        path: &str,
        body: Value,
        key: &str,
    ) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// `POST /api/orders/{id}/cancel` with the order's access token (from its creation).
    pub async fn cancel(&self, order: &OrderView, body: Value) -> (u16, Value) {
        let key = uuid::Uuid::new_v4().to_string();
        self.cancel_with_key(order, body, &key).await
    }

    /// [`Env::cancel`] with the caller's `Idempotency-Key` (the same on a retry).
    pub async fn cancel_with_key(&self, order: &OrderView, body: Value, key: &str) -> (u16, Value) {
        let token = order
            .access_token
            .as_ref()
            .expect("a created order has a token");
        let path = format!("/api/orders/{}/cancel", order.order_id);
        self.post_keyed(token.as_str(), &path, body, key).await
    }

    /// `POST /api/billing/charge` of one monthly plan, with the billing method's access token
    /// (from [`Env::register_card`]).
    pub async fn charge(&self, customer: &str, token: &str) -> (u16, Value) {
        let body = json!({"customerKey": customer, "lines": [{"productId": "plan-monthly", "quantity": 1}]});
        self.post_as(token, "/api/billing/charge", body).await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.http.get(self.url(path)).send().await.unwrap();
        read(r).await
    }

    /// `POST /api/orders` for a t-shirt and a mug (23,000 won).
    pub async fn order(&self) -> OrderView {
        let (status, body) = self
            .post("/api/orders", json!({"lines": [{"productId": "tshirt", "quantity": 1}, {"productId": "mug", "quantity": 1}]}))
            .await;
        assert_eq!(status, 201, "{body}");
        serde_json::from_value(body).unwrap()
    }

    /// What the SDK stand-in does when the buyer approves: returns the paymentKey.
    pub async fn authenticate(&self, order: &OrderView, amount: u64, method: &str) -> String {
        let r = self
            .http
            .post(format!(
                "{}/sandbox/sdk/authenticate",
                self.sandbox.base_url()
            ))
            .json(&json!({
                "clientKey": self.client_key,
                // The key the order showed, or a guest's (as a checkout shown none pays).
                "customerKey": order.customer_key.as_ref().map_or("@@ANONYMOUS", |k| k.as_str()),
                "flow": "WIDGET",
                "method": method,
                "orderId": order.order_id,
                "orderName": order.order_name,
                "amount": {"value": amount, "currency": "KRW"},
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json::<Value>().await.unwrap()["paymentKey"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A call to the sandbox's own routes (what its SDK stand-ins' sheets and windows do).
    pub async fn sandbox_post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.sandbox.base_url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// `POST /api/tosspay/checkout` for `order` with its access token: the payToken.
    pub async fn tosspay_checkout(&self, order: &OrderView) -> String {
        let (status, body) = self
            .post_as(
                order.access_token.as_ref().unwrap().as_str(),
                "/api/tosspay/checkout",
                json!({"orderId": order.order_id, "returnUrl": "http://shop.test/tosspay/return",
                       "cancelUrl": "http://shop.test/tosspay/cancel"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(
            body["checkoutPage"]
                .as_str()
                .unwrap()
                .contains("/payfront/auth?payToken=")
        );
        body["payToken"].as_str().unwrap().to_owned()
    }

    /// The buyer's `button` (`approve`, `cancel`) on Toss Pay's page: a 303 back to the shop.
    pub async fn tosspay_press(&self, pay_token: &str, button: &str) {
        let r = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(format!(
                "{}/sandbox/tosspay/{pay_token}/{button}",
                self.sandbox.base_url()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303);
    }

    /// Billing auth of a card in the sandbox: the successUrl's `authKey`.
    pub async fn billing_auth(&self, customer: &str) -> String {
        let auth: Value = self
            .http
            .post(format!(
                "{}/sandbox/sdk/billing-auth",
                self.sandbox.base_url()
            ))
            .json(&json!({"clientKey": self.client_key, "customerKey": customer, "method": "CARD"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        auth["authKey"].as_str().unwrap().to_owned()
    }

    /// What the SDK stand-in and the billing successUrl do when `customer` registers a card:
    /// billing auth at the sandbox, then `POST /api/billing/issue` with its authKey; the
    /// answer carries the `accessToken` a charge needs.
    pub async fn register_card(&self, customer: &str) -> (u16, Value) {
        let auth_key = self.billing_auth(customer).await;
        self.post(
            "/api/billing/issue",
            json!({"customerKey": customer, "authKey": auth_key}),
        )
        .await
    }

    /// The successUrl's values, sent to the server.
    pub async fn confirm(&self, payment_key: &str, order: &OrderView, amount: u64) -> (u16, Value) {
        self.post(
            "/api/payments/confirm",
            json!({"paymentKey": payment_key, "orderId": order.order_id, "amount": amount}),
        )
        .await
    }

    pub async fn status(&self, order_id: &str) -> String {
        let (s, body) = self.get(&format!("/api/orders/{order_id}")).await;
        assert_eq!(s, 200, "{body}");
        body["status"].as_str().unwrap().to_owned()
    }

    /// Waits until every stored webhook is worked off (at most 10 s).
    pub async fn drained(&self) {
        for _ in 0..400 {
            if self.state().db.inbox_pending().await.unwrap() == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("webhooks still pending");
    }

    /// Waits until the sandbox has sent every webhook it is going to (no new delivery for
    /// 200 ms) and the server has worked them all off.
    pub async fn webhooks_settled(&self) {
        let mut seen = self.sandbox.webhook_deliveries().len();
        for _ in 0..50 {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let now = self.sandbox.webhook_deliveries().len();
            if now == seen {
                break;
            }
            seen = now;
        }
        self.drained().await;
    }

    /// Waits (at most 10 s) until the order has `status`.
    pub async fn wait_for_status(&self, order_id: &str, status: &str) {
        for _ in 0..400 {
            if self.status(order_id).await == status {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "order {order_id} never became {status}: it is {}",
            self.status(order_id).await
        );
    }
}

/// Responses read through [`read`], and how many of them carried a secret key.
pub static RESPONSES_SCANNED: AtomicUsize = AtomicUsize::new(0);
/// See [`RESPONSES_SCANNED`].
pub static RESPONSES_WITH_SECRET: AtomicUsize = AtomicUsize::new(0);

/// Whether `text` holds either documented secret key, raw or inside a Basic header.
pub fn holds_secret(text: &str) -> bool {
    use base64::Engine;
    [docs_keys::WIDGET_SECRET, docs_keys::API_SECRET]
        .iter()
        .any(|secret| {
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("{secret}:"));
            text.contains(secret) || text.contains(&basic)
        })
}

/// Reads a response (status, JSON body), scanning its headers and body for a secret key.
pub async fn read(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let headers = format!("{:?}", r.headers());
    let text = r.text().await.unwrap_or_default();
    RESPONSES_SCANNED.fetch_add(1, Ordering::Relaxed);
    if holds_secret(&headers) || holds_secret(&text) {
        RESPONSES_WITH_SECRET.fetch_add(1, Ordering::Relaxed);
    }
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A server instance on `db_url`, talking to the sandbox, with its background workers.
pub async fn start_server(
    sandbox: &SandboxHandle,
    db_url: &str,
    client: &str,
    secret: &str,
) -> (String, AppState) {
    start_server_with(sandbox, db_url, client, secret, Arc::new(|s| s)).await
}

/// Finishes a test server's state (providers, identity).
pub type Customize = Arc<dyn Fn(AppState) -> AppState + Send + Sync>;

/// [`start_server`] whose state `customize` finishes.
pub async fn start_server_with(
    sandbox: &SandboxHandle,
    db_url: &str,
    client: &str,
    secret: &str,
    customize: Customize,
) -> (String, AppState) {
    let keys = Keys::new(client, secret).unwrap();
    let settings = settings();
    let toss = TossClient::new(sandbox.base_url(), &keys.secret, settings.toss_timeout);
    let state = AppState::new(
        Db::connect(db_url).await.unwrap(),
        toss,
        keys.client.clone(),
        sandbox.sdk_url(),
        Arc::new(DemoCatalog),
        settings,
    );
    // Toss Pay too, through the same sandbox (it serves pay.toss.im's paths), with Toss Pay's
    // docs key.
    let state = state.with_tosspay(tosspayments_server::tosspay::TossPayClient::new(
        sandbox.base_url(),
        tosspayments_server::tosspay::TossPayKey::parse(docs_keys::TOSSPAY_API_KEY).unwrap(),
        Duration::from_secs(5),
    ));
    // And Apps-in-Toss' partner API, with the sandbox's Toss login (a cookie).
    let partner = tosspayments_server::apps_in_toss::PartnerClient::new(
        sandbox.base_url(),
        None,
        Duration::from_secs(5),
    )
    .unwrap();
    let login = tosspayments_server::apps_in_toss::SandboxTossLogin::for_client(&partner).unwrap();
    let state = state.with_apps_in_toss(partner, Arc::new(login));
    // And Toss Payments through PortOne (the sandbox serves api.iamport.kr's paths), with the
    // REST key of PortOne's own client tests.
    let state = state.with_portone(
        tosspayments_server::portone::PortOneClient::new(
            sandbox.base_url(),
            tosspayments_server::portone::PortOneKeys::new(
                docs_keys::PORTONE_API_KEY,
                docs_keys::PORTONE_API_SECRET,
            )
            .unwrap(),
            Duration::from_secs(5),
        ),
        tosspayments_server::portone_pay::PortOneBrowser {
            merchant_code: docs_keys::PORTONE_MERCHANT_CODE.to_owned(),
            sdk_url: format!("{}/v1/iamport.js", sandbox.base_url()),
        },
    );
    // No rate limits in tests (every request comes from one address); the limits' own test
    // turns them on.
    let mut state = state;
    state.limits = tosspayments_server::limits::Limits::per_minute(0, false);
    let state = customize(state);
    // The webhook worker only (the reconciler is run explicitly by the tests).
    tosspayments_server::webhooks::spawn_worker(state.clone(), Duration::from_millis(200));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = tosspayments_server::router(state.clone());
    // TCP_NODELAY, as the server binary listens.
    let listener = tosspayments_server::without_delay(listener);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, state)
}

/// Declares each listed test once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            )*
        }
    };
}

/// Runs futures concurrently (on this task) and collects their outputs in order.
pub async fn join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    use std::pin::Pin;
    use std::task::Poll;
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, r) in futures.iter_mut().zip(results.iter_mut()) {
            if r.is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => *r = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(|r| r.expect("all ready")).collect()
}

/// One instance with buyers' sessions on (API keys, for billing).
pub async fn with_sessions(backend: Backend) -> Env {
    Env::start_customized(
        backend,
        std::sync::Arc::new(|state: tosspayments_server::AppState| {
            state.with_sessions(tosspayments_server::session::Sessions::new(
                tosspayments_server::session::SessionSecret::generate(),
            ))
        }),
    )
    .await
}

/// `POST /api/session`: a guest's session cookie (`name=value`) and customer key.
pub async fn sign_in(env: &Env) -> (String, String) {
    let r = env.http.post(env.url("/api/session")).send().await.unwrap();
    let set_cookie = r
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let (status, body) = read(r).await;
    assert_eq!(status, 200, "{body}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    (cookie, body["customerKey"].as_str().unwrap().to_owned())
}

/// A request with `cookie` (a session), if any, and a fresh `Idempotency-Key`.
pub async fn send_with(
    env: &Env,
    method: reqwest::Method,
    path: &str,
    cookie: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = env
        .http
        .request(method, env.url(path))
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string());
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    read(request.send().await.unwrap()).await
}
