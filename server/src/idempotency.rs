//! The caller's `Idempotency-Key`: every request that moves money (a cancel, a billing charge)
//! carries one, the same on a retry and a new one for each intended action. A key derived by
//! the server (from the order's version, say) changes when the first attempt succeeds, so a
//! retry after a lost answer would move the money twice.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use leptos_tosspayments::IdempotencyKey;
use leptos_tosspayments::domain::error_code::ErrorCode;

use crate::error::AppError;

/// The header's name.
pub const HEADER: &str = "idempotency-key";

/// Extractor: the request's `Idempotency-Key` (1–100 printable ASCII characters,
/// [`IdempotencyKey`]); a 400 `IDEMPOTENCY_KEY_REQUIRED` without one, `INVALID_IDEMPOTENCY_KEY`
/// for a malformed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required(pub IdempotencyKey);

impl<S: Send + Sync> FromRequestParts<S> for Required {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get(HEADER) else {
            return Err(AppError::bad(
                ErrorCode::IdempotencyKeyRequired,
                "send an Idempotency-Key header: one per intended cancel or charge, the same when you retry it",
            ));
        };
        let text = value.to_str().unwrap_or("\u{fffd}");
        IdempotencyKey::parse(text)
            .map(Required)
            .map_err(|e| AppError::bad(ErrorCode::InvalidIdempotencyKey, e.to_string()))
    }
}
