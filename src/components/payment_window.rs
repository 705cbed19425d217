//! `use_payment_window`: Toss's standard payment window (`payment({customerKey})
//! .requestPayment`), the card / virtual account / transfer / phone window without the widget.

use super::CheckoutError;
use super::sdk_call::SdkCall;
use crate::CustomerKey;
use crate::sdk::{PaymentResult, PaymentWindowRequest, Promise};

/// The payment window of the nearest [`super::TossProvider`]: opens it and keeps whether a
/// request is under way and how the last one failed. Needs an API-individual (`ck`) client key.
#[derive(Debug, Clone, Copy)]
pub struct PaymentWindowHandle {
    call: SdkCall,
}

/// A [`PaymentWindowHandle`] for this component.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::use_payment_window;
/// use leptos_tosspayments::sdk::{PaymentWindowRequest, RedirectUrl, WindowMethod};
/// use leptos_tosspayments::{Amount, CustomerKey, OrderId, OrderName};
///
/// #[component]
/// fn PayByCard(order_id: OrderId, order_name: OrderName, amount: Amount) -> impl IntoView {
///     let window = use_payment_window();
///     let pay = move |_| {
///         let request = PaymentWindowRequest::new(
///             WindowMethod::Card,
///             amount,
///             order_id.clone(),
///             order_name.clone(),
///             RedirectUrl::on_this_site("/success").unwrap(),
///             RedirectUrl::on_this_site("/fail").unwrap(),
///         );
///         leptos::task::spawn_local(async move {
///             let _ = window.request_payment(&CustomerKey::anonymous(), &request).await;
///         });
///     };
///     view! { <button on:click=pay disabled=move || window.busy()>"카드 결제"</button> }
/// }
/// ```
///
/// Runnable example: `tests/browser_pages.rs` (`the_payment_window_hook_keeps_its_state`).
pub fn use_payment_window() -> PaymentWindowHandle {
    PaymentWindowHandle {
        call: SdkCall::new(),
    }
}

impl PaymentWindowHandle {
    /// Whether a request is under way (tracked).
    pub fn busy(&self) -> bool {
        self.call.busy()
    }

    /// How the last request failed, if it did (tracked).
    pub fn error(&self) -> Option<CheckoutError> {
        self.call.error()
    }

    /// Opens the window. Returns only on failure (also kept in [`Self::error`]): on success
    /// the browser goes to the request's successUrl.
    pub async fn request_payment(
        &self,
        customer_key: &CustomerKey,
        request: &PaymentWindowRequest,
    ) -> Result<(), CheckoutError> {
        self.call
            .run(|config| async move { config.request_window_payment(customer_key, request).await })
            .await
    }

    /// Opens the window in promise form: the payment to confirm on the server
    /// ([`PaymentResult::confirm_request`]), without leaving the page.
    pub async fn request_payment_promise(
        &self,
        customer_key: &CustomerKey,
        request: &PaymentWindowRequest<Promise>,
    ) -> Result<PaymentResult, CheckoutError> {
        self.call
            .run(|config| async move {
                let payment = config.sdk().await?.payment(customer_key)?;
                Ok(payment.request_payment_promise(request).await?)
            })
            .await
    }
}
