//! Apps-in-Toss' Toss Pay partner API stand-in, under the real host's paths
//! (`https://pay-apps-in-toss-api.toss.im/api-partner/v1/apps-in-toss/pay/*`).
//!
//! Every call is a JSON `POST` for one Toss user (`x-toss-user-key`, from Toss login), answered
//! `{resultType: "SUCCESS", success: {…}}`. The error envelope's shape is not shown in the
//! official text: the sandbox answers `{resultType: "FAIL", error: {errorCode, reason}}` with
//! HTTP 200 (a guess, CONFORMANCE.md). Toss's mTLS client certificate is not emulated.

use axum::http::{HeaderMap, StatusCode};
use leptos_tosspayments::domain::tosspay::user_key_is_valid;

use super::{Shape, ok, parse_partner, partner_route};
use crate::error::ApiError;
use crate::faults::Endpoint;
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
        // The shared rule (leptos_tosspayments::domain::tosspay): the server's verdict too.
        Some(key) if user_key_is_valid(key) => Ok((key.to_owned(), key.to_owned())),
        // A guess: the code of a call without the header.
        _ => Err(ApiError::new(
            "COMMON_INVALID_PARAMETER",
            "x-toss-user-key 헤더가 필요합니다. (x-toss-user-key: a Toss user's userKey is required)",
        )),
    }
}

fn success(body: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "resultType": "SUCCESS", "success": body })
}

partner_route!(
    /// `make-payment` `{orderNo, productDesc, amount, amountTaxFree, isTestPayment}` → `{payToken}`.
    create, Endpoint::InAppCreate, shape(),
    auth |state, headers, body| user_key(&headers),
    |store, user, now| {
        ok(success(store.in_app_create(parse_partner::<InAppCreate>(&body)?, user, now)?), Vec::new())
    }
);

partner_route!(
    /// `execute-payment` `{payToken, orderNo?, isTestPayment}`.
    execute, Endpoint::InAppExecute, shape(),
    auth |state, headers, body| user_key(&headers),
    |store, user, now| {
        let (answer, events) = store.in_app_execute(parse_partner::<InAppPayment>(&body)?, user, now)?;
        ok(success(answer), events)
    }
);

partner_route!(
    /// `refund-payment` `{payToken, reason?, isTestPayment}`: the whole remaining amount.
    refund, Endpoint::InAppRefund, shape(),
    auth |state, headers, body| user_key(&headers),
    |store, user, now| {
        ok(success(store.in_app_refund(parse_partner::<InAppPayment>(&body)?, user, now)?), Vec::new())
    }
);

partner_route!(
    /// `get-payment-status` `{payToken | orderNo, isTestPayment}`.
    status, Endpoint::InAppStatus, shape(),
    auth |state, headers, body| user_key(&headers),
    |store, user, now| {
        ok(success(store.in_app_status(parse_partner::<InAppPayment>(&body)?, user, now)?), Vec::new())
    }
);
