//! `AppError`: every failure the HTTP API reports, as `{code, message}` with its status.
//! Bad input is a 4xx naming the problem; nothing here panics.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
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
    /// No usable `Authorization: Bearer` access token was sent.
    #[error("{0}")]
    Unauthenticated(String),
    /// The access token does not open this order or billing method.
    #[error("{0}")]
    Forbidden(String),
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
            AppError::Unauthenticated(_) => {
                (StatusCode::UNAUTHORIZED, "ACCESS_TOKEN_REQUIRED".to_owned())
            }
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "ACCESS_DENIED".to_owned()),
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

impl From<PathRejection> for AppError {
    fn from(r: PathRejection) -> Self {
        AppError::bad("INVALID_PATH", r.body_text())
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::bad("INVALID_QUERY", r.body_text())
    }
}

/// `Path<T>` whose rejection (say, a percent-escape that is not UTF-8) is an [`AppError`].
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct AppPath<T>(pub T);

/// `Query<T>` whose rejection is an [`AppError`].
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct AppQuery<T>(pub T);

/// Middleware (`axum::middleware::map_response`) that gives every error answer that is not
/// already `{code, message}` JSON that shape: the router's 404 and 405, the body limit's 413,
/// the timeout's 503. A browser or a storefront then has one error format to read.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("NOT_FOUND", "there is no such API route"),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("METHOD_NOT_ALLOWED", "this route does not take that method")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("BODY_TOO_LARGE", "the request body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("INVALID_CONTENT_TYPE", "send the body as application/json")
        }
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => (
            "TIMEOUT",
            "the request took too long; try again in a moment",
        ),
        s if s.is_server_error() => ("SERVER_ERROR", "the server failed; try again later"),
        _ => ("BAD_REQUEST", "the request was not understood"),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = Json(ApiErrorBody {
        code: code.to_owned(),
        message: message.to_owned(),
    })
    .into_response();
    let (body_parts, body) = body.into_parts();
    parts.headers.extend(body_parts.headers);
    Response::from_parts(parts, body)
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
