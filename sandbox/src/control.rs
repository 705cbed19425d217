//! The control API, `/sandbox/*`: what a test (or the SDK stand-in) tells the sandbox.
//!
//! | route | what |
//! |---|---|
//! | `POST /sandbox/sdk/authenticate` | the SDK stand-in reports an approved payment window (`easyPay`: the provider code of an easy pay); answers `{paymentKey}` |
//! | `POST /sandbox/sdk/billing-auth` | the SDK stand-in reports a card registration; answers `{authKey}` |
//! | `POST /sandbox/sdk/brandpay/register` `{clientKey, customerKey}` | the BrandPay sheet registered a card; answers `{code, methodId}` (the code goes to the merchant's redirectUrl) |
//! | `POST /sandbox/sdk/brandpay/status` `{clientKey, customerKey}` | what the sheet knows: `{methods, oneTouch, authorized, passwordChanges}` |
//! | `POST /sandbox/sdk/brandpay/settings` `{clientKey, customerKey, oneTouch?, passwordChanged?}` | the sheet's one-touch switch and password change; answers the status |
//! | `POST /sandbox/portone/pay` `{…request_pay's params, outcome, channel}` | the `iamport.js` stand-in's window: `approve`, `fail` or `cancel`; answers `{imp_uid, merchant_uid, status, error_code?, error_msg?}` |
//! | `POST /sandbox/apps-in-toss/approve` `{payToken}` | the Apps-in-Toss bridge stand-in's sheet approved a Toss Pay payment (`PAY_APPROVED`) |
//! | `POST /sandbox/sdk/brandpay/authenticate` `{clientKey, customerKey, methodId?, orderId, orderName, amount}` | the buyer paid in the BrandPay sheet; answers `{paymentKey}` |
//! | `POST /sandbox/virtual-accounts/{orderId}/deposit` | the buyer deposits: `DONE`, `DEPOSIT_CALLBACK` + `PAYMENT_STATUS_CHANGED` |
//! | `POST /sandbox/virtual-accounts/{orderId}/expire` | the deadline passes: the payment stays `WAITING_FOR_DEPOSIT`, `virtualAccount.expired: true`, no webhook (as Toss), a later deposit fails |
//! | `POST /sandbox/virtual-accounts/{orderId}/reverse` | the bank reverses the deposit: `DONE` → `WAITING_FOR_DEPOSIT`, `DEPOSIT_CALLBACK` + `PAYMENT_STATUS_CHANGED` |
//! | `POST /sandbox/faults` `{endpoint, fault, times}` | queue faults; `DELETE /sandbox/faults` clears them |
//! | `PUT /sandbox/latency` `{kind: "none"\|"fixed"\|"random", ...}` | added latency |
//! | `GET /sandbox/requests` | the request log; `DELETE` clears it |
//! | `GET /sandbox/webhooks` | every webhook delivery attempt |
//! | `PUT /sandbox/webhook-url` `{url}` | where webhooks go |
//! | `POST /sandbox/clock/advance` `{seconds}` | moves the clock |
//! | `GET /sandbox/health` | `ok` |
//!
//! The two `/sandbox/sdk/*` routes allow any origin (CORS), because the SDK stand-in calls them
//! from the storefront's page. The Core API (`/v1/*`) allows none, like Toss.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use leptos_tosspayments::{ClientKey, CustomerKey, KeyFamily, PaymentMethod};
use serde::Deserialize;
use serde_json::json;
use tower_http::cors::CorsLayer;

use crate::error::ApiError;
use crate::faults::{Endpoint, Fault, Latency};
use crate::state::SandboxState;
use crate::store::{Authentication, BrandpayAuthentication};

/// The `/sandbox` routes.
pub fn routes() -> Router<SandboxState> {
    let sdk = Router::new()
        .route("/sandbox/sdk/authenticate", post(authenticate))
        .route("/sandbox/sdk/billing-auth", post(billing_auth))
        .route("/sandbox/sdk/brandpay/register", post(brandpay_register))
        .route("/sandbox/apps-in-toss/approve", post(apps_in_toss_approve))
        .route("/sandbox/portone/pay", post(portone_pay))
        .route("/sandbox/sdk/brandpay/status", post(brandpay_status))
        .route("/sandbox/sdk/brandpay/settings", post(brandpay_settings))
        .route(
            "/sandbox/sdk/brandpay/authenticate",
            post(brandpay_authenticate),
        )
        .layer(CorsLayer::permissive());
    Router::new()
        .merge(sdk)
        .route(
            "/sandbox/virtual-accounts/{order_id}/deposit",
            post(deposit),
        )
        .route("/sandbox/virtual-accounts/{order_id}/expire", post(expire))
        .route(
            "/sandbox/virtual-accounts/{order_id}/reverse",
            post(reverse),
        )
        .route("/sandbox/faults", post(inject).delete(clear_faults))
        .route("/sandbox/latency", put(set_latency))
        .route("/sandbox/requests", get(requests).delete(clear_requests))
        .route("/sandbox/webhooks", get(webhooks))
        .route("/sandbox/webhook-url", put(set_webhook_url))
        .route("/sandbox/clock/advance", post(advance))
        .route("/sandbox/health", get(|| async { "ok" }))
}

fn json_error(e: ApiError) -> Response {
    e.into_response()
}

/// The SDK stand-in reports for a client key this sandbox has a pair for, or is refused.
fn known_client(s: &SandboxState, client: &ClientKey) -> Result<(), ApiError> {
    if s.knows_client(client) {
        Ok(())
    } else {
        Err(ApiError::new(
            "INVALID_API_KEY",
            "sandbox: this client key is not configured",
        ))
    }
}

/// `POST /sandbox/sdk/authenticate`'s body: an [`Authentication`], plus the easy-pay provider
/// code (`TOSSPAY`, ...) when the buyer paid with an easy pay (then `method` is `EASY_PAY`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticateBody {
    #[serde(flatten)]
    authentication: Authentication,
    #[serde(default)]
    easy_pay: Option<String>,
}

async fn authenticate(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    let AuthenticateBody {
        authentication: a,
        easy_pay,
    } = match crate::api::parse_body(&body) {
        Ok(b) => b,
        Err(e) => return json_error(e),
    };
    if let Err(e) = known_client(&s, &a.client_key) {
        return json_error(e);
    }
    let now = s.clock.now();
    let mut state = s.lock();
    let result = match easy_pay.as_deref() {
        Some(provider) => state.store.authenticate_easy_pay(a, provider, now),
        None => state.store.authenticate(a, now),
    };
    match result {
        Ok(payment_key) => Json(json!({ "paymentKey": payment_key })).into_response(),
        Err(e) => json_error(e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BillingAuthBody {
    client_key: ClientKey,
    customer_key: CustomerKey,
    method: PaymentMethod,
}

async fn billing_auth(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    let b: BillingAuthBody = match crate::api::parse_body(&body) {
        Ok(b) => b,
        Err(e) => return json_error(e),
    };
    if !s.knows_client(&b.client_key) || b.client_key.family() != KeyFamily::ApiIndividual {
        return json_error(ApiError::new(
            "INVALID_API_KEY",
            "sandbox: billing needs a configured API-individual (ck) client key",
        ));
    }
    match s
        .lock()
        .store
        .billing_auth(b.client_key, b.customer_key, b.method)
    {
        Ok(auth_key) => Json(json!({ "authKey": auth_key })).into_response(),
        Err(e) => json_error(e),
    }
}

/// Who the BrandPay sheet is open for, with its settings changes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BrandpayBody {
    client_key: ClientKey,
    customer_key: CustomerKey,
    #[serde(default)]
    one_touch: Option<bool>,
    #[serde(default)]
    password_changed: bool,
}

/// BrandPay takes API-individual keys only (`brandpay()` throws `NOT_SUPPORTED_WIDGET_KEY`
/// for a widget key: d.ts `NotSupportedWidgetKeyError`).
fn brandpay_body(s: &SandboxState, body: &[u8]) -> Result<BrandpayBody, ApiError> {
    let b: BrandpayBody = crate::api::parse_body(body)?;
    if !s.knows_client(&b.client_key) || b.client_key.family() != KeyFamily::ApiIndividual {
        return Err(ApiError::new(
            "INVALID_API_KEY",
            "sandbox: BrandPay needs a configured API-individual (ck) client key",
        ));
    }
    Ok(b)
}

async fn brandpay_register(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    let b = match brandpay_body(&s, &body) {
        Ok(b) => b,
        Err(e) => return json_error(e),
    };
    match s
        .lock()
        .store
        .brandpay_register(&b.client_key, &b.customer_key)
    {
        Ok((code, method_id)) => {
            Json(json!({ "code": code, "methodId": method_id })).into_response()
        }
        Err(e) => json_error(e),
    }
}

async fn brandpay_status(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    match brandpay_body(&s, &body) {
        Ok(b) => Json(
            s.lock()
                .store
                .brandpay_status(&b.client_key, b.customer_key.as_str()),
        )
        .into_response(),
        Err(e) => json_error(e),
    }
}

async fn brandpay_settings(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    match brandpay_body(&s, &body) {
        Ok(b) => Json(s.lock().store.brandpay_settings(
            &b.client_key,
            b.customer_key.as_str(),
            b.one_touch,
            b.password_changed,
        ))
        .into_response(),
        Err(e) => json_error(e),
    }
}

async fn brandpay_authenticate(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    let a: BrandpayAuthentication = match crate::api::parse_body(&body) {
        Ok(a) => a,
        Err(e) => return json_error(e),
    };
    if let Err(e) = known_client(&s, &a.client_key) {
        return json_error(e);
    }
    let now = s.clock.now();
    match s.lock().store.brandpay_authenticate(a, now) {
        Ok(payment_key) => Json(json!({ "paymentKey": payment_key })).into_response(),
        Err(e) => json_error(e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PayTokenBody {
    pay_token: String,
}

/// `POST /sandbox/portone/pay`: the `iamport.js` stand-in's window answered (`outcome`:
/// approve, fail or cancel) for `request_pay`'s parameters; answers what the callback gets.
async fn portone_pay(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    let req: crate::store::SheetPayment = match crate::api::parse_body(&body) {
        Ok(r) => r,
        Err(e) => return json_error(e),
    };
    let now = s.clock.now();
    let result = s.lock().store.portone_sheet(req, now);
    match result {
        Ok((answer, events)) => {
            s.webhooks.send(events);
            Json(answer).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "message": e.message, "error_code": "F400" })),
        )
            .into_response(),
    }
}

async fn apps_in_toss_approve(State(s): State<SandboxState>, body: axum::body::Bytes) -> Response {
    let b: PayTokenBody = match crate::api::parse_body(&body) {
        Ok(b) => b,
        Err(e) => return json_error(e),
    };
    let now = s.clock.now();
    let result = s.lock().store.tosspay_approve(&b.pay_token, now);
    match result {
        Ok((_, events)) => {
            s.webhooks.send(events);
            Json(json!({ "payToken": b.pay_token, "payStatus": "PAY_APPROVED" })).into_response()
        }
        Err(e) => json_error(e),
    }
}

async fn deposit(State(s): State<SandboxState>, Path(order_id): Path<String>) -> Response {
    let now = s.clock.now();
    let result = s.lock().store.deposit(&order_id, now);
    match result {
        Ok((payment, events)) => {
            s.webhooks.send(events);
            Json(payment).into_response()
        }
        Err(e) => json_error(e),
    }
}

async fn expire(State(s): State<SandboxState>, Path(order_id): Path<String>) -> Response {
    let now = s.clock.now();
    let result = s.lock().store.expire_deposit(&order_id, now);
    match result {
        Ok((payment, events)) => {
            s.webhooks.send(events);
            Json(payment).into_response()
        }
        Err(e) => json_error(e),
    }
}

async fn reverse(State(s): State<SandboxState>, Path(order_id): Path<String>) -> Response {
    let now = s.clock.now();
    let result = s.lock().store.reverse_deposit(&order_id, now);
    match result {
        Ok((payment, events)) => {
            s.webhooks.send(events);
            Json(payment).into_response()
        }
        Err(e) => json_error(e),
    }
}

#[derive(Deserialize)]
struct InjectBody {
    endpoint: Endpoint,
    fault: Fault,
    #[serde(default = "one")]
    times: usize,
}

fn one() -> usize {
    1
}

async fn inject(State(s): State<SandboxState>, Json(b): Json<InjectBody>) -> StatusCode {
    s.lock().faults.inject(b.endpoint, b.fault, b.times);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(s): State<SandboxState>) -> StatusCode {
    s.lock().faults.clear();
    StatusCode::NO_CONTENT
}

async fn set_latency(State(s): State<SandboxState>, Json(l): Json<Latency>) -> StatusCode {
    s.lock().latency = l;
    StatusCode::NO_CONTENT
}

async fn requests(State(s): State<SandboxState>) -> Response {
    Json(s.lock().requests.clone()).into_response()
}

async fn clear_requests(State(s): State<SandboxState>) -> StatusCode {
    s.lock().requests.clear();
    StatusCode::NO_CONTENT
}

async fn webhooks(State(s): State<SandboxState>) -> Response {
    Json(s.webhooks.deliveries()).into_response()
}

#[derive(Deserialize)]
struct WebhookUrlBody {
    url: Option<String>,
}

async fn set_webhook_url(
    State(s): State<SandboxState>,
    Json(b): Json<WebhookUrlBody>,
) -> StatusCode {
    s.webhooks.set_url(b.url);
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct AdvanceBody {
    seconds: u64,
}

async fn advance(State(s): State<SandboxState>, Json(b): Json<AdvanceBody>) -> StatusCode {
    s.clock.advance(std::time::Duration::from_secs(b.seconds));
    // Whatever the new time settles (expired sessions, passed deadlines) is sent now.
    let events = s.lock().store.take_events(s.clock.now());
    s.webhooks.send(events);
    StatusCode::NO_CONTENT
}
