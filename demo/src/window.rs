//! `/window`: Toss's standard payment window, one button per method. Each click has the server
//! price a fixed demo cart as a new order, then opens the window for it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::ShopText;
use super::{Problem, key_notice, on_restore, problem_slot, signed_in, tr_shop};
use leptos_tosspayments::client::create_order;
use leptos_tosspayments::components::{use_payment_window, use_toss};
use leptos_tosspayments::domain::server_api::{CartLine, CreateOrderRequest};
use leptos_tosspayments::sdk::{
    PaymentWindowRequest, RedirectUrl, VirtualAccountOptions, WindowMethod,
};
use leptos_tosspayments::{CustomerKey, KeyFamily};

/// The demo cart the payment window sells.
const DEMO_CART: [(&str, u32); 2] = [("tshirt", 1), ("sticker", 2)];
/// How long an issued virtual account accepts the deposit.
const DEPOSIT_HOURS: u32 = 24;

pub(crate) fn demo_cart() -> CreateOrderRequest {
    CreateOrderRequest {
        lines: DEMO_CART
            .iter()
            .map(|(id, quantity)| CartLine {
                product_id: (*id).to_owned(),
                quantity: *quantity,
            })
            .collect(),
        ..CreateOrderRequest::default()
    }
}

#[component]
pub(crate) fn WindowPage() -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    if config.client_key.family() != KeyFamily::ApiIndividual {
        return view! {
            <section class="narrow">
                <h1>{tr_shop(lang, |s| s.window_heading)}</h1>
                {key_notice(KeyFamily::ApiIndividual, lang)}
            </section>
        }
        .into_any();
    }
    let config = StoredValue::new(config);
    let payment_window = use_payment_window();
    let busy = RwSignal::new(None::<WindowMethod>);
    let problem = RwSignal::new(None::<Problem>);
    on_restore(move || busy.set(None));

    let start = move |method: WindowMethod| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(method));
        problem.set(None);
        let config = config.get_value();
        spawn_local(async move {
            let failed = |p: Problem| {
                busy.try_set(None);
                problem.try_set(Some(p));
            };
            // Signed in first, so the order is this buyer's (theirs to cancel, by session).
            signed_in(&config.api_base).await;
            let order = match create_order(&config.api_base, &demo_cart()).await {
                Ok(order) => order,
                Err(e) => return failed(Problem::Server(e)),
            };
            let urls = RedirectUrl::on_this_site("/success")
                .and_then(|s| RedirectUrl::on_this_site("/fail?from=window").map(|f| (s, f)));
            let (success, fail) = match urls {
                Ok(urls) => urls,
                Err(e) => return failed(Problem::Plain(e.to_string())),
            };
            let mut request = PaymentWindowRequest::new(
                method,
                order.amount,
                order.order_id.clone(),
                order.order_name.clone(),
                success,
                fail,
            );
            if method == WindowMethod::VirtualAccount {
                match VirtualAccountOptions::valid_for_hours(DEPOSIT_HOURS) {
                    Ok(options) => request = request.virtual_account(options),
                    Err(e) => return failed(Problem::Plain(e.to_string())),
                }
            }
            // Returns only on failure: on success the browser goes to the successUrl.
            if let Err(e) = payment_window
                .request_payment(
                    &order.customer_key.unwrap_or_else(CustomerKey::anonymous),
                    &request,
                )
                .await
            {
                failed(Problem::Checkout(e));
            }
        });
    };

    let method_button =
        move |method: WindowMethod,
              testid: &'static str,
              icon: &'static str,
              label: fn(&'static ShopText) -> &'static str| {
            let this = move || busy.get() == Some(method);
            view! {
                <li>
                    <button
                        type="button"
                        class="method"
                        data-testid=testid
                        aria-disabled=move || busy.get().is_some().to_string()
                        aria-busy=move || this().to_string()
                        on:click=move |_| start(method)
                    >
                        <span class="method__icon" aria-hidden="true">{icon}</span>
                        <span class="method__label">{tr_shop(lang, label)}</span>
                        <Show when=this>
                            <span class="tps-spinner" aria-hidden="true"></span>
                        </Show>
                    </button>
                </li>
            }
        };

    view! {
        <section class="narrow" aria-labelledby="window-heading">
            <h1 id="window-heading">{tr_shop(lang, |s| s.window_heading)}</h1>
            <p class="lead">{tr_shop(lang, |s| s.window_intro)}</p>
            <div class="card">
                <h2 id="methods-heading">{tr_shop(lang, |s| s.methods_label)}</h2>
                <ul class="methods" aria-labelledby="methods-heading">
                    {method_button(WindowMethod::Card, "window-CARD", "💳", |s| s.card)}
                    {method_button(
                        WindowMethod::VirtualAccount,
                        "window-VIRTUAL_ACCOUNT",
                        "🏦",
                        |s| s.virtual_account,
                    )}
                    {method_button(WindowMethod::Transfer, "window-TRANSFER", "🔁", |s| s.transfer)}
                    {method_button(WindowMethod::MobilePhone, "window-MOBILE_PHONE", "📱", |s| s.mobile_phone)}
                </ul>
                {problem_slot(problem, lang)}
            </div>
        </section>
    }
    .into_any()
}
