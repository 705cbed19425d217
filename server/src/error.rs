//! `AppError`: every failure the HTTP API reports, as `{code, message}` with its status.
//! Bad input is a 4xx naming the problem; nothing here panics.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::ApiErrorBody;

use crate::catalog::PricingError;
use crate::db::DbError;
use crate::provider::ProviderError;

/// A failed API call.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed (body, path, query).
    #[error("{message}")]
    BadRequest {
        /// Machine-readable code.
        code: ErrorCode,
        /// What was wrong.
        message: String,
    },
    /// No usable `Authorization: Bearer` access token was sent.
    #[error("{0}")]
    Unauthenticated(String),
    /// An Apps-in-Toss payment needs a Toss user signed in ([`crate::apps_in_toss::TossLogin`]).
    #[error("sign in with Toss first: an Apps-in-Toss payment is made for the Toss user signed in")]
    TossLoginRequired,
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
        code: ErrorCode,
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
    /// The outcome with the provider is not known yet; it is being checked.
    #[error("the payment is being checked with the payment provider; try again in a moment")]
    Pending,
    /// The provider could not be reached, or refused, something that needs it now.
    #[error("the payment provider did not answer as expected: {0}")]
    Upstream(ProviderError),
    /// Storage failed.
    #[error("storage failed")]
    Db(#[from] DbError),
    /// The client is over its rate limit ([`crate::limits`]).
    #[error("{0}")]
    TooManyRequests(String),
    /// Something that should not fail did; the server logs it.
    #[error("the server failed: {0}")]
    Internal(String),
    /// The storefront's catalog could not be read.
    #[error("the catalog is unavailable; try again in a moment")]
    CatalogUnavailable(String),
}

impl From<PricingError> for AppError {
    /// A cart the catalog refuses is a 400 `INVALID_CART`; a catalog that cannot answer is a
    /// 503 `CATALOG_UNAVAILABLE`.
    fn from(e: PricingError) -> Self {
        match e {
            PricingError::Unavailable(why) => AppError::CatalogUnavailable(why),
            other => AppError::bad(ErrorCode::InvalidCart, other.to_string()),
        }
    }
}

impl AppError {
    /// A 400 with a code.
    pub fn bad(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// A 409 with a code.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
        }
    }

    /// The code this error answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::BadRequest { code, .. } | AppError::Conflict { code, .. } => code.clone(),
            AppError::Unauthenticated(_) => ErrorCode::AccessTokenRequired,
            AppError::TossLoginRequired => ErrorCode::TossLoginRequired,
            AppError::Forbidden(_) => ErrorCode::AccessDenied,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::PaymentFailed { code, .. } => ErrorCode::from_code(code),
            AppError::Pending => ErrorCode::ConfirmPending,
            AppError::Upstream(_) => ErrorCode::TossUnavailable,
            AppError::Db(_) => ErrorCode::StorageError,
            AppError::Internal(_) => ErrorCode::ServerError,
            AppError::TooManyRequests(_) => ErrorCode::RateLimited,
            AppError::CatalogUnavailable(_) => ErrorCode::CatalogUnavailable,
        }
    }

    fn parts(&self) -> (StatusCode, ErrorCode) {
        let status = match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthenticated(_) | AppError::TossLoginRequired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PaymentFailed { .. } => StatusCode::PAYMENT_REQUIRED,
            AppError::Pending => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Upstream(_) => StatusCode::BAD_GATEWAY,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::CatalogUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        (status, self.code())
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
        AppError::bad(ErrorCode::InvalidBody, r.body_text())
    }
}

impl From<PathRejection> for AppError {
    fn from(r: PathRejection) -> Self {
        AppError::bad(ErrorCode::InvalidPath, r.body_text())
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::bad(ErrorCode::InvalidQuery, r.body_text())
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
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "there is no such API route"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "this route does not take that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::BodyTooLarge, "the request body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::InvalidContentType,
            "send the body as application/json",
        ),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::Timeout,
            "the request took too long; try again in a moment",
        ),
        s if s.is_server_error() => (ErrorCode::ServerError, "the server failed; try again later"),
        _ => (ErrorCode::BadRequest, "the request was not understood"),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = Json(ApiErrorBody {
        code,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_answers_its_codes_status() {
        let cases = [
            AppError::bad(ErrorCode::AmountMismatch, "x"),
            AppError::conflict(ErrorCode::AlreadyPaid, "x"),
            AppError::Unauthenticated("x".into()),
            AppError::Forbidden("x".into()),
            AppError::NotFound("x".into()),
            AppError::Pending,
            AppError::from(PricingError::Unavailable("db down".into())),
            AppError::from(PricingError::Empty),
        ];
        for e in cases {
            let (status, code) = e.parts();
            assert_eq!(Some(status.as_u16()), code.status(), "{code}");
        }
        let refused = AppError::PaymentFailed {
            code: "REJECT_CARD_PAYMENT".into(),
            message: "x".into(),
        };
        assert_eq!(refused.parts().0, StatusCode::PAYMENT_REQUIRED);
        assert!(!refused.code().is_retryable());
        assert!(
            AppError::from(PricingError::Unavailable("db".into()))
                .code()
                .is_retryable()
        );
    }
}
