//! Toss Pay on the web: the checkout's "pay with Toss Pay" button (the server creates the
//! payment; the buyer goes to Toss Pay's page), `/tosspay/return` (the server executes) and
//! `/tosspay/cancel` (the buyer left Toss Pay; the order may still be paid).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Problem, checkout_href, navigate, problem_slot, shop_href, tr_shop};
use leptos_tosspayments::OrderId;
use leptos_tosspayments::client::tosspay_checkout;
use leptos_tosspayments::components::{TossPayReturn, use_toss};
use leptos_tosspayments::domain::redirect::TossPayReturnQuery;
use leptos_tosspayments::domain::server_api::{OrderView, TossPayCheckoutRequest};
use leptos_tosspayments::sdk::RedirectUrl;

/// The shop's checkout's other ways to pay `order_id` ([`crate::CheckoutPage`]'s
/// `other_ways`): Toss Pay, and links to the same order in Apps-in-Toss and PortOne.
pub(crate) fn other_ways(order_id: OrderId) -> AnyView {
    view! { <TossPayButton order_id=order_id /> }.into_any()
}

/// "Pay with Toss Pay" for `order_id`: the server creates the Toss Pay payment of the stored
/// order (the signed-in buyer's), and the browser goes to Toss Pay's page.
#[component]
pub(crate) fn TossPayButton(order_id: OrderId) -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    let api = StoredValue::new(config.api_base);
    let order_id = StoredValue::new(order_id);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    super::on_restore(move || busy.set(false));
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let urls = RedirectUrl::on_this_site("/tosspay/return")
            .and_then(|r| RedirectUrl::on_this_site("/tosspay/cancel").map(|c| (r, c)));
        let (back, cancel) = match urls {
            Ok(urls) => urls,
            Err(e) => {
                busy.set(false);
                return problem.set(Some(Problem::Plain(e.to_string())));
            }
        };
        let request = TossPayCheckoutRequest {
            order_id: order_id.get_value(),
            return_url: back.as_str().to_owned(),
            cancel_url: cancel.as_str().to_owned(),
        };
        let api = api.get_value();
        spawn_local(async move {
            match tosspay_checkout(&api, &request, None).await {
                // Toss Pay's page, shown as it is.
                Ok(checkout) => navigate(&checkout.checkout_page),
                Err(e) => {
                    busy.try_set(false);
                    problem.try_set(Some(Problem::Server(e)));
                }
            }
        });
    };
    view! {
        {problem_slot(problem, lang)}
        <button
            type="button"
            class="btn btn--block btn--lg"
            data-testid="pay-tosspay"
            aria-busy=move || busy.get().to_string()
            disabled=move || busy.get()
            on:click=start
        >
            {tr_shop(lang, |s| s.pay_with_tosspay)}
        </button>
        // The same order as an Apps-in-Toss mini-app (the sandbox plays the Toss app).
        <a
            class="btn btn--ghost btn--block"
            data-testid="open-apps-in-toss"
            href=move || ["/apps-in-toss?orderId=", order_id.get_value().as_str()].concat()
        >
            {tr_shop(lang, |s| s.apps_in_toss_open)}
        </a>
        // The same order through PortOne's window.
        <a
            class="btn btn--ghost btn--block"
            data-testid="open-portone"
            href=move || ["/portone?orderId=", order_id.get_value().as_str()].concat()
        >
            {tr_shop(lang, |s| s.portone_open)}
        </a>
    }
}

/// `/tosspay/return`: Toss Pay's `retUrl`.
#[component]
pub(crate) fn TossPayReturnPage() -> impl IntoView {
    let lang = use_toss().lang;
    let done = RwSignal::new(None::<OrderView>);
    let on_confirmed = Callback::new(move |order: OrderView| done.set(Some(order)));
    let next = move || {
        done.get()
            .map(|order| super::success::next_steps(order, lang))
    };
    view! {
        <section class="narrow">
            <div class="card">
                <TossPayReturn checkout_href=shop_href() on_confirmed=on_confirmed />
            </div>
            {next}
        </section>
    }
}

/// `/tosspay/cancel`: Toss Pay's `retCancelUrl`. Nothing is executed; the order can be paid
/// again from its checkout.
#[component]
pub(crate) fn TossPayCancelPage() -> impl IntoView {
    let lang = use_toss().lang;
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let back = TossPayReturnQuery::parse(&search)
        .map(|q| checkout_href(q.order_id.as_str()))
        .unwrap_or_else(|_| shop_href());
    view! {
        <section class="narrow">
            <div class="card" role="status" data-testid="tosspay-cancelled">
                <h1>{tr_shop(lang, |s| s.tosspay_cancelled)}</h1>
                <p>{tr_shop(lang, |s| s.tosspay_cancelled_next)}</p>
            </div>
            <div class="actions">
                <a class="btn btn--primary" href=back data-testid="back-to-checkout">{tr_shop(lang, |s| s.tosspay_pay_again)}</a>
            </div>
        </section>
    }
}
