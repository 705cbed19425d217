//! The Core API stand-in: `/v1/*`. Every call goes through `call`, which logs it, checks
//! Basic auth, applies `Idempotency-Key`, latency and injected faults, then runs the operation
//! against the [`crate::store::Store`].

mod apps_in_toss;
mod billing;
mod brandpay;
mod payments;
mod portone;
mod tosspay;

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use leptos_tosspayments::ClientKey;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::faults::{Endpoint, Fault};
use crate::server::ConnControl;
use crate::state::{LoggedRequest, Remembered, SandboxState};
use crate::store::Store;
use crate::webhooks::Event;

/// The longest `Idempotency-Key` Toss accepts.
pub const MAX_IDEMPOTENCY_KEY: usize = 300;

/// The `/v1` routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/v1/payments/confirm", post(payments::confirm))
        .route(
            "/v1/payments/orders/{order_id}",
            get(payments::get_by_order),
        )
        .route("/v1/payments/{payment_key}", get(payments::get))
        .route("/v1/payments/{payment_key}/cancel", post(payments::cancel))
        .route("/v1/billing/authorizations/issue", post(billing::issue))
        .route(
            "/v1/brandpay/authorizations/access-token",
            post(brandpay::access_token),
        )
        .route("/v1/brandpay/payments/confirm", post(brandpay::confirm))
        // Toss Pay, under pay.toss.im's own paths.
        .route("/api/v2/payments", post(tosspay::create))
        .route("/api/v2/execute", post(tosspay::execute))
        .route("/api/v2/refunds", post(tosspay::refund))
        .route("/api/v2/status", post(tosspay::status))
        .route("/payfront/auth", get(tosspay::checkout_page))
        // Apps-in-Toss' Toss Pay partner API, under its own host's paths.
        .route(
            "/api-partner/v1/apps-in-toss/pay/make-payment",
            post(apps_in_toss::create),
        )
        .route(
            "/api-partner/v1/apps-in-toss/pay/execute-payment",
            post(apps_in_toss::execute),
        )
        .route(
            "/api-partner/v1/apps-in-toss/pay/refund-payment",
            post(apps_in_toss::refund),
        )
        .route(
            "/api-partner/v1/apps-in-toss/pay/get-payment-status",
            post(apps_in_toss::status),
        )
        .route(
            "/sandbox/tosspay/{pay_token}/approve",
            post(tosspay::approve),
        )
        .route("/sandbox/tosspay/{pay_token}/cancel", post(tosspay::cancel))
        // PortOne's V1 REST API, under api.iamport.kr's own paths.
        .route("/users/getToken", post(portone::get_token))
        .route("/payments/cancel", post(portone::cancel))
        .route(
            "/payments/prepare",
            post(portone::prepare).put(portone::prepare),
        )
        .route("/payments/prepare/{merchant_uid}", get(portone::prepared))
        .route("/payments/find/{merchant_uid}", get(portone::find))
        .route(
            "/payments/find/{merchant_uid}/{payment_status}",
            get(portone::find_with_status),
        )
        .route("/payments/{imp_uid}", get(portone::payment))
        .route(
            "/subscribe/customers/{customer_uid}",
            get(portone::customer)
                .post(portone::customer)
                .delete(portone::customer),
        )
        .route("/subscribe/payments/again", post(portone::again))
        .route("/subscribe/payments/onetime", post(portone::onetime))
        .route(
            "/v1/billing/{billing_key}",
            post(billing::charge).delete(billing::delete),
        )
}

/// The answer of an operation: a JSON body and the events it causes.
pub(crate) type Outcome = Result<(serde_json::Value, Vec<Event>), ApiError>;

/// Parses a JSON body into `T`, naming the problem in a `400 INVALID_REQUEST`.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid_request(format!("잘못된 요청입니다. (request body: {e})")))
}

/// Serializes an operation's result.
pub(crate) fn ok<T: Serialize>(value: T, events: Vec<Event>) -> Outcome {
    let body = serde_json::to_value(value)
        .map_err(|e| ApiError::new("FAILED_INTERNAL_SYSTEM_PROCESSING", format!("sandbox: {e}")))?;
    Ok((body, events))
}

/// Parses a partner API's JSON body (Toss Pay's, Apps-in-Toss'), naming the problem as their
/// `COMMON_INVALID_PARAMETER`.
pub(crate) fn parse_partner<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            "COMMON_INVALID_PARAMETER",
            format!("잘못된 요청입니다. (request body: {e})"),
        )
    })
}

/// A JSON `POST` route of a partner API (Toss Pay, Apps-in-Toss) through [`call_with`]:
/// `$auth` reads who calls from `$state`, `$headers` and `$body`; `$shape` writes the errors.
macro_rules! partner_route {
    ($(#[$doc:meta])* $name:ident, $endpoint:expr, $shape:expr,
     auth |$state:ident, $headers:ident, $body:ident| $auth:expr,
     |$store:ident, $who:pat_param, $now:ident| $op:expr) => {
        $(#[$doc])*
        pub(crate) async fn $name(
            axum::extract::State($state): axum::extract::State<crate::state::SandboxState>,
            conn: Option<axum::Extension<crate::server::ConnControl>>,
            uri: axum::http::Uri,
            $headers: axum::http::HeaderMap,
            $body: axum::body::Bytes,
        ) -> axum::response::Response {
            let auth = $auth;
            super::call_with(
                &$state,
                $shape,
                $endpoint,
                (axum::http::Method::POST, super::path_of(&uri)),
                &$headers,
                conn.map(|c| c.0),
                auth,
                |$store, $who, $now, _fault| $op,
            )
            .await
        }
    };
}
pub(crate) use partner_route;

/// One Core API call, start to end.
pub(crate) async fn call<F>(
    state: &SandboxState,
    endpoint: Endpoint,
    method: Method,
    path: String,
    headers: &HeaderMap,
    conn: Option<ConnControl>,
    op: F,
) -> Response
where
    F: FnOnce(&mut Store, &ClientKey, OffsetDateTime, Option<Fault>) -> Outcome,
{
    let auth = authenticate(state, headers);
    call_with(
        state,
        Shape::core(),
        endpoint,
        (method, path),
        headers,
        conn,
        auth,
        op,
    )
    .await
}

/// How an API shapes its answers: the Core API answers an error as `{code, message}` with its
/// HTTP status; the Toss Pay API wraps everything in `{code: 0 | -1, …}`.
#[derive(Clone, Copy)]
pub(crate) struct Shape {
    error: fn(&ApiError) -> (StatusCode, serde_json::Value),
}

impl Shape {
    /// Toss's Core API.
    pub(crate) fn core() -> Shape {
        Shape {
            error: |e| {
                (
                    e.status,
                    serde_json::json!({ "code": e.code, "message": e.message }),
                )
            },
        }
    }

    /// A shape with its own error body.
    pub(crate) fn with_error(error: fn(&ApiError) -> (StatusCode, serde_json::Value)) -> Shape {
        Shape { error }
    }

    fn respond(&self, e: &ApiError) -> Response {
        let (status, body) = (self.error)(e);
        (status, Json(body)).into_response()
    }
}

/// One API call, start to end: logged, authenticated (`auth`: who calls, and the secret that
/// scopes its idempotency keys), with `Idempotency-Key`, latency and injected faults, then
/// `op` against the store.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn call_with<A, F>(
    state: &SandboxState,
    shape: Shape,
    endpoint: Endpoint,
    (method, path): (Method, String),
    headers: &HeaderMap,
    conn: Option<ConnControl>,
    auth: Result<(A, String), ApiError>,
    op: F,
) -> Response
where
    F: FnOnce(&mut Store, &A, OffsetDateTime, Option<Fault>) -> Outcome,
{
    let idem_key = (method == Method::POST)
        .then(|| {
            headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .flatten();
    let seq = {
        let mut inner = state.lock();
        let seq = inner.requests.len() as u64;
        inner.requests.push(LoggedRequest {
            seq,
            method: method.to_string(),
            path: path.clone(),
            endpoint,
            idempotency_key: idem_key.clone(),
            fault: None,
            status: None,
            replayed: false,
            applied: false,
        });
        seq
    };
    let finish = |status: Option<u16>, replayed: bool, applied: bool| {
        let mut inner = state.lock();
        let r = &mut inner.requests[seq as usize];
        r.status = status;
        r.replayed = replayed;
        r.applied = applied;
    };
    let respond =
        |status: StatusCode, body: serde_json::Value| (status, Json(body)).into_response();

    let (client, secret) = match auth {
        Ok(pair) => pair,
        Err(e) => {
            finish(Some(e.status.as_u16()), false, false);
            return shape.respond(&e);
        }
    };

    // Idempotency: scoped to (key, API key, method, URL).
    let mut guard = None;
    if let Some(key) = &idem_key {
        if key.is_empty() || key.chars().count() > MAX_IDEMPOTENCY_KEY {
            let e = ApiError::new(
                "INVALID_IDEMPOTENCY_KEY",
                "멱등키는 1~300자여야 합니다. (Idempotency-Key must have 1 to 300 characters)",
            );
            finish(Some(e.status.as_u16()), false, false);
            return shape.respond(&e);
        }
        let scope = (
            key.clone(),
            secret.clone(),
            method.to_string(),
            path.clone(),
        );
        let now = state.clock.now();
        let mut inner = state.lock();
        match inner.idempotency.get(&scope) {
            Some(Remembered::InFlight) => {
                drop(inner);
                let e = ApiError::new(
                    "IDEMPOTENT_REQUEST_PROCESSING",
                    "이전 요청이 아직 처리 중입니다. (a request with this Idempotency-Key is still running)",
                );
                finish(Some(e.status.as_u16()), false, false);
                return shape.respond(&e);
            }
            Some(Remembered::Done {
                status,
                body,
                expires,
            }) if *expires > now => {
                let (status, body) = (*status, body.clone());
                drop(inner);
                finish(Some(status), true, false);
                return respond(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body);
            }
            _ => {
                inner
                    .idempotency
                    .insert(scope.clone(), Remembered::InFlight);
                guard = Some(InFlightGuard {
                    state: state.clone(),
                    scope: Some(scope),
                });
            }
        }
    }

    let latency = state.lock().latency.sample();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    let fault = {
        let mut inner = state.lock();
        let f = inner.faults.take(endpoint);
        inner.requests[seq as usize].fault = f;
        f
    };
    let early = |code: &'static str, message: &str| {
        let e = ApiError::new(code, message);
        finish(Some(e.status.as_u16()), false, false);
        shape.respond(&e)
    };
    match fault {
        Some(Fault::InternalError) => {
            return early(
                "FAILED_INTERNAL_SYSTEM_PROCESSING",
                "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요. (sandbox fault)",
            );
        }
        Some(Fault::ProviderError) => {
            return early(
                "PROVIDER_ERROR",
                "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요. (sandbox fault)",
            );
        }
        // A rejected confirm aborts the payment (the operation sees the fault); elsewhere a
        // rejection changes nothing.
        Some(Fault::RejectCard) if endpoint != Endpoint::Confirm => {
            return early(
                "REJECT_CARD_PAYMENT",
                "한도초과 혹은 잔액부족으로 결제에 실패했습니다. (sandbox fault)",
            );
        }
        Some(Fault::Hang) => {
            tokio::time::sleep(state.config.hang_for).await;
            return early(
                "FAILED_INTERNAL_SYSTEM_PROCESSING",
                "내부 시스템 처리 작업이 실패했습니다. (sandbox fault: hung)",
            );
        }
        Some(Fault::ResetConnection) => {
            return drop_connection(conn).await;
        }
        Some(Fault::LoseResponse | Fault::RejectCard | Fault::Slow) | None => {}
    }

    let now = state.clock.now();
    let (outcome, side_events) = {
        let mut inner = state.lock();
        // Time-driven changes first, so the answer shows them; then whatever `op` changed on
        // the side (an aborted confirm).
        let mut side = inner.store.take_events(now);
        let outcome = op(&mut inner.store, &client, now, fault);
        side.extend(inner.store.take_events(now));
        (outcome, side)
    };
    let (status, body, mut events, applied) = match outcome {
        Ok((body, events)) => (StatusCode::OK, body, events, true),
        Err(e) => {
            let (status, body) = (shape.error)(&e);
            (status, body, Vec::new(), false)
        }
    };
    // Changes made on the side (an expired session, an aborted confirm) come first.
    events.splice(0..0, side_events);
    if let Some(mut g) = guard.take()
        && let Some(scope) = g.scope.take()
    {
        let expires = now
            + time::Duration::try_from(state.config.idempotency_ttl).unwrap_or(time::Duration::MAX);
        state.lock().idempotency.insert(
            scope,
            Remembered::Done {
                status: status.as_u16(),
                body: body.clone(),
                expires,
            },
        );
    }
    state.webhooks.send(events);
    if fault == Some(Fault::Slow) {
        tokio::time::sleep(state.config.slow_for).await;
    }
    if fault == Some(Fault::LoseResponse) {
        finish(None, false, applied);
        return drop_connection(conn).await;
    }
    finish(Some(status.as_u16()), false, applied);
    respond(status, body)
}

/// Closes the client's connection without an answer. Never returns when the connection is
/// ours to close.
async fn drop_connection(conn: Option<ConnControl>) -> Response {
    match conn {
        Some(c) => {
            c.kill();
            std::future::pending::<Response>().await
        }
        None => ApiError::new(
            "FAILED_INTERNAL_SYSTEM_PROCESSING",
            "sandbox: cannot reset this connection",
        )
        .into_response(),
    }
}

/// Removes an in-flight idempotency entry if the request ends without an answer to remember
/// (an injected error, a hang or a dropped connection), so a retry is processed.
struct InFlightGuard {
    state: SandboxState,
    scope: Option<crate::state::IdempotencyScope>,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if let Some(scope) = self.scope.take() {
            self.state.lock().idempotency.remove(&scope);
        }
    }
}

/// Checks `Authorization: Basic base64(secretKey:)` and returns the client key paired with the
/// secret key, and the secret key itself (for idempotency scoping).
///
/// * no header → `401 UNAUTHORIZED_KEY`;
/// * not `Basic`, not padded standard base64, not UTF-8, no `:` or a non-empty password →
///   `403 INCORRECT_BASIC_AUTH_FORMAT` (the reference gives this code for a missing colon;
///   rejecting unpadded base64 is the sandbox's strict guess, since Toss's acceptance of it is
///   unconfirmed);
/// * a secret key the sandbox does not know → `401 UNAUTHORIZED_KEY`.
fn authenticate(
    state: &SandboxState,
    headers: &HeaderMap,
) -> Result<(ClientKey, String), ApiError> {
    let unauthorized = || {
        ApiError::new(
            "UNAUTHORIZED_KEY",
            "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.",
        )
    };
    let bad_format = || {
        ApiError::new(
            "INCORRECT_BASIC_AUTH_FORMAT",
            "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요. (Authorization must be Basic base64(secretKey + ':'))",
        )
    };
    let header = headers.get("authorization").ok_or_else(unauthorized)?;
    let header = header.to_str().map_err(|_| bad_format())?;
    let encoded = header.strip_prefix("Basic ").ok_or_else(bad_format)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| bad_format())?;
    let decoded = String::from_utf8(decoded).map_err(|_| bad_format())?;
    let (secret, password) = decoded.split_once(':').ok_or_else(bad_format)?;
    if !password.is_empty() {
        return Err(bad_format());
    }
    let pair = state.pair_for_secret(secret).ok_or_else(unauthorized)?;
    Ok((pair.client.clone(), secret.to_owned()))
}

/// The request's path, for logging and the idempotency scope.
pub(crate) fn path_of(uri: &axum::http::Uri) -> String {
    uri.path().to_owned()
}
