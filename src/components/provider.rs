//! The provider: which client key and SDK the components below it use.

use std::time::Duration;

use leptos::prelude::*;

use crate::messages::Lang;
use crate::sdk::{
    BillingAuthRequest, DEFAULT_SDK_URL, DEFAULT_TIMEOUT, InitError, PaymentWindowRequest,
    TossPayments,
};
use crate::{ClientKey, CustomerKey};

use super::CheckoutError;

/// What [`TossProvider`] gives its subtree.
#[derive(Debug, Clone)]
pub struct TossConfig {
    /// The public client key.
    pub client_key: ClientKey,
    /// Where the SDK script is (Toss's, or the sandbox's stand-in).
    pub sdk_url: String,
    /// How long the script may take to load.
    pub timeout: Duration,
    /// The companion server's base URL (empty: same origin).
    pub api_base: String,
    /// The components' language, as a signal: read it with `lang.get()` inside a reactive
    /// closure and the text follows a switch in place, without mounting anything again (Toss's
    /// widgets stay as they are). A [`TossProvider`] given a plain [`Lang`] holds a signal
    /// that never changes.
    pub lang: Signal<Lang>,
    /// The provider's one `TossPayments(clientKey)` instance, made on first use.
    instance: StoredValue<Option<TossPayments>, LocalStorage>,
}

impl PartialEq for TossConfig {
    /// Two configurations are equal when they would load the same SDK with the same key and
    /// call the same server. The language is left out: it is a signal, which compares by
    /// identity rather than by the language it holds, and it changes no SDK or server call.
    fn eq(&self, other: &Self) -> bool {
        self.client_key == other.client_key
            && self.sdk_url == other.sdk_url
            && self.timeout == other.timeout
            && self.api_base == other.api_base
    }
}

impl Eq for TossConfig {}

impl TossConfig {
    /// The provider's `TossPayments(clientKey)`: the script loads once per page, and the
    /// instance is made once per provider and shared by every component below it.
    pub async fn sdk(&self) -> Result<TossPayments, InitError> {
        if let Some(Some(existing)) = self.instance.try_get_value() {
            return Ok(existing);
        }
        let made = TossPayments::load(&self.client_key, &self.sdk_url, self.timeout).await?;
        // Two first uses at once may both make one; the first kept is the one shared.
        match self.instance.try_get_value().flatten() {
            Some(existing) => Ok(existing),
            None => {
                self.instance.try_set_value(Some(made.clone()));
                Ok(made)
            }
        }
    }

    /// Opens the standard payment window (`payment({customerKey}).requestPayment`); the
    /// public form is [`super::use_payment_window`].
    pub(crate) async fn request_window_payment(
        &self,
        customer_key: &CustomerKey,
        request: &PaymentWindowRequest,
    ) -> Result<(), CheckoutError> {
        let payment = self.sdk().await?.payment(customer_key)?;
        payment.request_payment(request).await?;
        Ok(())
    }

    /// Opens card registration for automatic billing (`requestBillingAuth`); the public form
    /// is [`super::use_billing_auth`].
    pub(crate) async fn request_billing_auth(
        &self,
        customer_key: &CustomerKey,
        request: &BillingAuthRequest,
    ) -> Result<(), CheckoutError> {
        let payment = self.sdk().await?.payment(customer_key)?;
        payment.request_billing_auth(request).await?;
        Ok(())
    }
}

/// Provides a [`TossConfig`] to the components below it.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::TossProvider;
/// use leptos_tosspayments::ClientKey;
///
/// #[component]
/// fn Shop() -> impl IntoView {
///     let key = ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm").unwrap();
///     view! { <TossProvider client_key=key>{"checkout here"}</TossProvider> }
/// }
/// ```
///
/// A language switch, without mounting the subtree again:
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::{PaymentWidget, TossProvider};
/// use leptos_tosspayments::messages::Lang;
/// use leptos_tosspayments::{Amount, ClientKey, CustomerKey};
///
/// #[component]
/// fn Checkout(amount: Signal<Amount>) -> impl IntoView {
///     let key = ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm").unwrap();
///     let lang = RwSignal::new(Lang::Ko);
///     view! {
///         <button on:click=move |_| lang.set(Lang::En)>"English"</button>
///         <TossProvider client_key=key lang=lang>
///             <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount />
///         </TossProvider>
///     }
/// }
/// ```
///
/// Runnable example: every test in `tests/browser_widget.rs` and `tests/browser_pages.rs` mounts
/// one; `a_language_switch_keeps_the_widget` switches the language of one.
#[component]
pub fn TossProvider(
    /// The public client key (`test_gck_…` for the widget, `test_ck_…` for the payment window).
    client_key: ClientKey,
    /// The SDK script; defaults to Toss's V2 standard SDK.
    #[prop(optional, into)]
    sdk_url: Option<String>,
    /// The companion server's base URL; defaults to the page's own origin.
    #[prop(optional, into)]
    api_base: Option<String>,
    /// The language of the components' text; Korean by default. A [`Lang`], or a signal
    /// (`RwSignal<Lang>`, `Signal<Lang>`) to switch it while the page runs: the components'
    /// text changes in place, and Toss's widgets are not rendered again.
    #[prop(optional, into)]
    lang: Signal<Lang>,
    /// How long the script may take to load; 15 s by default.
    #[prop(optional)]
    timeout: Option<Duration>,
    children: Children,
) -> impl IntoView {
    provide_context(TossConfig {
        client_key,
        sdk_url: sdk_url.unwrap_or_else(|| DEFAULT_SDK_URL.to_owned()),
        timeout: timeout.unwrap_or(DEFAULT_TIMEOUT),
        api_base: api_base.unwrap_or_default(),
        lang,
        instance: StoredValue::new_local(None),
    });
    children()
}

/// The nearest [`TossProvider`]'s SDK instance, as a resource: `None` while the script loads,
/// then the shared `TossPayments(clientKey)` or why it could not be made. For the parts of the
/// V2 SDK the components do not wrap (`brandpay()`, say).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::use_toss_payments;
///
/// #[component]
/// fn SdkState() -> impl IntoView {
///     let toss = use_toss_payments();
///     move || match toss.get() {
///         None => "loading",
///         Some(Ok(_)) => "ready",
///         Some(Err(_)) => "failed",
///     }
/// }
/// ```
///
/// Runnable example: `tests/browser_widget.rs` (`the_provider_shares_one_sdk_instance`).
pub fn use_toss_payments() -> LocalResource<Result<TossPayments, InitError>> {
    let config = use_toss();
    LocalResource::new(move || {
        let config = config.clone();
        async move { config.sdk().await }
    })
}

/// What the redirect pages need from a [`TossProvider`], if there is one: its language and the
/// companion server's base URL. The success, fail and billing pages never load the SDK, so
/// they work without a provider (and so without a client key): Korean, same origin.
pub(crate) fn page_settings() -> (Signal<Lang>, String) {
    use_context::<TossConfig>()
        .map(|c| (c.lang, c.api_base))
        .unwrap_or_default()
}

/// The nearest [`TossProvider`]'s configuration.
///
/// # Panics
/// Outside a [`TossProvider`] — a wiring mistake, reported at once with what to do.
pub fn use_toss() -> TossConfig {
    use_context::<TossConfig>()
        .expect("leptos-tosspayments: wrap this component in <TossProvider client_key=...>")
}
