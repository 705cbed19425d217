//! Apps-in-Toss' Toss Pay partner API stand-in, under the real host's paths
//! (`https://pay-apps-in-toss-api.toss.im/api-partner/v1/apps-in-toss/pay/*`).
//!
//! Every call is a JSON `POST` for one Toss user (`x-toss-user-key`, from Toss login), answered
//! `{resultType: "SUCCESS", success: {…}}`. The error envelope's shape is not shown in the
//! official text: the sandbox answers `{resultType: "FAIL", error: {errorCode, reason}}` with
//! HTTP 200 (a guess, CONFORMANCE.md). Toss's mTLS client certificate is not emulated.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;

use super::{Shape, call_with, ok, path_of};
use crate::error::ApiError;
use crate::faults::Endpoint;
use crate::server::ConnControl;
use crate::state::SandboxState;
use crate::store::{InAppCreate, InAppPayment};

fn shape() -> Shape {
    Shape::with_error(|e| {
        (
            StatusCode::OK,
            serde_json::json!({
                "resultType": "FAIL",
                "error": { "errorCode": e.code, "reason": e.message },
            }),
        )
    })
}

/// The call's Toss user; it also scopes idempotency.
fn user_key(headers: &HeaderMap) -> Result<(String, String), ApiError> {
    match headers.get("x-toss-user-key").and_then(|v| v.to_str().ok()) {
        Some(key) if !key.trim().is_empty() => Ok((key.to_owned(), key.to_owned())),
        // A guess: the code of a call without the header.
        _ => Err(ApiError::new(
            "COMMON_INVALID_PARAMETER",
            "x-toss-user-key 헤더가 필요합니다. (x-toss-user-key is required)",
        )),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            "COMMON_INVALID_PARAMETER",
            format!("잘못된 요청입니다. (request body: {e})"),
        )
    })
}

fn success(body: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "resultType": "SUCCESS", "success": body })
}

macro_rules! in_app_route {
    ($(#[$doc:meta])* $name:ident, $endpoint:expr, |$store:ident, $user:ident, $body:ident, $now:ident| $op:expr) => {
        $(#[$doc])*
        pub(crate) async fn $name(
            State(state): State<SandboxState>,
            conn: Option<axum::Extension<ConnControl>>,
            uri: Uri,
            headers: HeaderMap,
            $body: Bytes,
        ) -> Response {
            let auth = user_key(&headers);
            call_with(
                &state,
                shape(),
                $endpoint,
                (Method::POST, path_of(&uri)),
                &headers,
                conn.map(|c| c.0),
                auth,
                |$store, $user: &String, $now, _fault| $op,
            )
            .await
        }
    };
}

in_app_route!(
    /// `make-payment` `{orderNo, productDesc, amount, amountTaxFree, isTestPayment}` → `{payToken}`.
    create, Endpoint::InAppCreate, |store, user, body, now| {
        ok(success(store.in_app_create(parse::<InAppCreate>(&body)?, user, now)?), Vec::new())
    }
);

in_app_route!(
    /// `execute-payment` `{payToken, orderNo?, isTestPayment}`.
    execute, Endpoint::InAppExecute, |store, user, body, now| {
        let (answer, events) = store.in_app_execute(parse::<InAppPayment>(&body)?, user, now)?;
        ok(success(answer), events)
    }
);

in_app_route!(
    /// `refund-payment` `{payToken, reason?, isTestPayment}`: the whole remaining amount.
    refund, Endpoint::InAppRefund, |store, user, body, now| {
        ok(success(store.in_app_refund(parse::<InAppPayment>(&body)?, user, now)?), Vec::new())
    }
);

in_app_route!(
    /// `get-payment-status` `{payToken | orderNo, isTestPayment}`.
    status, Endpoint::InAppStatus, |store, user, body, now| {
        ok(success(store.in_app_status(parse::<InAppPayment>(&body)?, user, now)?), Vec::new())
    }
);
