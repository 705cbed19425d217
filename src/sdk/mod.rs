//! Bindings to the Toss Payments V2 standard SDK (`TossPayments(clientKey)`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use leptos_tosspayments::sdk::{TossPayments, DEFAULT_SDK_URL, DEFAULT_TIMEOUT};
//! use leptos_tosspayments::{Amount, ClientKey, CustomerKey};
//!
//! let key = ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm")?;
//! let toss = TossPayments::load(&key, DEFAULT_SDK_URL, DEFAULT_TIMEOUT).await?;
//! let widgets = toss.widgets(&CustomerKey::anonymous())?;
//! widgets.set_amount(Amount::krw(50_000)?).await?;
//! let methods = widgets.render_payment_methods("#payment-method", None).await?;
//! let agreement = widgets.render_agreement("#agreement", Some("AGREEMENT")).await?;
//! # Ok(()) }
//! ```

mod bindings;
mod brandpay;
mod error;
mod loader;
mod payment;
mod request;
mod result;
mod widgets;

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub use brandpay::{Brandpay, BrandpayPaymentRequest, BrandpayRedirect, BrandpayRequestError};
pub use error::{SdkError, SdkErrorCode};
pub use loader::{DEFAULT_SDK_URL, DEFAULT_TIMEOUT, LoadError, load, load_global};
pub use payment::PaymentWindow;
pub use request::account::{
    MobileCarrier, MobilePhoneOptions, TransferOptions, WidgetTransferOptions,
    WidgetVirtualAccountOptions,
};
pub use request::card::{
    AppScheme, CardCompany, CardLanguage, EasyPay, FlowMode, FreeInstallmentPlan, Installment,
    InstallmentMonths, KeyinCardType, WidgetCardOptions,
};
pub use request::common::{DueDate, EscrowProduct, ValidHours, WindowTarget};
pub use request::foreign::{
    CountryCode, ForeignEasyPay, ForeignEasyPayOptions, ForeignEasyPayProvider, ForeignProduct,
    Shipping, ShippingAddress,
};
pub use request::{
    BillingAuthRequest, BillingCardType, BillingEasyPay, BillingMethod, CardOptions,
    CashReceiptType, Customer, CustomerError, PaymentWindowRequest, Promise, Redirect, RedirectUrl,
    RedirectUrlError, RequestError, VirtualAccountOptions, WidgetPaymentRequest, WindowMethod,
};
pub use result::PaymentResult;
pub use widgets::{AgreementStatus, AgreementWidget, PaymentMethodsWidget, Widgets};

use crate::{ClientKey, CustomerKey};

/// One `TossPayments(clientKey)` instance.
#[derive(Clone)]
pub struct TossPayments {
    inner: bindings::TossPaymentsObject,
}

impl std::fmt::Debug for TossPayments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TossPayments")
    }
}

/// Why a [`TossPayments`] could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// The script did not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// `TossPayments(clientKey)` threw (e.g. `INVALID_CLIENT_KEY`).
    #[error(transparent)]
    Sdk(#[from] SdkError),
}

impl TossPayments {
    /// Loads the script from `sdk_url` (once per page) and calls `TossPayments(clientKey)`.
    pub async fn load(
        client_key: &ClientKey,
        sdk_url: &str,
        timeout: Duration,
    ) -> Result<Self, InitError> {
        let constructor = load(sdk_url, timeout).await?;
        let instance = constructor
            .call1(&JsValue::NULL, &JsValue::from_str(client_key.as_str()))
            .map_err(SdkError::from_js)?;
        Ok(TossPayments {
            inner: instance.unchecked_into(),
        })
    }

    /// `widgets({customerKey})`: the payment widget (needs a widget `gck` key).
    pub fn widgets(&self, customer_key: &CustomerKey) -> Result<Widgets, SdkError> {
        let params = to_js(&CustomerParams { customer_key });
        self.inner
            .widgets(&params)
            .map(Widgets::new)
            .map_err(SdkError::from_js)
    }

    /// `payment({customerKey})`: the standard payment window and billing auth (needs an
    /// API-individual `ck` key).
    pub fn payment(&self, customer_key: &CustomerKey) -> Result<PaymentWindow, SdkError> {
        let params = to_js(&CustomerParams { customer_key });
        self.inner
            .payment(&params)
            .map(PaymentWindow::new)
            .map_err(SdkError::from_js)
    }
}

impl TossPayments {
    /// `brandpay({customerKey, redirectUrl})`: BrandPay (needs an API-individual `ck` key and
    /// a signed-in customer). `redirect_url` is where BrandPay sends the buyer's authorization
    /// code (the companion server's `/api/brandpay/callback`); without it, the first one
    /// registered in Toss's developer center. `ANONYMOUS` is refused with
    /// `INVALID_CUSTOMER_KEY`, as the SDK refuses it.
    pub fn brandpay(
        &self,
        customer_key: &CustomerKey,
        redirect_url: Option<&RedirectUrl>,
    ) -> Result<Brandpay, SdkError> {
        if customer_key.is_anonymous() {
            return Err(SdkError::new(
                SdkErrorCode::InvalidCustomerKey,
                "BrandPay needs a customer: ANONYMOUS has no BrandPay methods",
            ));
        }
        let params = to_js(&brandpay::BrandpayParams {
            customer_key,
            redirect_url,
        });
        self.inner
            .brandpay(&params)
            .map(Brandpay::new)
            .map_err(SdkError::from_js)
    }

    /// `widgets({customerKey, brandpay: {redirectUrl}})`: the payment widget with BrandPay
    /// among its methods (`WidgetInitParams.brandpay` of the d.ts). A BrandPay payment comes
    /// back with `paymentType=BRANDPAY` on the success URL.
    pub fn widgets_with_brandpay(
        &self,
        customer_key: &CustomerKey,
        redirect_url: Option<&RedirectUrl>,
    ) -> Result<Widgets, SdkError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Options<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            redirect_url: Option<&'a RedirectUrl>,
        }
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Params<'a> {
            customer_key: &'a CustomerKey,
            brandpay: Options<'a>,
        }
        let params = to_js(&Params {
            customer_key,
            brandpay: Options { redirect_url },
        });
        self.inner
            .widgets(&params)
            .map(Widgets::new)
            .map_err(SdkError::from_js)
    }
}

/// `{customerKey}` for `widgets()` and `payment()`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomerParams<'a> {
    customer_key: &'a CustomerKey,
}

/// A Rust value as a plain JS object (numbers as numbers, maps as objects).
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("request types serialize to plain JS objects")
}

/// Awaits `value` if it is a promise; returns it otherwise.
pub(crate) async fn settle(value: Result<JsValue, JsValue>) -> Result<JsValue, SdkError> {
    let value = value.map_err(SdkError::from_js)?;
    match value.dyn_into::<js_sys::Promise>() {
        Ok(p) => JsFuture::from(p).await.map_err(SdkError::from_js),
        Err(v) => Ok(v),
    }
}
