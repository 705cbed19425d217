//! `<AppsInTossCheckout>`: Toss Pay inside the Toss app (Apps-in-Toss).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::provider::page_settings;
use super::success::order_summary;
use super::tr;
use crate::apps_in_toss::AppsInTossBridge;
use crate::client::{apps_in_toss_checkout, apps_in_toss_execute};
use crate::domain::server_api::OrderView;
use crate::messages::Texts;
use crate::{AccessToken, OrderId};

/// Where an in-app payment is.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Not started (or closed, with Toss's `reason`, shown as it is).
    Idle(Option<Option<String>>),
    /// The server is creating the payment, the sheet is open, or the server is executing.
    Working,
    /// The server's verdict.
    Done(Box<OrderView>),
    /// What went wrong, and whether "try again" can help.
    Failed(String, bool),
}

/// Pays a stored order inside the Toss app: the server creates the in-app payment for the
/// Toss user signed in (`POST /api/apps-in-toss/checkout`), `checkoutPayment` opens Toss Pay's
/// sheet through `bridge`, and when it resolves with `success` the server executes the
/// payment (`POST /api/apps-in-toss/execute`). What is shown as paid is **the server's**
/// answer: `success: true` only means the buyer authenticated. A closed sheet shows Toss's
/// `reason` as it is (never matched: its wording may change) and offers the button again.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::apps_in_toss::AppsInTossBridge;
/// use leptos_tosspayments::components::{AppsInTossCheckout, TossProvider};
/// # let key = leptos_tosspayments::ClientKey::parse("test_gck_x").unwrap();
/// # let order_id = leptos_tosspayments::OrderId::parse("order-1").unwrap();
/// // The storefront's bundle put `checkoutPayment` of @apps-in-toss/web-framework on window.
/// let bridge = AppsInTossBridge::from_global("checkoutPayment").unwrap();
/// view! { <TossProvider client_key=key><AppsInTossCheckout order_id=order_id bridge=bridge /></TossProvider> };
/// ```
#[component]
pub fn AppsInTossCheckout(
    /// The stored order to pay.
    order_id: OrderId,
    /// The storefront's `checkoutPayment`.
    bridge: AppsInTossBridge,
    /// The order's access token, when the buyer is not signed in on the storefront.
    #[prop(optional, into)]
    access_token: Option<AccessToken>,
    /// Called with the order once the server executed it.
    #[prop(optional, into)]
    on_paid: Option<Callback<OrderView>>,
) -> impl IntoView {
    let (lang, api_base) = page_settings();
    let step = RwSignal::new(Step::Idle(None));
    let inputs = StoredValue::new((api_base, order_id, bridge, access_token));
    let start = move |_| {
        if step.get_untracked() == Step::Working {
            return;
        }
        step.set(Step::Working);
        let (api, order_id, bridge, token) = inputs.get_value();
        spawn_local(async move {
            let next = pay(&api, &order_id, &bridge, token.as_ref()).await;
            if let (Step::Done(order), Some(cb)) = (&next, on_paid) {
                cb.run(order.as_ref().clone());
            }
            step.try_set(next);
        });
    };
    let button = move |label: fn(&'static Texts) -> &'static str| {
        view! {
            <button
                type="button"
                class="tps-button tps-button--primary"
                data-testid="pay-in-toss"
                disabled=move || step.get() == Step::Working
                aria-busy=move || (step.get() == Step::Working).to_string()
                on:click=start
            >
                {tr(lang, label)}
            </button>
        }
    };
    view! {
        <section class="tps-result" aria-live="polite" data-testid="apps-in-toss">
            {move || match step.get() {
                Step::Idle(closed) => {
                    let note = closed.map(|reason| view! {
                        <div class="tps-error" role="status" data-testid="in-toss-not-completed">
                            <p>{tr(lang, |t| t.not_completed)}</p>
                            <p class="tps-detail" data-testid="in-toss-reason">{reason.unwrap_or_default()}</p>
                        </div>
                    });
                    view! { {note} {button(|t| t.pay_in_toss)} }.into_any()
                }
                Step::Working => view! {
                    <p class="tps-loading" role="status" data-testid="in-toss-working">
                        <span class="tps-spinner" aria-hidden="true"></span>{tr(lang, |t| t.in_toss_sheet)}
                    </p>
                }
                .into_any(),
                Step::Done(order) => order_summary(*order, lang).into_any(),
                Step::Failed(message, retryable) => view! {
                    <div class="tps-error" role="alert" data-testid="confirm-failed">
                        <h1>{tr(lang, |t| t.failed)}</h1>
                        <p>{message}</p>
                    </div>
                    <Show when=move || retryable>{button(|t| t.retry)}</Show>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The three steps; the page's next state.
async fn pay(
    api: &str,
    order_id: &OrderId,
    bridge: &AppsInTossBridge,
    token: Option<&AccessToken>,
) -> Step {
    let checkout = match apps_in_toss_checkout(api, order_id, token).await {
        Ok(checkout) => checkout,
        Err(e) => return Step::Failed(e.to_string(), e.is_retryable()),
    };
    match bridge.checkout_payment(&checkout.pay_token).await {
        // Authenticated only: the server executes, and its answer is the verdict.
        Ok(result) if result.success => match apps_in_toss_execute(api, order_id).await {
            Ok(order) => Step::Done(Box::new(order)),
            Err(e) => Step::Failed(e.to_string(), e.is_retryable()),
        },
        Ok(result) => Step::Idle(Some(result.reason)),
        Err(e) => Step::Failed(e.to_string(), true),
    }
}
