//! PortOne's V1 REST API stand-in, under the real host's paths (`https://api.iamport.kr/*`):
//! a storefront switches between the sandbox and PortOne by its base URL alone.
//!
//! Every answer is PortOne's envelope `{code, message, response}`: `code: 0` on success; a
//! refusal is HTTP 200 with a non-zero `code` and `response: null` (the null is a guess); a
//! missing, unknown or expired access token is HTTP 401; an unknown payment or billing key is
//! HTTP 404. The token goes in `Authorization` (`Bearer <token>` as documented, or the bare
//! token as PortOne's own examples send it) or `X-ImpTokenHeader` (the official Python client).
//! Bodies are JSON (PortOne also takes form bodies: not played).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{Outcome, Shape, call_with, path_of};
use crate::error::ApiError;
use crate::faults::Endpoint;
use crate::server::ConnControl;
use crate::state::SandboxState;
use crate::store::{PortOneCancel, PortOneCharge, PortOneCustomer, PortOneError, PortOnePrepare};

/// The REST API key and secret in PortOne's official REST clients' tests (`imp_apikey`).
pub const DOCS_IMP_KEY: &str = "imp_apikey";
/// Its secret.
pub const DOCS_IMP_SECRET: &str =
    "ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f";

/// `{code, message, response: null}` with the error's status.
fn shape() -> Shape {
    Shape::with_error(|e| {
        (
            e.status,
            json!({ "code": e.code.parse::<i64>().unwrap_or(-1), "message": e.message, "response": null }),
        )
    })
}

impl From<PortOneError> for ApiError {
    fn from(e: PortOneError) -> Self {
        ApiError {
            status: StatusCode::from_u16(e.status).unwrap_or(StatusCode::OK),
            code: if e.code == 1 { "1" } else { "-1" },
            message: e.message,
        }
    }
}

/// `{code: 0, message: null, response}`.
fn success(response: Value, events: Vec<crate::webhooks::Event>) -> Outcome {
    Ok((
        json!({ "code": 0, "message": null, "response": response }),
        events,
    ))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        PortOneError {
            status: 400,
            code: -1,
            message: format!("잘못된 요청입니다. (request body: {e})"),
        }
        .into()
    })
}

/// The caller's access token, if it is the live one: it scopes idempotency too.
fn bearer(state: &SandboxState, headers: &HeaderMap) -> Result<((), String), ApiError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let token = header("authorization")
        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim())
        .or_else(|| header("x-imptokenheader").map(str::trim))
        .unwrap_or_default()
        .to_owned();
    let now = state.clock.now();
    if !token.is_empty() && state.lock().store.portone_token_valid(&token, now) {
        Ok(((), token))
    } else {
        Err(PortOneError::unauthorized().into())
    }
}

/// One authenticated call.
#[allow(clippy::too_many_arguments)]
async fn authed<F>(
    state: &SandboxState,
    endpoint: Endpoint,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
    conn: Option<axum::Extension<ConnControl>>,
    op: F,
) -> Response
where
    F: FnOnce(&mut crate::store::Store, time::OffsetDateTime) -> Outcome,
{
    let auth = bearer(state, headers);
    call_with(
        state,
        shape(),
        endpoint,
        (method, path_of(uri)),
        headers,
        conn.map(|c| c.0),
        auth,
        |store, _, now, _| op(store, now),
    )
    .await
}

#[derive(Deserialize)]
struct TokenRequest {
    #[serde(default)]
    imp_key: String,
    #[serde(default)]
    imp_secret: String,
}

/// `POST /users/getToken` `{imp_key, imp_secret}` → `{access_token, now, expired_at}`.
pub(crate) async fn get_token(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let keys: Result<TokenRequest, ApiError> = parse(&body);
    let auth = match keys {
        Ok(k) if k.imp_key == DOCS_IMP_KEY && k.imp_secret == DOCS_IMP_SECRET => {
            Ok(((), k.imp_key))
        }
        Ok(_) => Err(PortOneError {
            status: 401,
            code: -1,
            message: "imp_key, imp_secret 인증에 실패했습니다.".to_owned(),
        }
        .into()),
        Err(e) => Err(e),
    };
    call_with(
        &state,
        shape(),
        Endpoint::PortOneToken,
        (Method::POST, path_of(&uri)),
        &headers,
        conn.map(|c| c.0),
        auth,
        |store, _, now, _| success(store.portone_token(now), Vec::new()),
    )
    .await
}

/// `GET /payments/{imp_uid}`.
pub(crate) async fn payment(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    Path(imp_uid): Path<String>,
) -> Response {
    authed(
        &state,
        Endpoint::PortOnePayment,
        Method::GET,
        &uri,
        &headers,
        conn,
        |store, _| success(store.portone_payment(&imp_uid)?, Vec::new()),
    )
    .await
}

/// `GET /payments/find/{merchant_uid}`.
pub(crate) async fn find(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    Path(merchant_uid): Path<String>,
) -> Response {
    authed(
        &state,
        Endpoint::PortOnePayment,
        Method::GET,
        &uri,
        &headers,
        conn,
        |store, _| success(store.portone_find(&merchant_uid, None)?, Vec::new()),
    )
    .await
}

/// `GET /payments/find/{merchant_uid}/{payment_status}`.
pub(crate) async fn find_with_status(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    Path((merchant_uid, status)): Path<(String, String)>,
) -> Response {
    authed(
        &state,
        Endpoint::PortOnePayment,
        Method::GET,
        &uri,
        &headers,
        conn,
        |store, _| {
            success(
                store.portone_find(&merchant_uid, Some(&status))?,
                Vec::new(),
            )
        },
    )
    .await
}

/// `POST /payments/cancel`.
pub(crate) async fn cancel(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    authed(
        &state,
        Endpoint::PortOneCancel,
        Method::POST,
        &uri,
        &headers,
        conn,
        |store, now| {
            success(
                store.portone_cancel(parse::<PortOneCancel>(&body)?, now)?,
                Vec::new(),
            )
        },
    )
    .await
}

/// `POST|PUT /payments/prepare`: pre-registers (or changes) the amount of an order's window.
pub(crate) async fn prepare(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let update = method == Method::PUT;
    authed(
        &state,
        Endpoint::PortOnePrepare,
        method,
        &uri,
        &headers,
        conn,
        move |store, _| {
            success(
                store.portone_prepare(parse::<PortOnePrepare>(&body)?, update)?,
                Vec::new(),
            )
        },
    )
    .await
}

/// `GET /payments/prepare/{merchant_uid}`.
pub(crate) async fn prepared(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    Path(merchant_uid): Path<String>,
) -> Response {
    authed(
        &state,
        Endpoint::PortOnePrepare,
        Method::GET,
        &uri,
        &headers,
        conn,
        |store, _| success(store.portone_prepared(&merchant_uid)?, Vec::new()),
    )
    .await
}

/// `POST|GET|DELETE /subscribe/customers/{customer_uid}`.
pub(crate) async fn customer(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(customer_uid): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let op_method = method.clone();
    authed(
        &state,
        Endpoint::PortOneCustomer,
        method,
        &uri,
        &headers,
        conn,
        move |store, now| {
            let answer = match op_method {
                Method::POST => {
                    store.portone_issue(&customer_uid, parse::<PortOneCustomer>(&body)?, now)?
                }
                Method::DELETE => store.portone_delete_customer(&customer_uid, now)?,
                _ => store.portone_customer(&customer_uid, now)?,
            };
            success(answer, Vec::new())
        },
    )
    .await
}

/// `POST /subscribe/payments/again`.
pub(crate) async fn again(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    authed(
        &state,
        Endpoint::PortOneCharge,
        Method::POST,
        &uri,
        &headers,
        conn,
        |store, now| {
            let (answer, events) =
                store.portone_charge(parse::<PortOneCharge>(&body)?, false, now)?;
            success(answer, events)
        },
    )
    .await
}

/// `POST /subscribe/payments/onetime`.
pub(crate) async fn onetime(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    authed(
        &state,
        Endpoint::PortOneCharge,
        Method::POST,
        &uri,
        &headers,
        conn,
        |store, now| {
            let (answer, events) =
                store.portone_charge(parse::<PortOneCharge>(&body)?, true, now)?;
            success(answer, events)
        },
    )
    .await
}
