//! The browser's calls to the companion server (`tosspayments-server`), with gloo-net.
//! Paths and bodies come from [`crate::domain::server_api`].

use gloo_net::http::Request;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::domain::server_api::{
    ApiErrorBody, AppsInTossCheckoutRequest, AppsInTossCheckoutView, BillingView,
    CancelOrderRequest, ChargeBillingRequest, ClientConfig, ConfirmPaymentRequest,
    CreateOrderRequest, ErrorCode, IssueBillingKeyRequest, OrderView, PortOneBillingIssueRequest,
    PortOneConfigView, PortOnePrepareRequest, PortOneVerifyRequest, ProductView, SessionView,
    TossPayCheckoutRequest, TossPayCheckoutView, TossPayExecuteRequest, paths,
};
use crate::from_js::FromJs;
use crate::{AccessToken, CustomerKey, IdempotencyKey, OrderId};

/// Why a call to the server failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The server could not be reached.
    #[error("the shop's server could not be reached: {0}")]
    Network(String),
    /// The server answered with an error.
    #[error("{} ({})", .body.message, .body.code)]
    Api {
        /// The HTTP status.
        status: u16,
        /// `{code, message}`.
        body: ApiErrorBody,
    },
    /// The answer was not what the contract says.
    #[error("the shop's server sent an unexpected answer: {0}")]
    Decode(String),
}

impl ServerError {
    /// Whether trying again may help: network trouble, or a code that says so
    /// ([`ErrorCode::is_retryable`]: a confirm still being settled, Toss or storage
    /// unavailable). An answer without a known code is retryable only as a 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            ServerError::Network(_) => true,
            ServerError::Api { status, body } => match &body.code {
                ErrorCode::Other(_) => *status >= 500,
                code => code.is_retryable(),
            },
            ServerError::Decode(_) => false,
        }
    }
}

/// A gloo-net error's message. (Not its `Display`: with the `json` feature that leptos turns
/// on, that would link serde_json's error messages into the bundle.)
fn gloo_message(e: gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.message,
        gloo_net::Error::GlooError(text) => text,
        #[allow(unreachable_patterns)]
        _ => "the request could not be made".to_owned(),
    }
}

fn js_message(e: JsValue) -> String {
    js_sys::Error::from(e)
        .message()
        .as_string()
        .unwrap_or_else(|| "not JSON".to_owned())
}

/// Sends `request` and reads the answer's body with the browser's own `JSON.parse`
/// (`Response.json()`): the parsed value, or the server's `{code, message}` as an error. Not
/// generic, so this async code is in the bundle once; only [`decode`] is per answer type.
async fn exchange(request: Result<Request, gloo_net::Error>) -> Result<JsValue, ServerError> {
    let response = request
        .map_err(|e| ServerError::Decode(gloo_message(e)))?
        .send()
        .await
        .map_err(|e| ServerError::Network(gloo_message(e)))?;
    let (ok, status, status_text) = (response.ok(), response.status(), response.status_text());
    if status == 204 {
        // No Content (a delete, a sign-out): there is no body to read.
        return Ok(JsValue::UNDEFINED);
    }
    let raw = web_sys::Response::from(response);
    let parsed = match raw.json() {
        Ok(promise) => JsFuture::from(promise).await.map_err(js_message),
        Err(e) => Err(js_message(e)),
    };
    if ok {
        return parsed.map_err(ServerError::Decode);
    }
    let body = parsed
        .ok()
        .and_then(|v| ApiErrorBody::from_js(&v).ok())
        .unwrap_or_else(|| ApiErrorBody {
            code: ErrorCode::Other(format!("HTTP_{status}")),
            message: status_text,
        });
    Err(ServerError::Api { status, body })
}

/// Reads a parsed answer into `T` (the browser's JSON parser and [`FromJs`]: no JSON parser
/// or serde deserializer of ours in the bundle; see the README's performance section).
fn decode<T: FromJs>(value: JsValue) -> Result<T, ServerError> {
    T::from_js(&value).map_err(|e| ServerError::Decode(e.to_string()))
}

async fn post<B: Serialize, T: FromJs>(url: &str, body: &B) -> Result<T, ServerError> {
    post_as(url, None, None, body).await
}

/// `post` with `Authorization: Bearer <token>` and an `Idempotency-Key` when given. The body
/// is written by serde-wasm-bindgen (JSON-compatible values) and the browser's
/// `JSON.stringify`.
async fn post_as<B: Serialize, T: FromJs>(
    url: &str,
    token: Option<&AccessToken>,
    idempotency_key: Option<&IdempotencyKey>,
    body: &B,
) -> Result<T, ServerError> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ServerError::Decode(e.to_string()))?;
    decode(send_json(url, token.map(AccessToken::as_str), idempotency_key, value).await?)
}

/// `POST url` with `body` as JSON text; not generic (see [`exchange`]).
async fn send_json(
    url: &str,
    bearer: Option<&str>,
    idempotency_key: Option<&IdempotencyKey>,
    body: JsValue,
) -> Result<JsValue, ServerError> {
    let text = js_sys::JSON::stringify(&body).map_err(|e| ServerError::Decode(js_message(e)))?;
    let mut builder = Request::post(url).header("Content-Type", "application/json");
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = idempotency_key {
        builder = builder.header("Idempotency-Key", key.as_str());
    }
    exchange(builder.body(JsValue::from(text))).await
}

async fn get<T: FromJs>(url: &str) -> Result<T, ServerError> {
    decode(exchange(Request::get(url).build()).await?)
}

/// `GET {api_base}/api/config`: the client key and SDK URL the browser starts the SDK with.
pub async fn get_config(api_base: &str) -> Result<ClientConfig, ServerError> {
    get(&format!("{api_base}{}", paths::CONFIG)).await
}

/// `GET {api_base}/api/products`: the catalog, priced by the server.
pub async fn list_products(api_base: &str) -> Result<Vec<ProductView>, ServerError> {
    get(&format!("{api_base}{}", paths::PRODUCTS)).await
}

/// `POST {api_base}/api/orders`: the server prices the cart (and coupon) and stores the order;
/// the answer's amount is the one to charge, and its `access_token` (sent only here) is what
/// [`cancel_order`] needs later.
pub async fn create_order(
    api_base: &str,
    request: &CreateOrderRequest,
) -> Result<OrderView, ServerError> {
    post(&format!("{api_base}{}", paths::ORDERS), request).await
}

/// `POST {api_base}/api/orders/{orderId}/cancel`: cancels all (or part) of a paid order and
/// answers with the order as it now stands. The buyer signed in as the order's customer (a
/// session, [`sign_in_as_guest`]) needs no `token`; otherwise it is the order's access token,
/// from the answer that created it. `idempotency_key` names this cancel ([`IdempotencyKey::generate`]
/// for each cancel the buyer means): send the same one again after a failure you are unsure of
/// (a network error, a timeout), and the money goes back once.
pub async fn cancel_order(
    api_base: &str,
    order_id: &OrderId,
    token: Option<&AccessToken>,
    idempotency_key: &IdempotencyKey,
    request: &CancelOrderRequest,
) -> Result<OrderView, ServerError> {
    let url = format!("{api_base}{}", paths::cancel(order_id));
    post_as(&url, token, Some(idempotency_key), request).await
}

/// `POST {api_base}/api/billing/charge`: charges the customer's registered billing method for
/// a server-priced cart, as a new order. The signed-in customer needs no `token`; otherwise it
/// is the billing method's access token, from [`issue_billing_key`]'s answer. `idempotency_key` names this charge
/// ([`IdempotencyKey::generate`] for each charge the buyer means): send the same one again
/// after a failure you are unsure of (a network error, a timeout), and the server answers with
/// the order the first request created instead of charging again.
pub async fn charge_billing(
    api_base: &str,
    token: Option<&AccessToken>,
    idempotency_key: &IdempotencyKey,
    request: &ChargeBillingRequest,
) -> Result<OrderView, ServerError> {
    let url = format!("{api_base}{}", paths::BILLING_CHARGE);
    post_as(&url, token, Some(idempotency_key), request).await
}

/// `DELETE {api_base}/api/billing/methods/{customerKey}`: deletes the customer's billing
/// method, at Toss and on the server. The signed-in customer needs no `token`; otherwise it is
/// the method's access token.
pub async fn delete_billing_method(
    api_base: &str,
    customer_key: &CustomerKey,
    token: Option<&AccessToken>,
) -> Result<(), ServerError> {
    let url = format!("{api_base}{}", paths::billing_method(customer_key));
    let mut builder = Request::delete(&url);
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {}", token.as_str()));
    }
    exchange(builder.build()).await.map(drop)
}

/// `POST {api_base}/api/tosspay/checkout`: the server creates the Toss Pay payment of the
/// stored order and answers where to send the buyer (`checkout_page`; `pay_token` for
/// Apps-in-Toss). The order's customer (signed in) needs no `token`; otherwise it is the
/// order's access token.
pub async fn tosspay_checkout(
    api_base: &str,
    request: &TossPayCheckoutRequest,
    token: Option<&AccessToken>,
) -> Result<TossPayCheckoutView, ServerError> {
    post_as(
        &format!("{api_base}{}", paths::TOSSPAY_CHECKOUT),
        token,
        None,
        request,
    )
    .await
}

/// `POST {api_base}/api/tosspay/execute`: the buyer is back from Toss Pay; the server executes
/// the order's payment (exactly once) and answers with the order as it now stands.
pub async fn tosspay_execute(api_base: &str, order_id: &OrderId) -> Result<OrderView, ServerError> {
    let request = TossPayExecuteRequest {
        order_id: order_id.clone(),
    };
    post(&format!("{api_base}{}", paths::TOSSPAY_EXECUTE), &request).await
}

/// `POST {api_base}/api/apps-in-toss/checkout`: inside the Toss app, the server creates the
/// in-app payment of the stored order for the Toss user signed in (its Toss login), and
/// answers the `pay_token` for `checkoutPayment`. The order's customer (signed in) needs no
/// `token`; otherwise it is the order's access token.
pub async fn apps_in_toss_checkout(
    api_base: &str,
    order_id: &OrderId,
    token: Option<&AccessToken>,
) -> Result<AppsInTossCheckoutView, ServerError> {
    let request = AppsInTossCheckoutRequest {
        order_id: order_id.clone(),
    };
    post_as(
        &format!("{api_base}{}", paths::APPS_IN_TOSS_CHECKOUT),
        token,
        None,
        &request,
    )
    .await
}

/// `POST {api_base}/api/apps-in-toss/execute`: `checkoutPayment` resolved with `success`; the
/// server executes the order's in-app payment (exactly once) and answers with the order as it
/// now stands: the verdict to show, never `success` itself.
pub async fn apps_in_toss_execute(
    api_base: &str,
    order_id: &OrderId,
) -> Result<OrderView, ServerError> {
    let request = TossPayExecuteRequest {
        order_id: order_id.clone(),
    };
    post(
        &format!("{api_base}{}", paths::APPS_IN_TOSS_EXECUTE),
        &request,
    )
    .await
}

/// `GET {api_base}/api/portone/config`: `IMP.init`'s merchant code and PortOne's SDK.
pub async fn portone_config(api_base: &str) -> Result<PortOneConfigView, ServerError> {
    get(&format!("{api_base}{}", paths::PORTONE_CONFIG)).await
}

/// `POST {api_base}/api/portone/prepare`: the server pre-registers the stored order's amount
/// with PortOne (a window for another amount is then stopped before any payment) and answers
/// what `IMP.init` needs.
pub async fn portone_prepare(
    api_base: &str,
    order_id: &OrderId,
) -> Result<PortOneConfigView, ServerError> {
    let request = PortOnePrepareRequest {
        merchant_uid: order_id.clone(),
    };
    post(&format!("{api_base}{}", paths::PORTONE_PREPARE), &request).await
}

/// `POST {api_base}/api/portone/verify`: the server verifies the payment PortOne's window
/// named (its amount and order read from PortOne) and answers the order as it now stands.
pub async fn portone_verify(
    api_base: &str,
    request: &PortOneVerifyRequest,
) -> Result<OrderView, ServerError> {
    post(&format!("{api_base}{}", paths::PORTONE_VERIFY), request).await
}

/// `POST {api_base}/api/portone/billing/issue`: the card the customer registered in
/// PortOne's billing window becomes their billing method; the answer's access token (new
/// registrations only) charges it with [`charge_billing`].
pub async fn portone_billing_issue(
    api_base: &str,
    customer_key: &CustomerKey,
) -> Result<BillingView, ServerError> {
    let request = PortOneBillingIssueRequest {
        customer_key: customer_key.clone(),
    };
    post(
        &format!("{api_base}{}", paths::PORTONE_BILLING_ISSUE),
        &request,
    )
    .await
}

/// `GET {api_base}/api/session`: who is signed in on this browser (the session cookie is
/// HttpOnly: only the server reads it).
pub async fn session(api_base: &str) -> Result<SessionView, ServerError> {
    get(&format!("{api_base}{}", paths::SESSION)).await
}

/// `POST {api_base}/api/session`: signs this browser in as a guest (a new customer), or keeps
/// whoever is signed in; the answer's customer key is the one to give the SDK. The cookie is
/// sent back on same-origin requests only (serve the API under the storefront's origin, as
/// `trunk serve`'s proxy does).
pub async fn sign_in_as_guest(api_base: &str) -> Result<SessionView, ServerError> {
    decode(
        send_json(
            &format!("{api_base}{}", paths::SESSION),
            None,
            None,
            JsValue::NULL,
        )
        .await?,
    )
}

/// `DELETE {api_base}/api/session`: signs out.
pub async fn sign_out(api_base: &str) -> Result<(), ServerError> {
    let url = format!("{api_base}{}", paths::SESSION);
    exchange(Request::delete(&url).build()).await.map(drop)
}

/// `POST {api_base}/api/payments/confirm`: the server checks the successUrl values against its
/// order, confirms with Toss exactly once, and answers with the order as it now stands.
pub async fn confirm_payment(
    api_base: &str,
    request: &ConfirmPaymentRequest,
) -> Result<OrderView, ServerError> {
    post(&format!("{api_base}{}", paths::CONFIRM), request).await
}

/// `POST {api_base}/api/billing/issue`: exchanges the billing successUrl's `authKey` for a
/// billing key kept on the server; the answer's `access_token` is what [`charge_billing`]
/// needs.
pub async fn issue_billing_key(
    api_base: &str,
    request: &IssueBillingKeyRequest,
) -> Result<BillingView, ServerError> {
    post(&format!("{api_base}{}", paths::BILLING_ISSUE), request).await
}

/// `GET {api_base}/api/orders/{orderId}` (with `?refresh=true`, the server asks Toss first).
pub async fn get_order(
    api_base: &str,
    order_id: &OrderId,
    refresh: bool,
) -> Result<OrderView, ServerError> {
    let mut url = format!("{api_base}{}", paths::order(order_id));
    if refresh {
        url.push_str("?refresh=true");
    }
    get(&url).await
}

/// The merchant console's calls (`/api/admin/*`): each needs the staff token (`ADMIN_TOKEN` on
/// the server) and is meant for the store's own staff pages, never for buyers.
pub mod staff {
    use super::*;
    use crate::CustomerKey;
    use crate::domain::server_api::{
        OrderStatus, StaffEventView, StaffHealthView, StaffOrderView, StaffWebhookView,
    };

    /// Which orders [`list_orders`] asks for (every field narrows; the default is all).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct OrderFilter {
        /// Only orders in this status.
        pub status: Option<OrderStatus>,
        /// Only this customer's.
        pub customer_key: Option<CustomerKey>,
        /// Only those created at or after this time (ms since the epoch).
        pub from: Option<i64>,
        /// Only those created before this time (ms since the epoch).
        pub to: Option<i64>,
        /// Only those left `confirming` past the reconciler's grace.
        pub stuck: bool,
    }

    impl OrderFilter {
        /// The query string (`?status=paid&…`, or empty).
        pub fn query(&self) -> String {
            let mut pairs = Vec::new();
            if let Some(status) = self.status {
                pairs.push(format!("status={}", status.as_str()));
            }
            // Customer keys are `A-Za-z0-9-_=.@`; `=` and `@` are escaped for the query.
            if let Some(key) = &self.customer_key {
                let escaped = key.as_str().replace('=', "%3D").replace('@', "%40");
                pairs.push(format!("customerKey={escaped}"));
            }
            if let Some(from) = self.from {
                pairs.push(format!("from={from}"));
            }
            if let Some(to) = self.to {
                pairs.push(format!("to={to}"));
            }
            if self.stuck {
                pairs.push("stuck=true".to_owned());
            }
            if pairs.is_empty() {
                String::new()
            } else {
                format!("?{}", pairs.join("&"))
            }
        }
    }

    async fn get_staff<T: FromJs>(url: &str, staff_token: &str) -> Result<T, ServerError> {
        let request = Request::get(url)
            .header("Authorization", &format!("Bearer {staff_token}"))
            .build();
        decode(exchange(request).await?)
    }

    /// `GET {api_base}/api/admin/orders`: the orders `filter` lets through, newest first.
    pub async fn list_orders(
        api_base: &str,
        staff_token: &str,
        filter: &OrderFilter,
    ) -> Result<Vec<StaffOrderView>, ServerError> {
        let url = format!("{api_base}{}{}", paths::ADMIN_ORDERS, filter.query());
        get_staff(&url, staff_token).await
    }

    /// `GET {api_base}/api/admin/webhooks`: the newest webhooks and what became of them.
    pub async fn webhooks(
        api_base: &str,
        staff_token: &str,
    ) -> Result<Vec<StaffWebhookView>, ServerError> {
        get_staff(&format!("{api_base}{}", paths::ADMIN_WEBHOOKS), staff_token).await
    }

    /// `GET {api_base}/api/admin/health`: readiness, the workers and the backlog.
    pub async fn health(api_base: &str, staff_token: &str) -> Result<StaffHealthView, ServerError> {
        get_staff(&format!("{api_base}{}", paths::ADMIN_HEALTH), staff_token).await
    }

    /// `GET {api_base}/api/admin/orders/{orderId}/events`: the order's timeline, oldest first.
    pub async fn order_events(
        api_base: &str,
        staff_token: &str,
        order_id: &OrderId,
    ) -> Result<Vec<StaffEventView>, ServerError> {
        let url = format!(
            "{api_base}{}",
            paths::ADMIN_ORDER_EVENTS.replace("{order_id}", order_id.as_str())
        );
        get_staff(&url, staff_token).await
    }

    /// `POST {api_base}/api/admin/orders/{orderId}/cancel`: a refund by staff, full or
    /// partial, at any time. `idempotency_key` names this refund (the same on a retry).
    pub async fn refund(
        api_base: &str,
        staff_token: &str,
        order_id: &OrderId,
        idempotency_key: &IdempotencyKey,
        request: &CancelOrderRequest,
    ) -> Result<OrderView, ServerError> {
        let url = format!(
            "{api_base}{}",
            paths::ADMIN_CANCEL.replace("{order_id}", order_id.as_str())
        );
        let value = request
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| ServerError::Decode(e.to_string()))?;
        decode(send_json(&url, Some(staff_token), Some(idempotency_key), value).await?)
    }
}
