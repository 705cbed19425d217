//! `AppError`: every failure the HTTP API reports, as `{code, message}` with its status.
//! Bad input is a 4xx naming the problem; nothing here panics.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leptos_tosspayments::domain::server_api::ApiErrorBody;

use crate::db::DbError;
use crate::toss::TossError;

/// A failed API call.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed (body, path, query).
    #[error("{message}")]
    BadRequest {
        /// Machine-readable code.
        code: &'static str,
        /// What was wrong.
        message: String,
    },
    /// No such order (or product, or billing key).
    #[error("{0}")]
    NotFound(String),
    /// The request contradicts the stored order (amount, order id, payment key, status).
    #[error("{message}")]
    Conflict {
        /// Machine-readable code.
        code: &'static str,
        /// What was wrong.
        message: String,
    },
    /// Toss refused: the payment did not go through.
    #[error("the payment was refused: {message} ({code})")]
    PaymentFailed {
        /// Toss's code.
        code: String,
        /// Toss's message.
        message: String,
    },
    /// The outcome with Toss is not known yet; it is being checked.
    #[error("the payment is being checked with Toss; try again in a moment")]
    Pending,
    /// Toss could not be reached for something that needs it now.
    #[error("Toss could not be reached: {0}")]
    Upstream(TossError),
    /// Storage failed.
    #[error("storage failed")]
    Db(#[from] DbError),
}

impl AppError {
    /// A 400 with a code.
    pub fn bad(code: &'static str, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// A 409 with a code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
        }
    }

    fn parts(&self) -> (StatusCode, String) {
        match self {
            AppError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, (*code).to_owned()),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "NOT_FOUND".to_owned()),
            AppError::Conflict { code, .. } => (StatusCode::CONFLICT, (*code).to_owned()),
            AppError::PaymentFailed { code, .. } => (StatusCode::PAYMENT_REQUIRED, code.clone()),
            AppError::Pending => (
                StatusCode::SERVICE_UNAVAILABLE,
                "CONFIRM_PENDING".to_owned(),
            ),
            AppError::Upstream(_) => (StatusCode::BAD_GATEWAY, "TOSS_UNAVAILABLE".to_owned()),
            AppError::Db(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "STORAGE_ERROR".to_owned(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, detail = ?self, "request failed");
        }
        (
            status,
            Json(ApiErrorBody {
                code,
                message: self.to_string(),
            }),
        )
            .into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        AppError::bad("INVALID_BODY", r.body_text())
    }
}

/// `Json<T>` whose rejection is an [`AppError`] (`{code, message}` naming the field).
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}
