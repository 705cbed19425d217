//! What `requestPayment` resolves with in promise form (no successUrl): the payment to confirm
//! on the server. Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`:
//! `WidgetPaymentResult {paymentType, paymentKey, orderId, amount}` (widgets),
//! `RequestPaymentResult {paymentKey, orderId, amount}` (payment window) and
//! `BrandpayRequestPaymentResult {paymentKey, orderId, amount}` (BrandPay).

use wasm_bindgen::JsValue;

use crate::domain::redirect::PaymentType;
use crate::domain::server_api::ConfirmPaymentRequest;
use crate::from_js::{Fields, FromJs, FromJsError};
use crate::{Amount, OrderId, PaymentKey};

/// A payment the buyer authorised, to confirm on the server (as a successUrl's query would
/// carry it). Check `order_id` is the order requested; the server checks `amount` against the
/// order it stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentResult {
    /// The payment to confirm.
    pub payment_key: PaymentKey,
    /// The order.
    pub order_id: OrderId,
    /// What the SDK says was authenticated.
    pub amount: Amount,
    /// `NORMAL` or `BRANDPAY` from the widget; `BRANDPAY` from BrandPay; none from the payment
    /// window.
    pub payment_type: Option<PaymentType>,
}

impl PaymentResult {
    /// The companion server's confirm request for this payment.
    pub fn confirm_request(&self) -> ConfirmPaymentRequest {
        ConfirmPaymentRequest {
            payment_key: self.payment_key.clone(),
            order_id: self.order_id.clone(),
            amount: self.amount,
            payment_type: self.payment_type,
        }
    }
}

impl FromJs for PaymentResult {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "payment result")?;
        let payment_type = match f.opt_string("paymentType")?.as_deref() {
            None => None,
            Some("NORMAL") => Some(PaymentType::Normal),
            Some("BRANDPAY") => Some(PaymentType::Brandpay),
            Some(_) => return Err(FromJsError("paymentType")),
        };
        Ok(PaymentResult {
            payment_key: f.parsed("paymentKey", PaymentKey::parse)?,
            order_id: f.parsed("orderId", OrderId::parse)?,
            amount: f.object("amount")?,
            payment_type,
        })
    }
}

/// Reads a promise's result, as the SDK's error when it is not one.
pub(super) fn read(value: &JsValue) -> Result<PaymentResult, super::SdkError> {
    PaymentResult::from_js(value).map_err(|e| {
        super::SdkError::new(
            super::SdkErrorCode::Unknown,
            format!("the SDK's payment result could not be read: {e}"),
        )
    })
}
