//! The demo's Apps-in-Toss mode, `/apps-in-toss?orderId=…`: the checkout as a mini-app inside
//! the Toss app shows it. The Toss app provides the bridge there; in sandbox mode the demo loads
//! the sandbox's stand-in (`/apps-in-toss/bridge.js` beside its SDK), which plays the app:
//! Toss Pay's sheet, and the Toss user signed in. With Toss's own keys this mode needs the
//! real app, and the page says so.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{TOSS_SDK_ORIGIN, checkout_href, query_param, shop_href, spinner, tr, tr_shop};
use leptos_tosspayments::OrderId;
use leptos_tosspayments::apps_in_toss::AppsInTossBridge;
use leptos_tosspayments::components::{AppsInTossCheckout, use_toss};
use leptos_tosspayments::domain::server_api::OrderView;

/// Where the bridge stand-in puts `checkoutPayment` (speaking web-bridge's protocol).
const BRIDGE_GLOBAL: &str = "AppsInTossSandbox.checkoutPayment";

/// `/apps-in-toss?orderId=…`.
#[component]
pub(crate) fn AppsInTossPage() -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    let order_id = query_param("orderId").and_then(|id| OrderId::parse(&id).ok());
    let bridge_url = (!config.sdk_url.starts_with(TOSS_SDK_ORIGIN))
        .then(|| origin(&config.sdk_url).map(|o| format!("{o}/apps-in-toss/bridge.js")))
        .flatten();
    let bridge = RwSignal::new_local(None::<Result<AppsInTossBridge, String>>);
    if let Some(url) = bridge_url.clone() {
        spawn_local(async move {
            // The library's script loader: one tag per page, a timeout, a retry after a failure.
            let loaded = leptos_tosspayments::sdk::load_global(
                &url,
                "AppsInTossSandbox",
                std::time::Duration::from_secs(20),
            )
            .await
            .map_err(|e| e.to_string())
            .and_then(|_| AppsInTossBridge::from_global(BRIDGE_GLOBAL).map_err(|e| e.to_string()));
            bridge.try_set(Some(loaded));
        });
    }
    let paid = RwSignal::new(None::<OrderView>);
    let body = move || match (order_id.clone(), bridge_url.is_some(), bridge.get()) {
        (None, _, _) => view! {
            <a class="btn btn--ghost" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
        }
        .into_any(),
        (Some(_), false, _) => view! {
            <div class="notice" role="note" data-testid="apps-in-toss-live">
                <p>{tr_shop(lang, |s| s.apps_in_toss_live)}</p>
            </div>
        }
        .into_any(),
        (Some(_), true, None) => spinner(tr(lang, |t| t.loading)).into_any(),
        (Some(_), true, Some(Err(e))) => view! {
            <div class="alert" role="alert"><p class="alert__what">{e}</p></div>
        }
        .into_any(),
        (Some(id), true, Some(Ok(bridge))) => {
            let back = checkout_href(id.as_str());
            view! {
                <div class="card">
                    <AppsInTossCheckout
                        order_id=id
                        bridge=bridge
                        on_paid=move |order: OrderView| paid.set(Some(order))
                    />
                </div>
                {move || match paid.get() {
                    Some(order) => super::success::next_steps(order, lang).into_any(),
                    None => view! {
                        <a class="btn btn--ghost" href=back.clone()>{tr_shop(lang, |s| s.apps_in_toss_leave)}</a>
                    }
                    .into_any(),
                }}
            }
            .into_any()
        }
    };
    view! {
        <section class="narrow" aria-labelledby="ait-heading">
            <h1 id="ait-heading">{tr_shop(lang, |s| s.apps_in_toss_heading)}</h1>
            <p class="muted">{tr_shop(lang, |s| s.apps_in_toss_intro)}</p>
            {body}
        </section>
    }
}

/// `scheme://host[:port]` of `url`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}
