//! Apps-in-Toss: `checkoutPayment` of `@apps-in-toss/web-framework`, inside the Toss app.
//!
//! Source: `@apps-in-toss/web-bridge` 2.10.8 (re-exported by `web-framework`),
//! `dist/checkoutPayment.d.ts`:
//!
//! ```ts
//! export declare function checkoutPayment(options: {
//!     params: CheckoutPaymentOptions;   // { payToken: string }
//! }): Promise<CheckoutPaymentResult>;   // { success: boolean; reason?: string }
//! ```
//!
//! The d.ts's own example (and Toss's guide) call `checkoutPayment({ payToken })`; the
//! declaration, which 2.x's code follows, wraps it in `params`, and so does this binding.
//!
//! The Toss app provides the bridge, so the storefront supplies the module's function (its
//! bundle imports `checkoutPayment` and hands it over, or puts it on `window`):
//! [`AppsInTossBridge::new`] / [`AppsInTossBridge::from_global`]. `checkoutPayment` only
//! authenticates the buyer: `success: true` is never a payment. The server executes and
//! verifies; [`AppsInTossBridge::checkout_payment`]'s answer is shown to the buyer as it is
//! (`reason` displayed, never matched: its wording may change).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::from_js::{Fields, FromJs, FromJsError};

/// What `checkoutPayment` resolves with: whether the buyer authenticated, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutPaymentResult {
    /// The buyer authenticated in Toss Pay's sheet (the payment is not made yet).
    pub success: bool,
    /// Why not, in Toss's words (show it; do not branch on it).
    pub reason: Option<String>,
}

impl FromJs for CheckoutPaymentResult {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "checkoutPayment result")?;
        Ok(CheckoutPaymentResult {
            success: f.bool("success")?,
            reason: f.opt_string("reason")?,
        })
    }
}

/// Why `checkoutPayment` gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BridgeError {
    /// No bridge function was found (`from_global`'s name names nothing callable).
    #[error(
        "no Apps-in-Toss bridge at `{0}`: import checkoutPayment from @apps-in-toss/web-framework and hand it over"
    )]
    Missing(String),
    /// The bridge refused: outside the Toss app its promise rejects ("ReactNativeWebView is not
    /// available in browser environment").
    #[error("the Apps-in-Toss bridge refused: {0}")]
    Rejected(String),
    /// The answer is not `{success, reason?}`.
    #[error("the Apps-in-Toss bridge answered something else: {0}")]
    Unreadable(String),
}

/// The storefront's `checkoutPayment`.
#[derive(Clone)]
pub struct AppsInTossBridge {
    checkout_payment: js_sys::Function,
}

impl std::fmt::Debug for AppsInTossBridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppsInTossBridge")
    }
}

impl AppsInTossBridge {
    /// The bridge's `checkoutPayment` function itself.
    pub fn new(checkout_payment: js_sys::Function) -> Self {
        AppsInTossBridge { checkout_payment }
    }

    /// The function at `path` on `window` (`"checkoutPayment"`, or a dotted path such as
    /// `"AppsInToss.checkoutPayment"` where the storefront's bundle put the module).
    pub fn from_global(path: &str) -> Result<Self, BridgeError> {
        let mut value: JsValue = js_sys::global().into();
        for part in path.split('.') {
            value = js_sys::Reflect::get(&value, &JsValue::from_str(part))
                .map_err(|_| BridgeError::Missing(path.to_owned()))?;
        }
        value
            .dyn_into::<js_sys::Function>()
            .map(AppsInTossBridge::new)
            .map_err(|_| BridgeError::Missing(path.to_owned()))
    }

    /// `checkoutPayment({ params: { payToken } })`: opens Toss Pay's sheet in the Toss app for
    /// the payment the server created. `success: true` means the buyer authenticated; the
    /// server must still execute (and verify) the payment.
    pub async fn checkout_payment(
        &self,
        pay_token: &str,
    ) -> Result<CheckoutPaymentResult, BridgeError> {
        let params = js_sys::Object::new();
        let inner = js_sys::Object::new();
        let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
            js_sys::Reflect::set(o, &JsValue::from_str(k), v).map(drop)
        };
        set(&inner, "payToken", &JsValue::from_str(pay_token))
            .and_then(|()| set(&params, "params", &inner))
            .map_err(|e| BridgeError::Unreadable(message(&e)))?;
        let returned = self
            .checkout_payment
            .call1(&JsValue::NULL, &params)
            .map_err(|e| BridgeError::Rejected(message(&e)))?;
        let promise = returned
            .dyn_into::<js_sys::Promise>()
            .map_err(|v| BridgeError::Unreadable(format!("not a promise: {v:?}")))?;
        let value = JsFuture::from(promise)
            .await
            .map_err(|e| BridgeError::Rejected(message(&e)))?;
        CheckoutPaymentResult::from_js(&value).map_err(|e| BridgeError::Unreadable(e.to_string()))
    }
}

/// A thrown value's message.
fn message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
