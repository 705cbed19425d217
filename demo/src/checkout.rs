//! `/checkout?orderId=…`: the payment widget for an order the server created.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{
    Load, Problem, amount_tr, key_notice, loader, on_restore, order_href, problem_slot,
    query_param, shop_href, spinner, status_tr, tr,
};
use leptos_tosspayments::client::get_order;
use leptos_tosspayments::components::{PaymentWidget, PaymentWidgetHandle, use_toss};
use leptos_tosspayments::domain::server_api::{OrderStatus, OrderView};
use leptos_tosspayments::messages::Lang;
use leptos_tosspayments::sdk::{RedirectUrl, WidgetPaymentRequest};
use leptos_tosspayments::{CustomerKey, KeyFamily, OrderId};

/// The checkout page for the order in `?orderId=…`, and a **drop-in checkout page**: any
/// storefront whose server created the order (`POST /api/orders` on the companion server) can
/// send the buyer to `/checkout?orderId=…`.
///
/// It is self-contained: inside a [`leptos_tosspayments::components::TossProvider`] with a widget (`gck`)
/// key it loads the order from the server (`GET /api/orders/{orderId}`), shows the order's
/// name and **the server's** amount, renders the payment widget for the order's customer key
/// and amount, and pays with redirects to `/success` and `/fail` on this site. An order that is
/// no longer payable links to its order page instead; an API-individual (`ck`) key gets a
/// notice instead of an SDK error.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::TossProvider;
/// use leptos_tosspayments_demo::CheckoutPage;
/// # let key = leptos_tosspayments::ClientKey::parse("test_gck_x").unwrap();
/// view! { <TossProvider client_key=key><CheckoutPage /></TossProvider> };
/// ```
///
/// `other_ways` draws more ways to pay the order under the pay button (the shop's Toss Pay,
/// Apps-in-Toss and PortOne); the drop-in page has none, and so links none of their code.
#[component]
pub fn CheckoutPage(
    /// More ways to pay the loaded order, drawn under the widget's pay button.
    #[prop(optional)]
    other_ways: Option<fn(OrderId) -> AnyView>,
) -> impl IntoView {
    let config = use_toss();
    // Read only by the texts below: a language switch leaves the order and the widget alone.
    let lang = config.lang;
    let order_id = query_param("orderId").and_then(|id| OrderId::parse(&id).ok());

    let body = match (config.client_key.family(), order_id) {
        (KeyFamily::ApiIndividual, _) => key_notice(KeyFamily::Widget, lang).into_any(),
        (_, None) => view! {
            <div class="alert" role="alert">
                <p class="alert__what">{tr(lang, |t| t.missing_order)}</p>
            </div>
            <a class="btn btn--ghost" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
        }
        .into_any(),
        (KeyFamily::Widget, Some(id)) => {
            // The SDK script loads while the order is fetched; the widget then awaits the
            // same load (one script tag per page), so the two waits overlap.
            let sdk = config.clone();
            spawn_local(async move {
                let _ = sdk.sdk().await;
            });
            let api = config.api_base;
            let (order, retry) = loader(move || {
                let (api, id) = (api.clone(), id.clone());
                Box::pin(async move { get_order(&api, &id, false).await })
            });
            (move || match order.get() {
                Load::Loading => spinner(tr(lang, |t| t.loading)).into_any(),
                Load::Failed(e) => view! {
                    {Problem::Server(e).view(lang)}
                    <div class="actions">
                        <button
                            type="button"
                            class="btn btn--primary"
                            on:click=move |_| retry.update(|n| *n += 1)
                        >
                            {tr(lang, |t| t.retry)}
                        </button>
                        <a class="btn btn--ghost" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
                    </div>
                }
                .into_any(),
                Load::Ready(o) if !payable(o.status) => {
                    let href = order_href(o.order_id.as_str());
                    view! {
                        <div class="notice" role="note" data-testid="not-payable">
                            <p>{tr(lang, |t| t.order_not_payable)}" ("{status_tr(lang, o.status)}")"</p>
                        </div>
                        <a class="btn btn--primary" href=href data-testid="order-link">
                            {tr(lang, |t| t.view_order)}
                        </a>
                    }
                    .into_any()
                }
                Load::Ready(o) => {
                    let more = other_ways.map(|draw| draw(o.order_id.clone()));
                    view! {
                        <CheckoutForm order=o lang=lang />
                        {more}
                    }
                    .into_any()
                }
            })
            .into_any()
        }
    };

    view! {
        <section class="narrow" aria-labelledby="checkout-heading">
            <h1 id="checkout-heading">{tr(lang, |t| t.checkout_heading)}</h1>
            {body}
        </section>
    }
}

/// Whether the server would still confirm a payment for an order in `status` (a failed
/// attempt may be tried again with the same order).
fn payable(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Created | OrderStatus::Failed)
}

/// The order summary, the widget and the pay button.
#[component]
fn CheckoutForm(order: OrderView, lang: Signal<Lang>) -> impl IntoView {
    let handle = PaymentWidgetHandle::new();
    // The widget charges what the server priced for this order, never a browser-side number.
    // (A new cart or coupon is a new order, created on `/`; this form is drawn per loaded order.)
    let amount = Signal::stored(order.amount);
    let shown_amount = amount_tr(lang, order.amount);
    let paying = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    on_restore(move || paying.set(false));

    let OrderView {
        order_id,
        order_name,
        customer_key,
        ..
    } = order;
    let (shown_id, shown_name) = (order_id.to_string(), order_name.to_string());
    let pay = move |_| {
        if paying.get_untracked() {
            return;
        }
        problem.set(None);
        // With the slash: the drop-in's pages are directories (`success/index.html`), which a
        // static server reaches without a redirect; the shop reads `/success/` as `/success`.
        let urls = RedirectUrl::on_this_site("/success/")
            .and_then(|s| RedirectUrl::on_this_site("/fail/").map(|f| (s, f)));
        let (success, fail) = match urls {
            Ok(urls) => urls,
            Err(e) => {
                problem.set(Some(Problem::Plain(e.to_string())));
                return;
            }
        };
        let request =
            WidgetPaymentRequest::new(order_id.clone(), order_name.clone(), success, fail);
        paying.set(true);
        spawn_local(async move {
            // On success the browser is already on its way to the successUrl.
            if let Err(e) = handle.request_payment(&request).await {
                paying.try_set(false);
                problem.try_set(Some(Problem::Checkout(e)));
            }
        });
    };

    view! {
        <div class="card summary">
            <dl class="details">
                <div>
                    <dt>{tr(lang, |t| t.order_name)}</dt>
                    <dd data-testid="order-name">{shown_name}</dd>
                </div>
                <div>
                    <dt>{tr(lang, |t| t.order_id)}</dt>
                    <dd><code data-testid="order-id">{shown_id}</code></dd>
                </div>
            </dl>
            <p class="summary__total">
                <span>{tr(lang, |t| t.total)}</span>
                <strong data-testid="checkout-amount">{shown_amount}</strong>
            </p>
        </div>
        <div class="card widget-card">
            <PaymentWidget
                customer_key=customer_key.unwrap_or_else(CustomerKey::anonymous)
                amount=amount
                handle=handle
                agreement_variant_key="AGREEMENT"
                on_ready=move |()| super::mark_timing("widget-ready")
            />
        </div>
        {problem_slot(problem, lang)}
        <button
            type="button"
            class="btn btn--primary btn--block btn--lg"
            data-testid="pay"
            disabled=move || !handle.can_pay() || paying.get()
            aria-busy=move || paying.get().to_string()
            on:click=pay
        >
            {move || {
                if paying.get() {
                    view! {
                        <span class="tps-spinner" aria-hidden="true"></span>
                        {tr(lang, |t| t.opening_payment)}
                    }
                        .into_any()
                } else {
                    view! { {tr(lang, |t| t.pay)}" · "{shown_amount} }.into_any()
                }
            }}
        </button>
    }
}
