//! `<BillingSuccess>`: the billing-auth successUrl page.

use leptos::prelude::*;

use super::provider::page_settings;
use super::tr;
use crate::client::issue_billing_key;
use crate::domain::server_api::{BillingView, IssueBillingKeyRequest};
use crate::hooks::{ConfirmState, use_register_billing};

/// The billing successUrl page: hands `customerKey` and `authKey` to the companion server,
/// which exchanges them for a billing key it keeps (the browser never sees it), and shows the
/// registered method. The default skin over [`crate::hooks::use_register_billing`].
///
/// Runnable example: `tests/browser_pages.rs` (`billing_success_*`).
#[component]
pub fn BillingSuccess(
    /// Where "back" leads.
    #[prop(optional, into)]
    back_href: Option<String>,
    /// Called once the method is registered.
    #[prop(optional, into)]
    on_registered: Option<Callback<BillingView>>,
) -> impl IntoView {
    let (lang, api_base) = page_settings();
    let back = back_href.unwrap_or_else(|| "/".to_owned());
    let registration = use_register_billing(
        move |request: IssueBillingKeyRequest| {
            let api_base = api_base.clone();
            async move { issue_billing_key(&api_base, &request).await }
        },
        on_registered,
    );
    view! {
        <section class="tps-result" aria-live="polite">
            {move || match registration.state.get() {
                ConfirmState::Working => view! {
                    <p class="tps-loading" role="status"><span class="tps-spinner" aria-hidden="true"></span>{tr(lang, |t| t.registering)}</p>
                }.into_any(),
                ConfirmState::Done(b) => view! {
                    <div data-testid="billing-registered">
                        <h1>{tr(lang, |t| t.registered)}</h1>
                        <p>{b.method.clone()}" "{b.card_number.clone().unwrap_or_default()}</p>
                    </div>
                }.into_any(),
                ConfirmState::InvalidLink(e) => view! {
                    <div class="tps-error" role="alert"><h1>{tr(lang, |t| t.failed)}</h1><p>{tr(lang, |t| t.bad_link)}</p><p class="tps-detail">{e.to_string()}</p></div>
                }.into_any(),
                ConfirmState::Failed(e) => view! {
                    <div class="tps-error" role="alert"><h1>{tr(lang, |t| t.failed)}</h1><p>{e.to_string()}</p></div>
                }.into_any(),
            }}
            <a class="tps-button" href=back.clone()>{tr(lang, |t| t.back_to_checkout)}</a>
        </section>
    }
}
