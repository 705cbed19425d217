//! # tosspayments-server
//!
//! The secret-key half of leptos-tosspayments, and where money is kept safe. Run it as a
//! binary (`tosspayments-server`, configured from the environment, see [`config`]) or mount
//! [`router`] in your own axum app.
//!
//! | route | what |
//! |---|---|
//! | `GET /api/config` | the client key and SDK URL for the browser (never the secret key) |
//! | `GET /api/products` | the catalog ([`catalog::Pricing`]) |
//! | `POST /api/orders` | prices a cart on the server and stores the order |
//! | `GET /api/orders/{orderId}` | the order (`?refresh=true` asks Toss first) |
//! | `POST /api/payments/confirm` | confirms the successUrl's payment, exactly once ([`confirm`]) |
//! | `POST /api/orders/{orderId}/cancel` | full or partial cancel / refund ([`cancel`]); needs the order's [`access`] token |
//! | `POST /api/webhooks/toss` | Toss's webhooks, stored then re-verified with Toss ([`webhooks`]) |
//! | `POST /api/billing/issue`, `/api/billing/charge` | billing keys ([`billing`]); a charge needs the [`access`] token of the issue |
//! | `GET /api/openapi.json` | this API as an OpenAPI 3.1 document, generated from the code ([`openapi`]) |
//!
//! Payments come through [`provider`]s on one order ledger: Toss's Core API
//! ([`provider::toss::TossCore`]) is registered by default, and a storefront adds its own with
//! [`AppState::with_provider`].
//!
//! Errors are `{code, message}` JSON ([`error::AppError`]). Orders live in SQLite by default
//! and in PostgreSQL when several instances share the work ([`db`]); a background
//! [`reconcile`]r settles whatever a crash or a lost answer left in between.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! # let my_catalog = std::sync::Arc::new(tosspayments_server::catalog::DemoCatalog);
//! let state = tosspayments_server::config::Config::from_env()?.into_state(my_catalog).await?;
//! tosspayments_server::spawn_background(&state);
//! let app = axum::Router::new().merge(tosspayments_server::router(state));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! // TCP_NODELAY on every connection ([`without_delay`]).
//! let listener = tosspayments_server::without_delay(listener);
//! // The peer address keys the per-client rate limits ([`limits`]); without it every client
//! // shares one budget.
//! let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```

pub mod access;
pub mod apps_in_toss;
pub mod billing;
pub mod brandpay;
pub mod cancel;
pub mod catalog;
pub mod checkout;
pub mod config;
pub mod confirm;
pub mod db;
pub mod error;
pub mod health;
pub mod idempotency;
pub mod identity;
pub mod keys;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod orders;
pub mod policy;
pub mod portone;
pub mod portone_billing;
pub mod portone_pay;
pub mod provider;
pub mod reconcile;
pub mod session;
pub mod staff;
pub mod state;
pub mod toss;
pub mod toss_code;
pub mod tosspay;
pub mod transitions;
pub mod webhooks;

use leptos_tosspayments::domain::error_code::ErrorCode;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos_tosspayments::domain::server_api::{
    ApiErrorBody, BillingView, CancelOrderRequest, ChargeBillingRequest, ClientConfig,
    ConfirmPaymentRequest, CreateOrderRequest, IssueBillingKeyRequest, OrderStatus, OrderView,
    ProductView, paths,
};
use leptos_tosspayments::{CustomerKey, OrderId};
use serde::Deserialize;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use access::Proof;
use error::{AppError, AppJson, AppPath, AppQuery};
use identity::Caller;
pub use leptos_tosspayments as domain;
pub use state::AppState;

/// `listener` with `TCP_NODELAY` set on every connection it accepts, for `axum::serve`
/// (which does not set it). Without it, an answer written in two parts (headers, then body)
/// can wait for the client's delayed ACK, 20 to 40 ms on Linux, on some requests only.
pub fn without_delay(
    listener: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    fn no_delay(tcp: &mut tokio::net::TcpStream) {
        // A socket that refuses the option still works, only slower.
        let _ = tcp.set_nodelay(true);
    }
    axum::serve::ListenerExt::tap_io(listener, no_delay as fn(&mut tokio::net::TcpStream))
}

/// The API as a router, to serve alone or merge into a storefront's app.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let origins: Vec<HeaderValue> = state
        .settings
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ]);
    let timeout = state.settings.follower_wait + Duration::from_secs(10);
    // Shared by every request behind one pointer: a request clones an `Arc`, not the state
    // (its clients, providers and strings).
    let state = Arc::new(state);
    Router::new()
        // One table of paths, shared with the browser's client (`server_api::paths`).
        // The routes anyone can call, several of which call the provider with the secret key,
        // are rate-limited per client; a route layer applies to the routes before it.
        .route(paths::CONFIG, get(client_config))
        .route(
            paths::SESSION,
            get(session::current)
                .post(session::sign_in_guest)
                .delete(session::sign_out),
        )
        .route(paths::PRODUCTS, get(products))
        .route(paths::ORDERS, post(create_order))
        .route(paths::ORDER, get(get_order))
        .route(paths::CANCEL, post(cancel_order))
        .route(paths::CONFIRM, post(confirm_payment))
        .route(paths::BILLING_ISSUE, post(issue_billing))
        .route(paths::BILLING_CHARGE, post(charge_billing))
        .route(paths::BILLING_METHOD, axum::routing::delete(delete_billing))
        .route(paths::BRANDPAY_CALLBACK, get(brandpay::callback))
        .route(paths::TOSSPAY_CHECKOUT, post(checkout::create))
        .route(paths::TOSSPAY_EXECUTE, post(checkout::execute))
        .route(paths::APPS_IN_TOSS_CHECKOUT, post(checkout::create_in_app))
        .route(paths::APPS_IN_TOSS_EXECUTE, post(checkout::execute_in_app))
        .route(paths::PORTONE_CONFIG, get(portone_pay::config))
        .route(paths::PORTONE_VERIFY, post(portone_pay::verify))
        .route(paths::PORTONE_PREPARE, post(portone_pay::prepare))
        .route(paths::PORTONE_BILLING_ISSUE, post(portone_pay::billing_issue))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), limits::limit))
        .route(paths::HEALTH, get(|| async { "ok" }))
        .route(paths::READY, get(health::ready))
        .route(paths::ADMIN_ORDERS, get(staff::list_orders))
        .route(paths::ADMIN_ORDER_EVENTS, get(staff::order_events))
        .route(paths::ADMIN_CANCEL, post(staff::cancel_order))
        .route(paths::ADMIN_MISMATCHES, get(staff::mismatches))
        .route(paths::ADMIN_WEBHOOKS, get(staff::webhooks))
        .route(paths::ADMIN_HEALTH, get(staff::health))
        .route(paths::METRICS, get(metrics::serve))
        .route(paths::OPENAPI, get(openapi::serve))
        // The API's requests are small; a layer applies to the routes added before it, so the
        // webhook route below keeps its own, larger limit (a Payment object with its cancels).
        .layer(RequestBodyLimitLayer::new(64 * 1024))
        .route(paths::WEBHOOK, post(webhook).layer(RequestBodyLimitLayer::new(webhooks::MAX_BODY)))
        .route(paths::TOSSPAY_CALLBACK, post(tosspay_callback).layer(RequestBodyLimitLayer::new(webhooks::MAX_BODY)))
        .route(paths::PORTONE_WEBHOOK, post(portone_notice).layer(RequestBodyLimitLayer::new(webhooks::MAX_BODY)))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout))
        .layer(axum::middleware::map_response(error::json_errors))
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Starts the reconciler and the webhook worker for `state`.
pub fn spawn_background(state: &AppState) -> Vec<tokio::task::JoinHandle<()>> {
    state.health.started();
    vec![
        reconcile::spawn(state.clone(), state.settings.reconcile_every),
        webhooks::spawn_worker(state.clone(), state.settings.reconcile_every),
    ]
}

fn order_id(raw: &str) -> Result<OrderId, AppError> {
    OrderId::parse(raw).map_err(|e| AppError::bad(ErrorCode::InvalidOrderId, e.to_string()))
}

#[utoipa::path(get, path = "/api/config", tag = "config",
    responses((status = 200, description = "The client key and SDK URL (never the secret key)", body = ClientConfig)))]
async fn client_config(State(s): State<Arc<AppState>>) -> Json<ClientConfig> {
    Json(ClientConfig {
        client_key: s.client_key.clone(),
        sdk_url: s.sdk_url.clone(),
    })
}

#[utoipa::path(get, path = "/api/products", tag = "orders",
    responses((status = 200, description = "The catalog, priced by the server", body = Vec<ProductView>),
              (status = 503, description = "CATALOG_UNAVAILABLE", body = ApiErrorBody)))]
async fn products(State(s): State<Arc<AppState>>) -> Result<Json<Vec<ProductView>>, AppError> {
    Ok(Json(s.pricing.products().await?))
}

#[utoipa::path(post, path = "/api/orders", tag = "orders", request_body = CreateOrderRequest,
    responses((status = 201, description = "The order, priced by the server, with its access token (once)", body = OrderView),
              (status = 400, description = "Bad input: `{code, message}`", body = ApiErrorBody),
              (status = 409, description = "ORDER_ID_TAKEN", body = ApiErrorBody)))]
async fn create_order(
    State(s): State<Arc<AppState>>,
    caller: Caller,
    AppJson(req): AppJson<CreateOrderRequest>,
) -> Result<(StatusCode, Json<OrderView>), AppError> {
    // A signed-in buyer's orders are theirs (and theirs to cancel, signed in, without the
    // token); a customer key of someone else is refused.
    if let Some(key) = &req.customer_key {
        caller.may_act_for(key)?;
    }
    let customer = req
        .customer_key
        .clone()
        .or_else(|| caller.0.clone())
        .unwrap_or_else(CustomerKey::generate);
    let (row, token) =
        orders::create(&s, &req, db::OrderKind::Normal, customer, None, None).await?;
    let mut view = orders::view(&row)?;
    view.access_token = Some(token);
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize)]
struct Refresh {
    #[serde(default)]
    refresh: bool,
}

#[utoipa::path(get, path = "/api/orders/{order_id}", tag = "orders",
    params(("order_id" = String, Path, description = "The order id"),
           ("refresh" = Option<bool>, Query, description = "Ask Toss first")),
    responses((status = 200, description = "The order", body = OrderView),
              (status = 404, description = "NOT_FOUND", body = ApiErrorBody)))]
async fn get_order(
    State(s): State<Arc<AppState>>,
    access::MaybeProof(proof): access::MaybeProof,
    AppPath(raw): AppPath<String>,
    AppQuery(q): AppQuery<Refresh>,
) -> Result<Json<OrderView>, AppError> {
    let id = order_id(&raw)?;
    let mut row = orders::load(&s.db, &id).await?;
    if q.refresh
        && let (Some(provider), Some(payment)) = (&row.provider, &row.payment_id)
    {
        let found = s
            .provider(provider)?
            .lookup(payment)
            .await
            .map_err(AppError::Upstream)?;
        row = orders::apply_truth(&s.db, &row, &found, "refresh").await?;
    }
    Ok(Json(orders::view_for(&row, &proof)?))
}

#[utoipa::path(post, path = "/api/payments/confirm", tag = "payments", request_body = ConfirmPaymentRequest,
    responses((status = 200, description = "Confirmed with Toss (paid, or waiting for a deposit)", body = OrderView),
              (status = 400, description = "AMOUNT_MISMATCH and other bad input; Toss was not called", body = ApiErrorBody),
              (status = 402, description = "Toss refused the payment (Toss's code)", body = ApiErrorBody),
              (status = 409, description = "ALREADY_PAID, ORDER_EXPIRED, CONFIRM_IN_PROGRESS", body = ApiErrorBody),
              (status = 503, description = "CONFIRM_PENDING: the outcome is being checked with Toss", body = ApiErrorBody)))]
async fn confirm_payment(
    State(s): State<Arc<AppState>>,
    caller: Caller,
    AppJson(req): AppJson<ConfirmPaymentRequest>,
) -> Result<Json<OrderView>, AppError> {
    // A successUrl's query (all a confirm needs) travels in histories and logs: its answer
    // shows the customer key to the signed-in customer only.
    let mut view = confirm::confirm(&s, &req).await?;
    view.customer_key = caller.own(view.customer_key);
    Ok(Json(view))
}

#[utoipa::path(post, path = "/api/orders/{order_id}/cancel", tag = "orders", request_body = CancelOrderRequest,
    params(("order_id" = String, Path, description = "The order id"),
           ("Idempotency-Key" = String, Header, description = "Required: one per intended cancel, the same on a retry (1-100 printable ASCII)")),
    security(("bearer" = [])),
    responses((status = 200, description = "The order after the cancel", body = OrderView),
              (status = 400, description = "Bad input: `{code, message}`", body = ApiErrorBody),
              (status = 401, description = "ACCESS_TOKEN_REQUIRED", body = ApiErrorBody),
              (status = 403, description = "ACCESS_DENIED", body = ApiErrorBody),
              (status = 409, description = "NOT_CANCELLABLE, CANCEL_REFUSED", body = ApiErrorBody)))]
async fn cancel_order(
    State(s): State<Arc<AppState>>,
    AppPath(raw): AppPath<String>,
    proof: Proof,
    idempotency::Required(key): idempotency::Required,
    AppJson(req): AppJson<CancelOrderRequest>,
) -> Result<Json<OrderView>, AppError> {
    let id = order_id(&raw)?;
    Ok(Json(
        cancel::cancel(&s, &id, &cancel::Actor::Buyer(proof), &req, &key).await?,
    ))
}

#[utoipa::path(post, path = "/api/webhooks/toss", tag = "webhooks",
    request_body(content = Object, description = "A Toss webhook (PAYMENT_STATUS_CHANGED, CANCEL_STATUS_CHANGED, DEPOSIT_CALLBACK); stored, then re-verified with Toss"),
    responses((status = 200, description = "Stored"), (status = 400, description = "Bad input: `{code, message}`", body = ApiErrorBody)))]
async fn webhook(State(s): State<Arc<AppState>>, body: Bytes) -> Result<StatusCode, AppError> {
    webhooks::receive(&s, &provider::ProviderId::toss(), &body).await?;
    Ok(StatusCode::OK)
}

#[utoipa::path(post, path = "/api/webhooks/portone", tag = "webhooks",
    responses((status = 200, description = "Stored; the payment is looked up with PortOne"),
              (status = 400, description = "Not JSON", body = ApiErrorBody)))]
async fn portone_notice(
    State(s): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    // PortOne's console sends notices as JSON or as a form (its webhook guide): a form's
    // fields are stored as the same JSON object.
    let form = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let body = if form {
        let fields: serde_json::Map<String, serde_json::Value> = form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
            .collect();
        Bytes::from(serde_json::Value::Object(fields).to_string())
    } else {
        body
    };
    webhooks::receive(&s, &provider::ProviderId::portone(), &body).await?;
    Ok(StatusCode::OK)
}

#[utoipa::path(post, path = "/api/webhooks/tosspay", tag = "webhooks",
    request_body(content = Object, description = "Toss Pay's resultCallback; stored, then re-verified with Toss Pay's status API"),
    responses((status = 200, description = "Stored"), (status = 400, description = "Bad input: `{code, message}`", body = ApiErrorBody)))]
async fn tosspay_callback(
    State(s): State<Arc<AppState>>,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    webhooks::receive(&s, &provider::ProviderId::tosspay(), &body).await?;
    Ok(StatusCode::OK)
}

#[utoipa::path(post, path = "/api/billing/issue", tag = "billing", request_body = IssueBillingKeyRequest,
    params(("Authorization" = Option<String>, Header, description = "`Bearer <token>` of the current method, to replace it (or be the signed-in customer)")),
    responses((status = 200, description = "The registered method (the billing key stays on the server) and its access token", body = BillingView),
              (status = 400, description = "Bad input: `{code, message}`", body = ApiErrorBody),
              (status = 403, description = "ACCESS_DENIED: another customer's key, or a replacement without the signed-in customer or the method's token", body = ApiErrorBody)))]
async fn issue_billing(
    State(s): State<Arc<AppState>>,
    access::MaybeProof(proof): access::MaybeProof,
    AppJson(req): AppJson<IssueBillingKeyRequest>,
) -> Result<Json<BillingView>, AppError> {
    Ok(Json(billing::issue(&s, &proof, &req).await?))
}

#[utoipa::path(post, path = "/api/billing/charge", tag = "billing", request_body = ChargeBillingRequest,
    params(("Idempotency-Key" = String, Header, description = "Required: one per intended charge, the same on a retry (1-100 printable ASCII)")),
    security(("bearer" = [])),
    responses((status = 200, description = "The charged order", body = OrderView),
              (status = 202, description = "The charge is still in doubt (confirming)", body = OrderView),
              (status = 400, description = "Bad input: `{code, message}`", body = ApiErrorBody),
              (status = 401, description = "ACCESS_TOKEN_REQUIRED", body = ApiErrorBody)))]
/// 200 with the charged order, or 202 while the charge is still in doubt (`confirming`). An
/// `Idempotency-Key` makes a repeated request answer with the same order.
async fn charge_billing(
    State(s): State<Arc<AppState>>,
    proof: Proof,
    idempotency::Required(key): idempotency::Required,
    AppJson(req): AppJson<ChargeBillingRequest>,
) -> Result<(StatusCode, Json<OrderView>), AppError> {
    let view = billing::charge(&s, &proof, &req, &key).await?;
    let status = match view.status {
        OrderStatus::Confirming => StatusCode::ACCEPTED,
        _ => StatusCode::OK,
    };
    Ok((status, Json(view)))
}

#[utoipa::path(delete, path = "/api/billing/methods/{customer_key}", tag = "billing",
    params(("customer_key" = String, Path, description = "The customer")),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted at Toss and here"),
              (status = 401, description = "ACCESS_TOKEN_REQUIRED", body = ApiErrorBody),
              (status = 403, description = "ACCESS_DENIED: not the method's token (or no method)", body = ApiErrorBody),
              (status = 502, description = "Toss's answer is in doubt; the method is kept, send it again", body = ApiErrorBody)))]
async fn delete_billing(
    State(s): State<Arc<AppState>>,
    proof: Proof,
    AppPath(raw): AppPath<String>,
) -> Result<StatusCode, AppError> {
    let customer = CustomerKey::parse(&raw)
        .map_err(|e| AppError::bad(ErrorCode::InvalidPath, e.to_string()))?;
    billing::delete(&s, &proof, &customer).await?;
    Ok(StatusCode::NO_CONTENT)
}
