//! The V2 SDK stand-in, served at `/v2/standard` like `https://js.tosspayments.com/v2/standard`.
//! Its behaviour and the guesses it makes are documented in `CONFORMANCE.md`.

use axum::http::header;
use axum::response::IntoResponse;

/// The script.
pub const SCRIPT: &str = include_str!("../assets/standard.js");

/// `GET /v2/standard`.
pub async fn script() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        SCRIPT,
    )
}
