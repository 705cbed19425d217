//! `<AppsInTossCheckout>`: Toss Pay inside the Toss app (Apps-in-Toss).

use leptos::prelude::*;

use super::pay_steps::{Marks, Step, pay_steps};
use super::provider::page_settings;
use crate::apps_in_toss::AppsInTossBridge;
use crate::client::{apps_in_toss_checkout, apps_in_toss_execute};
use crate::domain::server_api::OrderView;
use crate::{AccessToken, OrderId};

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
    let inputs = StoredValue::new((api_base, order_id, bridge, access_token));
    let marks = Marks {
        section: "apps-in-toss",
        button: "pay-in-toss",
        closed: "in-toss-not-completed",
        message: "in-toss-reason",
        working: "in-toss-working",
        label: |t| t.pay_in_toss,
        working_text: |t| t.in_toss_sheet,
    };
    pay_steps(lang, marks, on_paid, move || async move {
        let (api, order_id, bridge, token) = inputs.get_value();
        pay(&api, &order_id, &bridge, token.as_ref()).await
    })
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
        Ok(result) => Step::Idle(Some(result.reason.unwrap_or_default())),
        Err(e) => Step::Failed(e.to_string(), true),
    }
}
