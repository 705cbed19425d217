//! BrandPay: the access-token exchange and BrandPay's confirm (query and cancel are the
//! payments' own: `GET /v1/payments/{paymentKey}`, `POST /v1/payments/{paymentKey}/cancel`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

use super::{call, ok, parse_body, path_of};
use crate::faults::Endpoint;
use crate::server::ConnControl;
use crate::state::SandboxState;
use crate::store::{AccessTokenRequest, BrandpayConfirmRequest, ConfirmRequest};

/// `POST /v1/brandpay/authorizations/access-token`
/// `{customerKey, grantType, code?, refreshToken?}` → AccessToken.
pub(crate) async fn access_token(
    State(state): State<SandboxState>,
    conn: Option<axum::Extension<ConnControl>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let conn = conn.map(|c| c.0);
    call(
        &state,
        Endpoint::BrandpayAccessToken,
        Method::POST,
        path_of(&uri),
        &headers,
        conn,
        |store, client, _now, _fault| {
            let req: AccessTokenRequest = parse_body(&body)?;
            ok(store.brandpay_access_token(client, req)?, Vec::new())
        },
    )
    .await
}

/// `POST /v1/brandpay/payments/confirm` `{paymentKey, amount, customerKey, orderId}` → Payment.
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
        Endpoint::BrandpayConfirm,
        Method::POST,
        path_of(&uri),
        &headers,
        conn,
        |store, client, now, fault| {
            let req: BrandpayConfirmRequest = parse_body(&body)?;
            let (payment, events) = if fault == Some(crate::faults::Fault::RejectCard) {
                let plain = ConfirmRequest {
                    payment_key: req.payment_key,
                    order_id: req.order_id,
                    amount: req.amount,
                };
                store.reject(client, plain, now)?
            } else {
                store.brandpay_confirm(client, req, now)?
            };
            ok(payment, events)
        },
    )
    .await
}
