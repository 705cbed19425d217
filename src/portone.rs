//! Toss Payments through PortOne (i'mport, V1): `IMP.init` and `IMP.request_pay` of
//! `https://cdn.iamport.kr/v1/iamport.js`.
//!
//! Source: `iamport-typings` 1.4.0 (`Iamport`, `RequestPayParams`, `RequestPayResponse`) and
//! PortOne's SDK docs (`payrq.mdx`, `payrt.mdx`, the Toss Payments guide), quoted in
//! `docs/research/portone.md`. Where the typings are narrower than the docs (`buyer_tel`
//! required, `card_code: "*"` refused), the docs win: every optional key is left out when unset.
//!
//! `request_pay` returns nothing and answers a callback: [`Imp::request_pay`] turns that into
//! a future. On a mobile browser with `m_redirect_url`, PortOne leaves the page instead and the
//! callback never runs: the page at `m_redirect_url` reads
//! [`crate::domain::redirect::PortOneRedirectQuery`]. Either way the answer is only a pointer
//! (`imp_uid`, `merchant_uid`): with Toss Payments PortOne reports nothing else, and the
//! companion server verifies the payment (`POST /api/portone/verify`) before anything is shown
//! as paid.

use std::time::Duration;

use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::OrderId;
use crate::from_js::{Fields, FromJs, FromJsError};
use crate::sdk::LoadError;

/// Where PortOne serves its V1 SDK.
pub const IAMPORT_SDK_URL: &str = "https://cdn.iamport.kr/v1/iamport.js";

/// `pay_method`: the methods this crate offers through Toss Payments (PortOne's Toss guide
/// lists more; these are the ones the sandbox plays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PayMethod {
    /// Card (the billing-key window takes only this).
    Card,
    /// Bank transfer.
    Trans,
    /// Virtual account (paid at the deposit).
    Vbank,
    /// Mobile phone billing (`digital` required).
    Phone,
}

/// `display`: what the window shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Display {
    /// Installment months offered: `[]` lump sum only, `[2, 3]` lump sum and 2–3 months
    /// (installments need at least 50,000 won).
    pub card_quota: Vec<u8>,
}

/// `card.direct`: open one card company's window directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardDirect {
    /// The card company's KFTC code (`"366"` 신한, `"361"` BC, …).
    pub code: String,
    /// Installment months (0: lump sum).
    pub quota: u8,
}

/// `card.detail[]`: a card company on or off (`card_code: "*"` is every company).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardDetail {
    /// A KFTC code, or `"*"`.
    pub card_code: String,
    /// Shown or not.
    pub enabled: bool,
}

/// `card`: card options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CardOptions {
    /// One company directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct: Option<CardDirect>,
    /// Companies on or off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<CardDetail>,
}

/// `IMP.request_pay`'s parameters. The order's id, name and amount come from the server's
/// order ([`RequestPayParams::for_order`]); the amount is an integer, never a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestPayParams {
    /// `tosspayments`, or `tosspayments.{MID}` with several Toss contracts.
    pub pg: String,
    /// The method.
    pub pay_method: PayMethod,
    /// The order (≤ 40 characters: `domain::portone::merchant_uid_is_valid`).
    pub merchant_uid: OrderId,
    /// In won.
    pub amount: u64,
    /// The order's name (≤ 40 characters shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Buyer's name (Toss Payments asks for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_name: Option<String>,
    /// Buyer's e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_email: Option<String>,
    /// Buyer's phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_tel: Option<String>,
    /// Buyer's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_addr: Option<String>,
    /// Buyer's postcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_postcode: Option<String>,
    /// Where a mobile browser goes afterwards (the callback is then not called).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub m_redirect_url: Option<String>,
    /// A billing key to issue (a `card` window that charges nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_uid: Option<String>,
    /// What the window shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<Display>,
    /// Card options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardOptions>,
    /// Goods that are not physical (required for `phone`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digital: Option<bool>,
    /// A virtual account's deadline (`YYYYMMDDhhmm` and the other documented forms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vbank_due: Option<String>,
}

impl RequestPayParams {
    /// A payment of `amount` won for the server's order `merchant_uid` named `name`, by
    /// `pay_method` through Toss Payments.
    pub fn for_order(
        merchant_uid: OrderId,
        name: &str,
        amount: u64,
        pay_method: PayMethod,
    ) -> Self {
        RequestPayParams {
            pg: "tosspayments".to_owned(),
            pay_method,
            merchant_uid,
            amount,
            name: Some(name.chars().take(40).collect()),
            buyer_name: None,
            buyer_email: None,
            buyer_tel: None,
            buyer_addr: None,
            buyer_postcode: None,
            m_redirect_url: None,
            customer_uid: None,
            display: None,
            card: None,
            digital: (pay_method == PayMethod::Phone).then_some(true),
            vbank_due: None,
        }
    }
}

impl RequestPayParams {
    /// PortOne's billing-key window for `customer_key` (a card, nothing charged): the key is
    /// issued under [`crate::domain::portone::customer_uid_for`]`(customer_key)`, which the
    /// companion server keeps (`POST /api/portone/billing/issue`) and charges.
    pub fn for_billing(customer_key: &crate::CustomerKey, name: &str) -> Self {
        let mut params = RequestPayParams::for_order(OrderId::generate(), name, 0, PayMethod::Card);
        params.customer_uid = Some(crate::domain::portone::customer_uid_for(customer_key));
        params
    }
}

/// What `request_pay`'s callback received (with Toss Payments: only these). A pointer to the
/// payment, never its proof: the server verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPayResponse {
    /// `success` (or `imp_success`, by PG): not trusted, only shown.
    pub success: Option<bool>,
    /// PortOne's payment (absent when the window refused before paying).
    pub imp_uid: Option<String>,
    /// The order.
    pub merchant_uid: String,
    /// Why not (its presence is the failure).
    pub error_code: Option<String>,
    /// Why not, in PortOne's words (shown as it is).
    pub error_msg: Option<String>,
}

impl RequestPayResponse {
    /// Whether the window reported a failure (`error_code` present, or no payment).
    pub fn failed(&self) -> bool {
        self.error_code.is_some() || self.imp_uid.is_none()
    }
}

impl FromJs for RequestPayResponse {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "request_pay response")?;
        let success = match f.opt_bool("success")? {
            Some(s) => Some(s),
            None => f.opt_bool("imp_success")?,
        };
        Ok(RequestPayResponse {
            success,
            imp_uid: f.opt_string("imp_uid")?,
            merchant_uid: f.opt_string("merchant_uid")?.unwrap_or_default(),
            error_code: f.opt_string("error_code")?,
            error_msg: f.opt_string("error_msg")?,
        })
    }
}

/// Why `IMP` could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImpError {
    /// The SDK script did not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// `window.IMP` is not PortOne's SDK.
    #[error("window.IMP has no {0}: is {IAMPORT_SDK_URL} (or the sandbox's) loaded?")]
    Missing(&'static str),
    /// The parameters could not be handed over.
    #[error("request_pay's parameters: {0}")]
    Params(String),
    /// The SDK threw.
    #[error("PortOne's SDK threw: {0}")]
    Threw(String),
    /// The callback's answer is not a `RequestPayResponse`.
    #[error("PortOne's SDK answered something else: {0}")]
    Unreadable(String),
}

/// PortOne's `window.IMP`, initialised with the merchant's identification code.
#[derive(Debug, Clone)]
pub struct Imp {
    imp: JsValue,
}

impl Imp {
    /// Loads the SDK from `url` (PortOne's [`IAMPORT_SDK_URL`], or the sandbox's
    /// `/v1/iamport.js`) and calls `IMP.init(merchant_code)` once per page.
    pub async fn load(url: &str, merchant_code: &str, timeout: Duration) -> Result<Imp, ImpError> {
        let imp = crate::sdk::load_global(url, "IMP", timeout).await?;
        let method = |name: &'static str| {
            js_sys::Reflect::get(&imp, &JsValue::from_str(name))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .ok_or(ImpError::Missing(name))
        };
        let marker = JsValue::from_str("__leptos_tosspayments_init");
        let inited = js_sys::Reflect::get(&imp, &marker)
            .ok()
            .and_then(|v| v.as_string());
        // PortOne: "IMP.init을 두 번 호출하지 마세요" (do not call init twice).
        if inited.as_deref() != Some(merchant_code) {
            method("init")?
                .call1(&imp, &JsValue::from_str(merchant_code))
                .map_err(|e| ImpError::Threw(format!("{e:?}")))?;
            let _ = js_sys::Reflect::set(&imp, &marker, &JsValue::from_str(merchant_code));
        }
        method("request_pay")?;
        Ok(Imp { imp })
    }

    /// `IMP.request_pay(params, callback)`: the callback's answer. With `m_redirect_url` on a
    /// mobile browser the page leaves instead, and this never resolves.
    pub async fn request_pay(
        &self,
        params: &RequestPayParams,
    ) -> Result<RequestPayResponse, ImpError> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let js_params = params
            .serialize(&serializer)
            .map_err(|e| ImpError::Params(e.to_string()))?;
        let request_pay = js_sys::Reflect::get(&self.imp, &JsValue::from_str("request_pay"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or(ImpError::Missing("request_pay"))?;
        let imp = self.imp.clone();
        let mut thrown = None;
        let answered = js_sys::Promise::new(&mut |resolve, _reject| {
            let callback = Closure::once_into_js(move |response: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &response);
            });
            if let Err(e) = request_pay.call2(&imp, &js_params, &callback) {
                thrown = Some(e);
            }
        });
        if let Some(e) = thrown {
            return Err(ImpError::Threw(format!("{e:?}")));
        }
        let response = JsFuture::from(answered)
            .await
            .map_err(|e| ImpError::Threw(format!("{e:?}")))?;
        RequestPayResponse::from_js(&response).map_err(|e| ImpError::Unreadable(e.to_string()))
    }
}
