//! Toss BrandPay: `brandpay({customerKey, redirectUrl})`, the merchant-branded wallet.
//!
//! Source: `@tosspayments/tosspayments-sdk` 2.8.1, `types/index.d.ts` (`BrandpayInitParams`,
//! `BrandpayPaymentRequest`, `BrandpayRequestPaymentResult`, `TossPaymentsBrandpay`). BrandPay
//! takes an API-individual (`ck`) client key (`NOT_SUPPORTED_WIDGET_KEY` otherwise) and a real
//! customer: Toss asks the merchant to check, at the `redirectUrl`, that the customer key is
//! the signed-in buyer's, so `ANONYMOUS` is refused here with the SDK's own
//! `INVALID_CUSTOMER_KEY` before the SDK is called.

use serde::Serialize;

use super::bindings::BrandpayObject;
use super::request::{CustomerError, RedirectUrl};
use super::result::PaymentResult;
use super::{SdkError, SdkErrorCode, settle, to_js};
use crate::domain::amount::Currency;
use crate::domain::redirect::PaymentType;
use crate::from_js::Fields;
use crate::{Amount, Metadata, OrderId, OrderName};

/// `brandpay()`'s params.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BrandpayParams<'a> {
    pub(super) customer_key: &'a crate::CustomerKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) redirect_url: Option<&'a RedirectUrl>,
}

/// `brandpay().requestPayment(...)`: `BrandpayPaymentRequest` of the d.ts. The amount is
/// KRW only («브랜드페이는 `KRW` 결제만 지원합니다»).
///
/// ```
/// use leptos_tosspayments::sdk::{BrandpayPaymentRequest, RedirectUrl};
/// use leptos_tosspayments::{Amount, OrderId, OrderName};
///
/// let request = BrandpayPaymentRequest::new(
///     Amount::krw(15_000)?,
///     OrderId::parse("order-bp-0001")?,
///     OrderName::parse("토스 티셔츠")?,
/// )?
/// .customer_name("김토스")?;
/// let redirect = request.redirecting(
///     RedirectUrl::parse("https://shop.example/success")?,
///     RedirectUrl::parse("https://shop.example/fail")?,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayPaymentRequest {
    amount: Amount,
    order_id: OrderId,
    order_name: OrderName,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_name: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::request::common::opt_number"
    )]
    tax_free_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<Metadata>,
}

/// Why a BrandPay request cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BrandpayRequestError {
    /// BrandPay pays in won only.
    #[error("BrandPay pays in KRW only")]
    NotKrw,
    /// A buyer field breaks its limit.
    #[error(transparent)]
    Customer(#[from] CustomerError),
    /// `methodId` is empty, too long or not printable.
    #[error("methodId must have 1 to 200 printable ASCII characters")]
    MethodId,
}

impl BrandpayPaymentRequest {
    /// A request for `amount` (KRW) of the order.
    pub fn new(
        amount: Amount,
        order_id: OrderId,
        order_name: OrderName,
    ) -> Result<Self, BrandpayRequestError> {
        if amount.currency() != Currency::Krw {
            return Err(BrandpayRequestError::NotKrw);
        }
        Ok(BrandpayPaymentRequest {
            amount,
            order_id,
            order_name,
            customer_email: None,
            customer_name: None,
            tax_free_amount: None,
            method_id: None,
            metadata: None,
        })
    }

    /// `customerName` (≤ 100 characters).
    pub fn customer_name(mut self, name: &str) -> Result<Self, BrandpayRequestError> {
        if name.chars().count() > 100 {
            return Err(CustomerError::TooLong("the name").into());
        }
        self.customer_name = Some(name.to_owned());
        Ok(self)
    }

    /// `customerEmail` (≤ 100 characters).
    pub fn customer_email(mut self, email: &str) -> Result<Self, BrandpayRequestError> {
        if email.chars().count() > 100 {
            return Err(CustomerError::TooLong("the email").into());
        }
        self.customer_email = Some(email.to_owned());
        Ok(self)
    }

    /// `taxFreeAmount` (a number; only for tax-free or mixed merchants).
    pub fn tax_free_amount(mut self, amount: Amount) -> Self {
        self.tax_free_amount = Some(amount);
        self
    }

    /// `methodId`: pay with this registered method at once (one-touch where it is on).
    pub fn method_id(mut self, id: &str) -> Result<Self, BrandpayRequestError> {
        if id.is_empty() || id.len() > 200 || !id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(BrandpayRequestError::MethodId);
        }
        self.method_id = Some(id.to_owned());
        Ok(self)
    }

    /// `metadata` (checked by [`Metadata`]).
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// The order id.
    pub fn order_id(&self) -> &OrderId {
        &self.order_id
    }

    /// The redirect form: Toss sends the buyer to `success_url` (with `paymentKey`, `orderId`
    /// and `amount`) or `fail_url`. The success URL gets `paymentType=BRANDPAY` too, as the
    /// widget's does, so one success page tells the server which confirm to use.
    pub fn redirecting(self, success_url: RedirectUrl, fail_url: RedirectUrl) -> BrandpayRedirect {
        let joiner = if success_url.as_str().contains('?') {
            '&'
        } else {
            '?'
        };
        let success = format!("{}{joiner}paymentType=BRANDPAY", success_url.as_str());
        BrandpayRedirect {
            request: self,
            // Still absolute: only a query was added.
            success_url: RedirectUrl::parse(&success).unwrap_or(success_url),
            fail_url,
        }
    }
}

/// [`BrandpayPaymentRequest::redirecting`]: `WithRedirection<BrandpayPaymentRequest>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayRedirect {
    #[serde(flatten)]
    request: BrandpayPaymentRequest,
    success_url: RedirectUrl,
    fail_url: RedirectUrl,
}

impl BrandpayRedirect {
    /// The success URL, with `paymentType=BRANDPAY`.
    pub fn success_url(&self) -> &RedirectUrl {
        &self.success_url
    }
}

/// The object `brandpay({customerKey, redirectUrl})` returns.
#[derive(Clone)]
pub struct Brandpay {
    inner: BrandpayObject,
}

impl std::fmt::Debug for Brandpay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Brandpay")
    }
}

impl Brandpay {
    pub(super) fn new(inner: BrandpayObject) -> Self {
        Brandpay { inner }
    }

    /// `requestPayment(WithRedirection<…>)`: opens the BrandPay sheet. On success the browser
    /// leaves for the success URL; this returns only with an error.
    pub async fn request_payment(&self, request: &BrandpayRedirect) -> Result<(), SdkError> {
        settle(self.inner.request_payment(&to_js(request)))
            .await
            .map(drop)
    }

    /// `requestPayment(…)` without URLs: the promise form. Resolves with the payment to
    /// confirm on the server.
    pub async fn request_payment_promise(
        &self,
        request: &BrandpayPaymentRequest,
    ) -> Result<PaymentResult, SdkError> {
        let value = settle(self.inner.request_payment(&to_js(request))).await?;
        // BrandPay's result names no paymentType: it is BrandPay's.
        let mut result = super::result::read(&value)?;
        result.payment_type = Some(PaymentType::Brandpay);
        Ok(result)
    }

    /// `addPaymentMethod()`: registers another card or account.
    pub async fn add_payment_method(&self) -> Result<(), SdkError> {
        settle(self.inner.add_payment_method()).await.map(drop)
    }

    /// `changePassword()`.
    pub async fn change_password(&self) -> Result<(), SdkError> {
        settle(self.inner.change_password()).await.map(drop)
    }

    /// `openSettings()`: BrandPay's settings (methods, one-touch, password).
    pub async fn open_settings(&self) -> Result<(), SdkError> {
        settle(self.inner.open_settings()).await.map(drop)
    }

    /// `changeOneTouchPay()`: turns one-touch pay on or off (the buyer chooses in the sheet).
    pub async fn change_one_touch_pay(&self) -> Result<(), SdkError> {
        settle(self.inner.change_one_touch_pay()).await.map(drop)
    }

    /// `isOneTouchPayEnabled()` → `{isEnabled}`.
    pub async fn is_one_touch_pay_enabled(&self) -> Result<bool, SdkError> {
        let value = settle(self.inner.is_one_touch_pay_enabled()).await?;
        Fields::of(&value, "isOneTouchPayEnabled result")
            .and_then(|f| f.bool("isEnabled"))
            .map_err(|e| SdkError::new(SdkErrorCode::Unknown, e.to_string()))
    }

    /// `requestBillingAuth()`: BrandPay's automatic-billing terms and password (`@ignore` in
    /// the d.ts: undocumented, bound as declared).
    pub async fn request_billing_auth(&self) -> Result<(), SdkError> {
        settle(self.inner.request_billing_auth()).await.map(drop)
    }
}
