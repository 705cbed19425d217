//! Core API error answers: `{code, message}` with the HTTP status Toss uses for the code.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answer of the Core API stand-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// The HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// Toss's error code.
    pub code: &'static str,
    /// A Korean message (Toss's are Korean), with an English gloss.
    pub message: String,
}

impl ApiError {
    /// An error with the status Toss documents for `code` (see `status_of`).
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: status_of(code),
            code,
            message: message.into(),
        }
    }

    /// `400 INVALID_REQUEST` naming what was wrong.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        ApiError::new("INVALID_REQUEST", message)
    }
}

/// The HTTP status of each code, from Toss's error-code list ("전체 에러 목록",
/// docs.tosspayments.com/reference/error-codes) and its headers page for the idempotency codes.
/// Codes not listed here answer 400, as most of Toss's do.
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "UNAUTHORIZED_KEY" => StatusCode::UNAUTHORIZED,
        "REJECT_ACCOUNT_PAYMENT"
        | "REJECT_CARD_PAYMENT"
        | "REJECT_CARD_COMPANY"
        | "FORBIDDEN_REQUEST"
        | "FORBIDDEN_CONSECUTIVE_REQUEST"
        | "INCORRECT_BASIC_AUTH_FORMAT"
        | "NOT_CANCELABLE_AMOUNT"
        | "NOT_CANCELABLE_PAYMENT"
        | "NOT_ALLOWED_PARTIAL_REFUND"
        | "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT" => StatusCode::FORBIDDEN,
        "NOT_FOUND_PAYMENT" | "NOT_FOUND_PAYMENT_SESSION" | "NOT_FOUND_BILLING" | "NOT_FOUND" => {
            StatusCode::NOT_FOUND
        }
        "IDEMPOTENT_REQUEST_PROCESSING" => StatusCode::CONFLICT,
        "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING"
        | "FAILED_INTERNAL_SYSTEM_PROCESSING"
        | "UNKNOWN_PAYMENT_ERROR"
        | "COMMON_ERROR"
        | "UNKNOWN_ERROR"
        | "FAILED_DB_PROCESSING"
        | "FAILED_METHOD_HANDLING_CANCEL"
        | "FAILED_REFUND_PROCESS" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}
