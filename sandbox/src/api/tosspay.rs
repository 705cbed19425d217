//! The Toss Pay API stand-in, under the real host's paths (`https://pay.toss.im/api/v2/*`):
//! a storefront switches between the sandbox and Toss Pay by its base URL alone.
//!
//! Every call is a JSON `POST` with the merchant's `apiKey` in the body, answered
//! `{code: 0, …}` or `{code: -1, errorCode, msg}` (seed 003). That a `code: -1` answer comes
//! with HTTP 200 is a guess (CONFORMANCE.md); an unknown `apiKey` is HTTP 401 (seed 003's
//! "401: merchant key error").

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{Shape, ok, parse_partner, partner_route};
use crate::error::ApiError;
use crate::faults::Endpoint;
use crate::state::SandboxState;
use crate::store::{TossPayCreate, TossPayExecute, TossPayRefund, TossPayStatusQuery};

/// `{code: -1, errorCode, msg}`; HTTP 401 for a merchant key error, 200 otherwise.
fn shape() -> Shape {
    Shape::with_error(|e| {
        let status = if e.code == "COMMON_INVALID_API_KEY" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        };
        (
            status,
            serde_json::json!({ "code": -1, "errorCode": e.code, "msg": e.message }),
        )
    })
}

/// The body's `apiKey`, if the sandbox knows it; it scopes idempotency like a secret key.
fn api_key(state: &SandboxState, body: &[u8]) -> Result<((), String), ApiError> {
    let key = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("apiKey").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default();
    if state.config.tosspay_api_keys.contains(&key) {
        Ok(((), key))
    } else {
        Err(ApiError::new(
            "COMMON_INVALID_API_KEY",
            "가맹점 인증에 실패했습니다. (sandbox: unknown apiKey)",
        ))
    }
}

partner_route!(
    /// `POST /api/v2/payments` → `{code, checkoutPage, payToken}`.
    create, Endpoint::TossPayCreate, shape(),
    auth |state, headers, body| api_key(&state, &body),
    |store, _, now| ok(store.tosspay_create(parse_partner::<TossPayCreate>(&body)?, now)?, Vec::new())
);

partner_route!(
    /// `POST /api/v2/execute` `{apiKey, payToken, orderNo?}`.
    execute, Endpoint::TossPayExecute, shape(),
    auth |state, headers, body| api_key(&state, &body),
    |store, _, now| {
        let (answer, events) = store.tosspay_execute(parse_partner::<TossPayExecute>(&body)?, now)?;
        ok(answer, events)
    }
);

partner_route!(
    /// `POST /api/v2/refunds` `{apiKey, payToken, refundNo, amount?, reason?}`.
    refund, Endpoint::TossPayRefund, shape(),
    auth |state, headers, body| api_key(&state, &body),
    |store, _, now| ok(store.tosspay_refund(parse_partner::<TossPayRefund>(&body)?, now)?, Vec::new())
);

partner_route!(
    /// `POST /api/v2/status` `{apiKey, payToken | orderNo}`.
    status, Endpoint::TossPayStatus, shape(),
    auth |state, headers, body| api_key(&state, &body),
    |store, _, now| ok(store.tosspay_status(parse_partner::<TossPayStatusQuery>(&body)?, now)?, Vec::new())
);

/// The checkout page's query.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CheckoutQuery {
    pay_token: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /payfront/auth?payToken=…`: the checkout page (`checkoutPage`), with *approve* and
/// *cancel* (the real page authenticates the buyer in the Toss app).
pub(crate) async fn checkout_page(
    State(state): State<SandboxState>,
    Query(q): Query<CheckoutQuery>,
) -> Response {
    let now = state.clock.now();
    let found = state.lock().store.tosspay_checkout(&q.pay_token, now);
    let (order_no, amount, status) = match found {
        Ok(found) => found,
        Err(e) => return (StatusCode::NOT_FOUND, Html(escape(&e.message))).into_response(),
    };
    let token = escape(&q.pay_token);
    Html(format!(
        r#"<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>토스페이 (sandbox)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body data-testid="sandbox-tosspay" data-status="{status}" style="font-family: sans-serif; max-width: 28rem; margin: 3rem auto;">
<h1>토스페이</h1><p data-testid="sandbox-badge">SANDBOX — no real payment</p>
<dl><dt>주문번호</dt><dd data-testid="sandbox-tosspay-order">{order}</dd>
<dt>결제 금액</dt><dd data-testid="sandbox-tosspay-amount">{amount}원</dd></dl>
<form method="post" action="/sandbox/tosspay/{token}/approve"><button data-testid="sandbox-approve" type="submit">결제하기</button></form>
<form method="post" action="/sandbox/tosspay/{token}/cancel"><button data-testid="sandbox-cancel" type="submit">취소</button></form>
</body></html>"#,
        order = escape(&order_no),
    ))
    .into_response()
}

/// `POST /sandbox/tosspay/{payToken}/approve`: the buyer approves on the checkout page.
pub(crate) async fn approve(
    State(state): State<SandboxState>,
    Path(token): Path<String>,
) -> Response {
    let now = state.clock.now();
    let result = state.lock().store.tosspay_approve(&token, now);
    match result {
        Ok((url, events)) => {
            state.webhooks.send(events);
            Redirect::to(&url).into_response()
        }
        Err(e) => (StatusCode::CONFLICT, Html(escape(&e.message))).into_response(),
    }
}

/// `POST /sandbox/tosspay/{payToken}/cancel`: the buyer leaves the checkout page.
pub(crate) async fn cancel(
    State(state): State<SandboxState>,
    Path(token): Path<String>,
) -> Response {
    let now = state.clock.now();
    let result = state.lock().store.tosspay_cancel(&token, now);
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => (StatusCode::CONFLICT, Html(escape(&e.message))).into_response(),
    }
}
