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

/// The HTTP status of each code, from the reference's table ("Codes by HTTP status").
/// Codes not in that table answer 400.
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "UNAUTHORIZED_KEY" => StatusCode::UNAUTHORIZED,
        "REJECT_ACCOUNT_PAYMENT"
        | "REJECT_CARD_PAYMENT"
        | "REJECT_CARD_COMPANY"
        | "FORBIDDEN_REQUEST"
        | "INCORRECT_BASIC_AUTH_FORMAT" => StatusCode::FORBIDDEN,
        "NOT_FOUND_PAYMENT" | "NOT_FOUND_PAYMENT_SESSION" => StatusCode::NOT_FOUND,
        "IDEMPOTENT_REQUEST_PROCESSING" => StatusCode::CONFLICT,
        "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING"
        | "FAILED_INTERNAL_SYSTEM_PROCESSING"
        | "UNKNOWN_PAYMENT_ERROR" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}
