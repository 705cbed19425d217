//! Toss Payments through PortOne in the demo: `/portone?orderId=…` pays the server's order in
//! PortOne's window (the sandbox's `iamport.js` stand-in in sandbox mode), and
//! `/portone/return` is its `m_redirect_url` (mobile browsers). Both end in the server's
//! verification.

use leptos::prelude::*;

use super::{Load, Problem, checkout_href, loader, query_param, shop_href, spinner, tr, tr_shop};
use leptos_tosspayments::OrderId;
use leptos_tosspayments::client::get_order;
use leptos_tosspayments::components::{PortOneCheckout, PortOneReturn, use_toss};
use leptos_tosspayments::domain::server_api::OrderView;
use leptos_tosspayments::sdk::RedirectUrl;

/// `/portone?orderId=…`.
#[component]
pub(crate) fn PortOnePage() -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    let api = config.api_base;
    let Some(id) = query_param("orderId").and_then(|id| OrderId::parse(&id).ok()) else {
        return view! {
            <a class="btn btn--ghost" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
        }
        .into_any();
    };
    let back = checkout_href(id.as_str());
    let (order, _) = loader(move || {
        let (api, id) = (api.clone(), id.clone());
        Box::pin(async move { get_order(&api, &id, false).await })
    });
    let paid = RwSignal::new(None::<OrderView>);
    let redirect = RedirectUrl::on_this_site("/portone/return")
        .map(|r| r.as_str().to_owned())
        .ok();
    view! {
        <section class="narrow" aria-labelledby="portone-heading">
            <h1 id="portone-heading">{tr_shop(lang, |s| s.portone_heading)}</h1>
            <p class="muted">{tr_shop(lang, |s| s.portone_intro)}</p>
            {move || match order.get() {
                Load::Loading => spinner(tr(lang, |t| t.loading)).into_any(),
                Load::Failed(e) => Problem::Server(e).view(lang).into_any(),
                Load::Ready(o) => {
                    let redirect = redirect.clone();
                    view! {
                        <div class="card">
                            <PortOneCheckout
                                order=o
                                m_redirect_url=redirect.unwrap_or_default()
                                buyer_name="홍길동"
                                on_paid=move |order: OrderView| paid.set(Some(order))
                            />
                        </div>
                    }
                    .into_any()
                }
            }}
            {move || match paid.get() {
                Some(order) => super::success::next_steps(order, lang).into_any(),
                None => view! {
                    <a class="btn btn--ghost" href=back.clone()>{tr_shop(lang, |s| s.apps_in_toss_leave)}</a>
                }
                .into_any(),
            }}
        </section>
    }
    .into_any()
}

/// `/portone/return`: PortOne's `m_redirect_url`.
#[component]
pub(crate) fn PortOneReturnPage() -> impl IntoView {
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
                <PortOneReturn checkout_href=shop_href() on_confirmed=on_confirmed />
            </div>
            {next}
        </section>
    }
}
