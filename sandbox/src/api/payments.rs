//! Confirm, query and cancel.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

use super::{call, ok, parse_body, path_of};
use crate::faults::Endpoint;
use crate::server::ConnControl;
use crate::state::SandboxState;
use crate::store::{CancelRequest, ConfirmRequest};

/// `POST /v1/payments/confirm` `{paymentKey, orderId, amount}`.
pub(crate) async fn confirm(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::Confirm,
        Method::POST,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, fault| {
            let req: ConfirmRequest = parse_body(&body)?;
            let (payment, events) = if fault == Some(crate::faults::Fault::RejectCard) {
                store.reject(client, req, now)?
            } else {
                store.confirm(client, req, now)?
            };
            ok(payment, events)
        },
    )
    .await
}

/// `GET /v1/payments/{paymentKey}`.
pub(crate) async fn get(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    Path(payment_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::Query,
        Method::GET,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, _fault| ok(store.get(client, &payment_key, now)?, Vec::new()),
    )
    .await
}

/// `GET /v1/payments/orders/{orderId}`.
pub(crate) async fn get_by_order(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    Path(order_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::Query,
        Method::GET,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, _fault| ok(store.get_by_order(client, &order_id, now)?, Vec::new()),
    )
    .await
}

/// `POST /v1/payments/{paymentKey}/cancel` `{cancelReason, cancelAmount?, refundReceiveAccount?}`.
pub(crate) async fn cancel(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    Path(payment_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::Cancel,
        Method::POST,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, _fault| {
            let req: CancelRequest = parse_body(&body)?;
            let (payment, events) = store.cancel(client, &payment_key, req, now)?;
            ok(payment, events)
        },
    )
    .await
}
