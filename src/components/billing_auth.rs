//! `use_billing_auth`: card (or account) registration for automatic billing
//! (`payment({customerKey}).requestBillingAuth`).

use super::CheckoutError;
use super::sdk_call::SdkCall;
use crate::CustomerKey;
use crate::sdk::BillingAuthRequest;

/// Billing registration through the nearest [`super::TossProvider`]: opens Toss's registration
/// window and keeps whether a request is under way and how the last one failed. Needs an
/// API-individual (`ck`) client key and a real (not anonymous) customer key; the successUrl
/// page is [`super::BillingSuccess`] (or [`crate::hooks::use_register_billing`]).
#[derive(Debug, Clone, Copy)]
pub struct BillingAuthHandle {
    call: SdkCall,
}

/// A [`BillingAuthHandle`] for this component.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::use_billing_auth;
/// use leptos_tosspayments::sdk::{BillingAuthRequest, BillingMethod, RedirectUrl};
/// use leptos_tosspayments::CustomerKey;
///
/// #[component]
/// fn RegisterCard(customer: CustomerKey) -> impl IntoView {
///     let billing = use_billing_auth();
///     let register = move |_| {
///         let request = BillingAuthRequest::new(
///             BillingMethod::Card,
///             RedirectUrl::on_this_site("/billing/success").unwrap(),
///             RedirectUrl::on_this_site("/fail").unwrap(),
///         );
///         let customer = customer.clone();
///         leptos::task::spawn_local(async move {
///             let _ = billing.request(&customer, &request).await;
///         });
///     };
///     view! { <button on:click=register disabled=move || billing.busy()>"카드 등록"</button> }
/// }
/// ```
///
/// Runnable example: `tests/browser_pages.rs` (`the_billing_auth_hook_keeps_the_sdks_refusal`).
pub fn use_billing_auth() -> BillingAuthHandle {
    BillingAuthHandle {
        call: SdkCall::new(),
    }
}

impl BillingAuthHandle {
    /// Whether a request is under way (tracked).
    pub fn busy(&self) -> bool {
        self.call.busy()
    }

    /// How the last request failed, if it did (tracked).
    pub fn error(&self) -> Option<CheckoutError> {
        self.call.error()
    }

    /// Opens the registration window. Returns only on failure (also kept in [`Self::error`]):
    /// on success the browser goes to the request's successUrl.
    pub async fn request(
        &self,
        customer_key: &CustomerKey,
        request: &BillingAuthRequest,
    ) -> Result<(), CheckoutError> {
        self.call
            .run(|config| async move { config.request_billing_auth(customer_key, request).await })
            .await
    }
}
