//! The V2 SDK stand-in, served at `/v2/standard` like `https://js.tosspayments.com/v2/standard`.
//! Its behaviour and the guesses it makes are documented in `CONFORMANCE.md`.

use axum::http::header;
use axum::response::IntoResponse;

/// The script.
pub const SCRIPT: &str = include_str!("../assets/standard.js");

/// The Apps-in-Toss bridge stand-in (`/apps-in-toss/bridge.js`).
pub const APPS_IN_TOSS_SCRIPT: &str = include_str!("../assets/apps-in-toss.js");

/// `GET /apps-in-toss/bridge.js`.
pub async fn apps_in_toss_script() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        APPS_IN_TOSS_SCRIPT,
    )
}

/// PortOne's V1 SDK stand-in (`/v1/iamport.js`, as `cdn.iamport.kr/v1/iamport.js`).
pub const IAMPORT_SCRIPT: &str = include_str!("../assets/iamport.js");

/// `GET /v1/iamport.js`.
pub async fn iamport_script() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        IAMPORT_SCRIPT,
    )
}

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
