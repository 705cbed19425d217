//! Leptos components for a Toss checkout:
//!
//! * [`TossProvider`] — the client key and SDK URL for its subtree ([`use_toss`] reads them);
//! * [`PaymentWidget`] and its [`PaymentWidgetHandle`] — the payment widget, and
//!   `request_payment` once it is ready and agreed;
//! * [`PaymentSuccess`] / [`PaymentFail`] — the successUrl and failUrl pages;
//! * [`BillingSuccess`] — the billing-auth successUrl page;
//! * [`PortOneCheckout`] / [`PortOneReturn`] — Toss Payments through PortOne's window, and its
//!   `m_redirect_url` page (both end in the server's verification);
//! * [`AppsInTossCheckout`] — Toss Pay inside the Toss app (`checkoutPayment`, then the
//!   server's execute);
//! * [`use_payment_window`] and [`use_billing_auth`] — the standard payment window and card
//!   registration for automatic billing;
//! * [`use_payment_widget`] — the widget's handle from context, for a pay button anywhere
//!   below the same parent.
//!
//! The redirect pages are default skins over [`crate::hooks`], which take your own backend.

mod apps_in_toss;
mod billing;
mod billing_auth;
mod brandpay;
mod fail;
mod pay_steps;
mod payment_widget;
mod payment_window;
mod portone;
mod provider;
mod render_queue;
mod sdk_call;
mod success;

pub use apps_in_toss::AppsInTossCheckout;
pub use billing::BillingSuccess;
pub use billing_auth::{BillingAuthHandle, use_billing_auth};
pub use brandpay::{BrandpayHandle, use_brandpay};
pub use fail::PaymentFail;
pub use payment_widget::{PaymentWidget, PaymentWidgetHandle, WidgetStatus, use_payment_widget};
pub use payment_window::{PaymentWindowHandle, use_payment_window};
pub use portone::{PortOneCheckout, PortOneReturn};
pub use provider::{TossConfig, TossProvider, use_toss, use_toss_payments};
pub use success::{PaymentSuccess, TossPayReturn};

use leptos::prelude::{Get, Signal};

use crate::messages::{Lang, Texts, texts};
use crate::sdk::{InitError, LoadError, SdkError};

/// Why a checkout step failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckoutError {
    /// The SDK could not be started.
    #[error(transparent)]
    Init(#[from] InitError),
    /// The SDK refused.
    #[error(transparent)]
    Sdk(#[from] SdkError),
    /// `request_payment` before the widget finished rendering.
    #[error("the payment widget is not ready yet")]
    NotReady,
}

impl From<LoadError> for CheckoutError {
    fn from(e: LoadError) -> Self {
        CheckoutError::Init(InitError::Load(e))
    }
}

impl CheckoutError {
    /// The SDK's code, when the SDK refused.
    pub fn sdk_code(&self) -> Option<&crate::sdk::SdkErrorCode> {
        match self {
            CheckoutError::Sdk(e) | CheckoutError::Init(InitError::Sdk(e)) => Some(&e.code),
            _ => None,
        }
    }
}

/// The query string of the current page (`location.search`).
pub(crate) fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// One of the components' texts in the provider's language, as a reactive view or attribute:
/// it follows a language switch in place, without drawing anything else again. Every call
/// gives the same closure type, so the renderer's code for it is compiled once.
pub(crate) fn tr(
    lang: Signal<Lang>,
    pick: fn(&'static Texts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(texts(lang.get()))
}
