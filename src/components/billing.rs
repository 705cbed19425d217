//! `<BillingSuccess>`: the billing-auth successUrl page.

use leptos::prelude::*;

use super::{location_search, use_toss};
use crate::client::{ServerError, issue_billing_key};
use crate::domain::redirect::BillingSuccessQuery;
use crate::domain::server_api::{BillingView, IssueBillingKeyRequest};
use crate::messages::texts;

/// The billing successUrl page: hands `customerKey` and `authKey` to the companion server,
/// which exchanges them for a billing key it keeps (the browser never sees it), and shows the
/// registered method.
#[component]
pub fn BillingSuccess(
    /// Where "back" leads.
    #[prop(optional, into)]
    back_href: Option<String>,
    /// Called once the method is registered.
    #[prop(optional, into)]
    on_registered: Option<Callback<BillingView>>,
) -> impl IntoView {
    let config = use_toss();
    let text = texts(config.lang);
    let back = back_href.unwrap_or_else(|| "/".to_owned());
    let result: RwSignal<Option<Result<BillingView, ServerError>>> = RwSignal::new(None);
    match BillingSuccessQuery::parse(&location_search()) {
        Ok(q) => {
            let request = IssueBillingKeyRequest {
                customer_key: q.customer_key,
                auth_key: q.auth_key,
            };
            let api_base = config.api_base.clone();
            leptos::task::spawn_local(async move {
                let r = issue_billing_key(&api_base, &request).await;
                if let (Ok(view), Some(cb)) = (&r, on_registered) {
                    cb.run(view.clone());
                }
                result.try_set(Some(r));
            });
        }
        Err(e) => result.set(Some(Err(ServerError::Decode(e.to_string())))),
    }
    view! {
        <section class="tps-result" aria-live="polite">
            {move || match result.get() {
                None => view! {
                    <p class="tps-loading" role="status"><span class="tps-spinner" aria-hidden="true"></span>{text.registering}</p>
                }.into_any(),
                Some(Ok(b)) => view! {
                    <div data-testid="billing-registered">
                        <h1>{text.registered}</h1>
                        <p>{b.method.clone()}" "{b.card_number.clone().unwrap_or_default()}</p>
                    </div>
                }.into_any(),
                Some(Err(e)) => view! {
                    <div class="tps-error" role="alert"><h1>{text.failed}</h1><p>{e.to_string()}</p></div>
                }.into_any(),
            }}
            <a class="tps-button" href=back.clone()>{text.back_to_checkout}</a>
        </section>
    }
}
