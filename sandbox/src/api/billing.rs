//! Billing keys: issue, charge and delete.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

use super::{call, ok, parse_body, path_of};
use crate::faults::Endpoint;
use crate::server::ConnControl;
use crate::state::SandboxState;
use crate::store::{ChargeRequest, IssueRequest};

/// `POST /v1/billing/authorizations/issue` `{authKey, customerKey}` → Billing.
pub(crate) async fn issue(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::BillingIssue,
        Method::POST,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, _fault| {
            let req: IssueRequest = parse_body(&body)?;
            ok(store.issue_billing_key(client, req, now)?, Vec::new())
        },
    )
    .await
}

/// `POST /v1/billing/{billingKey}` `{customerKey, amount, orderId, orderName, ...}` → Payment.
pub(crate) async fn charge(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    Path(billing_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::BillingCharge,
        Method::POST,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, _fault| {
            let req: ChargeRequest = parse_body(&body)?;
            let (payment, events) = store.charge(client, &billing_key, req, now)?;
            ok(payment, events)
        },
    )
    .await
}

/// `DELETE /v1/billing/{billingKey}` → the deleted Billing. The endpoint is documented only by
/// secondary notes ("exists"); its answer is a guess (CONFORMANCE.md), and the companion server
/// reads nothing from it.
pub(crate) async fn delete(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    Path(billing_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::BillingDelete,
        Method::DELETE,
        path_of(&uri),
        &headers,
        conn,
        |store, client, _now, _fault| {
            ok(store.delete_billing_key(client, &billing_key)?, Vec::new())
        },
    )
    .await
}
