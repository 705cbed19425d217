//! `<PaymentFail>`: the failUrl page.

use leptos::prelude::*;

use super::provider::page_settings;
use super::{location_search, tr};
use crate::domain::redirect::FailQuery;
use crate::messages::explain;

/// The failUrl page: says what happened (chosen by `code`, in Korean or English as the
/// provider's `lang` says, followed in place) and what to do next, with Toss's own message
/// beneath and a way back to checkout. It never confirms anything: a failUrl means the buyer
/// was not authenticated.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::{PaymentFail, TossProvider};
/// # let key = leptos_tosspayments::ClientKey::parse("test_gck_x").unwrap();
/// view! { <TossProvider client_key=key><PaymentFail retry_href="/checkout" /></TossProvider> };
/// ```
/// Runnable example: `tests/browser_pages.rs` (`fail_page_*`, `redirect_pages_work_without_a_provider_or_client_key`).
#[component]
pub fn PaymentFail(
    /// Where "try again" leads (the checkout page).
    #[prop(optional, into)]
    retry_href: Option<String>,
) -> impl IntoView {
    let (lang, _) = page_settings();
    let href = retry_href.unwrap_or_else(|| "/".to_owned());
    let (code, toss_message, order_id) = match FailQuery::parse(&location_search()) {
        Ok(q) => (q.code, q.message, q.order_id.map(|o| o.to_string())),
        Err(_) => ("UNKNOWN".to_owned(), String::new(), None),
    };
    // In the provider's language, followed in place.
    let why = {
        let code = code.clone();
        move || explain(&code, lang.get())
    };
    let (what, next) = (why.clone(), why);
    view! {
        <section class="tps-result tps-result--error" role="alert" data-testid="payment-failed" data-code=code.clone()>
            <h1>{tr(lang, |t| t.failed)}</h1>
            <p class="tps-what" data-testid="fail-reason">{move || what().what}</p>
            <p class="tps-next">{move || next().next}</p>
            <p class="tps-detail">
                {toss_message}
                <span class="tps-code">{format!(" ({code})")}</span>
            </p>
            {order_id.map(|id| view! { <p class="tps-detail">{tr(lang, |t| t.order)}" "<code>{id}</code></p> })}
            <a class="tps-button" href=href data-testid="retry">{tr(lang, |t| t.back_to_checkout)}</a>
        </section>
    }
}
