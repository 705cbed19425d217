//! `use_brandpay`: Toss BrandPay (`brandpay({customerKey, redirectUrl})`) for the signed-in
//! customer: pay, register methods, change the password, open the settings, one-touch.

use leptos::prelude::*;

use super::CheckoutError;
use super::sdk_call::SdkCall;
use crate::CustomerKey;
use crate::sdk::{Brandpay, BrandpayPaymentRequest, BrandpayRedirect, PaymentResult, RedirectUrl};

/// BrandPay of the nearest [`super::TossProvider`] for one customer. Needs an API-individual
/// (`ck`) client key and a signed-in customer (not `ANONYMOUS`): BrandPay sends the buyer's
/// authorization code to `redirect_url`, where the server exchanges it for that customer only
/// (the companion server's `/api/brandpay/callback`).
#[derive(Debug, Clone, Copy)]
pub struct BrandpayHandle {
    call: SdkCall,
    customer_key: StoredValue<CustomerKey>,
    redirect_url: StoredValue<Option<RedirectUrl>>,
}

/// A [`BrandpayHandle`] for `customer_key`, whose codes go to `redirect_url`.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::use_brandpay;
/// use leptos_tosspayments::sdk::{BrandpayPaymentRequest, RedirectUrl};
/// use leptos_tosspayments::{Amount, CustomerKey, OrderId, OrderName};
///
/// #[component]
/// fn PayWithBrandpay(customer: CustomerKey, order_id: OrderId, amount: Amount) -> impl IntoView {
///     let brandpay = use_brandpay(customer, RedirectUrl::on_this_site("/api/brandpay/callback").ok());
///     let pay = move |_| {
///         let request = BrandpayPaymentRequest::new(amount, order_id.clone(), OrderName::parse("토스 티셔츠").unwrap())
///             .unwrap()
///             .redirecting(
///                 RedirectUrl::on_this_site("/success").unwrap(),
///                 RedirectUrl::on_this_site("/fail").unwrap(),
///             );
///         leptos::task::spawn_local(async move {
///             let _ = brandpay.request_payment(&request).await;
///         });
///     };
///     view! { <button on:click=pay disabled=move || brandpay.busy()>"브랜드페이로 결제"</button> }
/// }
/// ```
pub fn use_brandpay(
    customer_key: CustomerKey,
    redirect_url: Option<RedirectUrl>,
) -> BrandpayHandle {
    BrandpayHandle {
        call: SdkCall::new(),
        customer_key: StoredValue::new(customer_key),
        redirect_url: StoredValue::new(redirect_url),
    }
}

impl BrandpayHandle {
    /// Whether a request is under way (tracked).
    pub fn busy(&self) -> bool {
        self.call.busy()
    }

    /// How the last request failed, if it did (tracked).
    pub fn error(&self) -> Option<CheckoutError> {
        self.call.error()
    }

    /// Runs `op` on the customer's BrandPay object.
    async fn with<T, F, Fut>(&self, op: F) -> Result<T, CheckoutError>
    where
        F: FnOnce(Brandpay) -> Fut,
        Fut: std::future::Future<Output = Result<T, crate::sdk::SdkError>>,
    {
        let (customer, redirect) = (self.customer_key.get_value(), self.redirect_url.get_value());
        self.call
            .run(|config| async move {
                let brandpay = config.sdk().await?.brandpay(&customer, redirect.as_ref())?;
                Ok(op(brandpay).await?)
            })
            .await
    }

    /// Opens the BrandPay sheet. Returns only on failure: on success the browser goes to the
    /// request's success URL (with `paymentType=BRANDPAY`).
    pub async fn request_payment(&self, request: &BrandpayRedirect) -> Result<(), CheckoutError> {
        let request = request.clone();
        self.with(|b| async move { b.request_payment(&request).await })
            .await
    }

    /// The promise form: the payment to confirm on the server (as `BRANDPAY`).
    pub async fn request_payment_promise(
        &self,
        request: &BrandpayPaymentRequest,
    ) -> Result<PaymentResult, CheckoutError> {
        let request = request.clone();
        self.with(|b| async move { b.request_payment_promise(&request).await })
            .await
    }

    /// Registers another card or account.
    pub async fn add_payment_method(&self) -> Result<(), CheckoutError> {
        self.with(|b| async move { b.add_payment_method().await })
            .await
    }

    /// Changes BrandPay's password.
    pub async fn change_password(&self) -> Result<(), CheckoutError> {
        self.with(|b| async move { b.change_password().await })
            .await
    }

    /// Opens BrandPay's settings.
    pub async fn open_settings(&self) -> Result<(), CheckoutError> {
        self.with(|b| async move { b.open_settings().await }).await
    }

    /// Turns one-touch pay on or off (the buyer chooses in the sheet).
    pub async fn change_one_touch_pay(&self) -> Result<(), CheckoutError> {
        self.with(|b| async move { b.change_one_touch_pay().await })
            .await
    }

    /// Whether one-touch pay is on.
    pub async fn is_one_touch_pay_enabled(&self) -> Result<bool, CheckoutError> {
        self.with(|b| async move { b.is_one_touch_pay_enabled().await })
            .await
    }

    /// BrandPay's automatic-billing agreement (undocumented by Toss; bound as declared).
    pub async fn request_billing_auth(&self) -> Result<(), CheckoutError> {
        self.with(|b| async move { b.request_billing_auth().await })
            .await
    }
}
