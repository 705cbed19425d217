//! Reading values the browser has parsed (the server's answers through `Response.json()`, the
//! SDK's event payloads) into typed values.
//!
//! Hand-written instead of serde's `Deserialize` through serde-wasm-bindgen, for size: serde's
//! deserializers build their error messages with `serde::de::Unexpected`, whose `Display`
//! links Rust's float formatting (about 12 KB of wasm), and each derived deserializer adds its
//! own visitor. Reading the few answer types field by field made the drop-in checkout bundle
//! several KB (gzip) smaller; the README's performance section has the figures.
//!
//! The field names are those of the serde derives on the same types (`camelCase`), and
//! `tests/browser_from_js.rs` reads what the server's serde_json writes for each type, so the
//! two cannot drift apart unnoticed. As with serde's derives, unknown fields are ignored and a
//! missing or `null` optional field is `None`.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::domain::amount::{Amount, Currency};
use crate::domain::server_api::{
    ApiErrorBody, AppsInTossCheckoutView, BillingView, ClientConfig, ErrorCode, OrderStatus,
    OrderView, PortOneConfigView, ProductView, SessionView, StaffEventView, StaffHealthView,
    StaffOrderView, StaffWebhookView, TossPayCheckoutView, VirtualAccountView,
};
use crate::{AccessToken, ClientKey, CustomerKey, OrderId, OrderName};

/// A value that is not what its type needs; names the field (or the type, for the value
/// itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is missing or not valid")]
pub struct FromJsError(pub &'static str);

/// A type read from a value the browser parsed.
pub trait FromJs: Sized {
    /// Reads `value`, or says which field is wrong.
    fn from_js(value: &JsValue) -> Result<Self, FromJsError>;
}

/// The fields of a JS object.
#[derive(Debug)]
pub(crate) struct Fields<'a>(&'a JsValue);

impl<'a> Fields<'a> {
    /// `value` as an object; `what` names it in the error when it is not one.
    pub fn of(value: &'a JsValue, what: &'static str) -> Result<Self, FromJsError> {
        if value.is_object() {
            Ok(Fields(value))
        } else {
            Err(FromJsError(what))
        }
    }

    /// The field's value (`undefined` when absent).
    pub fn get(&self, name: &str) -> JsValue {
        Reflect::get(self.0, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    /// A present field: `None` when it is absent or `null`.
    fn present(&self, name: &str) -> Option<JsValue> {
        let value = self.get(name);
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    /// A string field.
    pub fn string(&self, name: &'static str) -> Result<String, FromJsError> {
        self.get(name).as_string().ok_or(FromJsError(name))
    }

    /// An optional string field.
    pub fn opt_string(&self, name: &'static str) -> Result<Option<String>, FromJsError> {
        self.present(name)
            .map(|v| v.as_string().ok_or(FromJsError(name)))
            .transpose()
    }

    /// A string field run through `parse` (a domain type's own parser).
    pub fn parsed<T, E>(
        &self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, FromJsError> {
        parse(&self.string(name)?).map_err(|_| FromJsError(name))
    }

    /// A boolean field.
    pub fn bool(&self, name: &'static str) -> Result<bool, FromJsError> {
        self.get(name).as_bool().ok_or(FromJsError(name))
    }

    /// An optional boolean field.
    pub fn opt_bool(&self, name: &'static str) -> Result<Option<bool>, FromJsError> {
        self.present(name)
            .map(|v| v.as_bool().ok_or(FromJsError(name)))
            .transpose()
    }

    /// A whole-number field (at most 2^53 in size, as JSON numbers are exact only so far).
    pub fn int(&self, name: &'static str) -> Result<i64, FromJsError> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        match self.get(name).as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() <= EXACT => Ok(n as i64),
            _ => Err(FromJsError(name)),
        }
    }

    /// An optional whole-number field.
    pub fn opt_int(&self, name: &'static str) -> Result<Option<i64>, FromJsError> {
        match self.present(name) {
            Some(_) => self.int(name).map(Some),
            None => Ok(None),
        }
    }

    /// A number field.
    pub fn number(&self, name: &'static str) -> Result<f64, FromJsError> {
        self.get(name).as_f64().ok_or(FromJsError(name))
    }

    /// A list of strings.
    pub fn strings(&self, name: &'static str) -> Result<Vec<String>, FromJsError> {
        let value = self.get(name);
        if !Array::is_array(&value) {
            return Err(FromJsError(name));
        }
        Array::from(&value)
            .iter()
            .map(|v| v.as_string().ok_or(FromJsError(name)))
            .collect()
    }

    /// A nested object.
    pub fn object<T: FromJs>(&self, name: &'static str) -> Result<T, FromJsError> {
        T::from_js(&self.get(name))
    }

    /// An optional nested object.
    pub fn opt_object<T: FromJs>(&self, name: &'static str) -> Result<Option<T>, FromJsError> {
        self.present(name).map(|v| T::from_js(&v)).transpose()
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        if !Array::is_array(value) {
            return Err(FromJsError("array"));
        }
        Array::from(value).iter().map(|v| T::from_js(&v)).collect()
    }
}

impl FromJs for Amount {
    /// `{"value": 48000, "currency": "KRW"}`, or `{"value": 50.5, "currency": "USD"}`
    /// (dollars with cents).
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "amount")?;
        match f.string("currency")?.as_str() {
            "KRW" => Amount::new(f.int("value")?, Currency::Krw).map_err(|_| FromJsError("value")),
            "USD" => {
                let dollars = f.get("value");
                if dollars.as_f64().is_none() {
                    return Err(FromJsError("value"));
                }
                // The number's shortest decimal form as JavaScript's `String(n)` prints it,
                // which is what `Amount::from_sdk_value` reads (same verdicts: `NaN`,
                // `Infinity` and exponents are refused like a third decimal), without linking
                // Rust's float formatting into the bundle.
                let text = String::from(
                    js_sys::Number::from(dollars)
                        .to_string_with_radix(10)
                        .map_err(|_| FromJsError("value"))?,
                );
                let text = if text == "-0" { "0".to_owned() } else { text };
                Amount::parse_usd(&text).map_err(|_| FromJsError("value"))
            }
            _ => Err(FromJsError("currency")),
        }
    }
}

impl FromJs for ApiErrorBody {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "error")?;
        Ok(ApiErrorBody {
            code: ErrorCode::from_code(&f.string("code")?),
            message: f.string("message")?,
        })
    }
}

impl FromJs for ClientConfig {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "config")?;
        Ok(ClientConfig {
            client_key: f.parsed("clientKey", ClientKey::parse)?,
            sdk_url: f.string("sdkUrl")?,
        })
    }
}

impl FromJs for ProductView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "product")?;
        Ok(ProductView {
            id: f.string("id")?,
            name: f.string("name")?,
            price: f.object("price")?,
        })
    }
}

impl FromJs for TossPayCheckoutView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "Toss Pay checkout")?;
        Ok(TossPayCheckoutView {
            order_id: f.parsed("orderId", OrderId::parse)?,
            pay_token: f.string("payToken")?,
            checkout_page: f.string("checkoutPage")?,
        })
    }
}

impl FromJs for AppsInTossCheckoutView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "Apps-in-Toss checkout")?;
        Ok(AppsInTossCheckoutView {
            order_id: f.parsed("orderId", OrderId::parse)?,
            pay_token: f.string("payToken")?,
        })
    }
}

impl FromJs for PortOneConfigView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "PortOne config")?;
        Ok(PortOneConfigView {
            merchant_code: f.string("merchantCode")?,
            sdk_url: f.string("sdkUrl")?,
            pg: f.string("pg")?,
        })
    }
}

impl FromJs for SessionView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "session")?;
        Ok(SessionView {
            customer_key: opt_customer_key(&f)?,
        })
    }
}

/// An optional `customerKey`, parsed.
fn opt_customer_key(f: &Fields<'_>) -> Result<Option<CustomerKey>, FromJsError> {
    f.opt_string("customerKey")?
        .map(|k| CustomerKey::parse(&k))
        .transpose()
        .map_err(|_| FromJsError("customerKey"))
}

impl FromJs for BillingView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "billing")?;
        Ok(BillingView {
            customer_key: f.parsed("customerKey", CustomerKey::parse)?,
            method: f.string("method")?,
            card_number: f.opt_string("cardNumber")?,
            access_token: access_token(&f)?,
        })
    }
}

impl FromJs for VirtualAccountView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "virtualAccount")?;
        Ok(VirtualAccountView {
            bank_code: f.string("bankCode")?,
            account_number: f.string("accountNumber")?,
            due_date: f.string("dueDate")?,
        })
    }
}

impl FromJs for OrderView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "order")?;
        Ok(OrderView {
            order_id: f.parsed("orderId", OrderId::parse)?,
            order_name: f.parsed("orderName", OrderName::parse)?,
            amount: f.object("amount")?,
            balance: f.object("balance")?,
            status: f.parsed("status", |s| OrderStatus::parse(s).ok_or(()))?,
            customer_key: opt_customer_key(&f)?,
            method: f.opt_string("method")?,
            approved_at: f.opt_string("approvedAt")?,
            virtual_account: f.opt_object("virtualAccount")?,
            failure_code: f.opt_string("failureCode")?,
            access_token: access_token(&f)?,
        })
    }
}

impl FromJs for StaffOrderView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "staff order")?;
        Ok(StaffOrderView {
            order: OrderView::from_js(value)?,
            created_at: f.int("createdAt")?,
            updated_at: f.int("updatedAt")?,
            provider: f.opt_string("provider")?,
        })
    }
}

impl FromJs for StaffEventView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "event")?;
        Ok(StaffEventView {
            order_id: f.string("orderId")?,
            from_status: f.opt_string("fromStatus")?,
            to_status: f.string("toStatus")?,
            cause: f.string("cause")?,
            detail: f.opt_string("detail")?,
        })
    }
}

impl FromJs for StaffWebhookView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "webhook")?;
        Ok(StaffWebhookView {
            id: f.int("id")?,
            provider: f.string("provider")?,
            subject: f.string("subject")?,
            received_at: f.int("receivedAt")?,
            attempts: f.int("attempts")?,
            processed_at: f.opt_int("processedAt")?,
            outcome: f.opt_string("outcome")?,
        })
    }
}

impl FromJs for StaffHealthView {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "health")?;
        Ok(StaffHealthView {
            ready: f.bool("ready")?,
            database: f.bool("database")?,
            stale_workers: f.strings("staleWorkers")?,
            reconciler_beat_ms_ago: f.opt_int("reconcilerBeatMsAgo")?,
            webhook_worker_beat_ms_ago: f.opt_int("webhookWorkerBeatMsAgo")?,
            webhook_backlog: f.int("webhookBacklog")?,
            oldest_confirming_seconds: f.number("oldestConfirmingSeconds")?,
            mismatches: f.int("mismatches")?,
        })
    }
}

fn access_token(f: &Fields<'_>) -> Result<Option<AccessToken>, FromJsError> {
    f.opt_string("accessToken")?
        .map(|t| AccessToken::parse(&t).map_err(|_| FromJsError("accessToken")))
        .transpose()
}
