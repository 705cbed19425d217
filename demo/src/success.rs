//! `/success`: the successUrl of the widget and the payment window.

use leptos::prelude::*;

use super::{order_href, shop_href, tr};
use leptos_tosspayments::components::{PaymentSuccess, use_toss};
use leptos_tosspayments::domain::server_api::{OrderStatus, OrderView};
use leptos_tosspayments::messages::Lang;

#[component]
pub(crate) fn SuccessPage() -> impl IntoView {
    let lang = use_toss().lang;
    let confirmed = RwSignal::new(None::<OrderView>);
    let on_confirmed = Callback::new(move |order: OrderView| confirmed.set(Some(order)));
    let next = move || confirmed.get().map(|order| next_steps(order, lang));
    view! {
        <section class="narrow">
            <div class="card">
                <PaymentSuccess checkout_href=shop_href() on_confirmed=on_confirmed />
            </div>
            {next}
        </section>
    }
}

/// What the buyer can do once the server confirmed `order`: see it, or go back to the shop (a
/// virtual account's deposit notice first).
pub(crate) fn next_steps(order: OrderView, lang: Signal<Lang>) -> impl IntoView {
    let waiting = order.status == OrderStatus::WaitingForDeposit;
    let href = order_href(order.order_id.as_str());
    view! {
        {waiting.then_some(view! { <p class="notice" role="note">{tr(lang, |t| t.deposit_notice)}</p> })}
        <div class="actions">
            <a class="btn btn--primary" href=href data-testid="order-link">{tr(lang, |t| t.view_order)}</a>
            <a class="btn btn--ghost" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
        </div>
    }
}
