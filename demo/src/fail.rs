//! `/fail`: the failUrl. "Try again" goes back to where the payment started: the checkout of
//! the same order (the failUrl's `orderId`), or the payment window or subscription page when
//! the failUrl says `from=window` / `from=subscribe`.

use leptos::prelude::*;

use super::{checkout_href, query_param, shop_href, tr};
use leptos_tosspayments::OrderId;
use leptos_tosspayments::components::{PaymentFail, use_toss};

/// Where the buyer retries.
fn retry_href() -> String {
    match query_param("from").as_deref() {
        Some("window") => "/window".to_owned(),
        Some("subscribe") => "/subscribe".to_owned(),
        _ => match query_param("orderId").and_then(|id| OrderId::parse(&id).ok()) {
            Some(id) => checkout_href(id.as_str()),
            None => "/".to_owned(),
        },
    }
}

#[component]
pub(crate) fn FailPage() -> impl IntoView {
    let lang = use_toss().lang;
    view! {
        <section class="narrow">
            <div class="card">
                <PaymentFail retry_href=retry_href() />
            </div>
            <div class="actions">
                <a class="btn btn--ghost" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
            </div>
        </section>
    }
}
