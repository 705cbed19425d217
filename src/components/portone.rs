//! `<PortOneCheckout>` and `<PortOneReturn>`: Toss Payments through PortOne (i'mport, V1).

use leptos::prelude::*;

use super::pay_steps::{Marks, Step, pay_steps};
use super::provider::page_settings;
use super::success::result;
use crate::client::{portone_prepare, portone_verify};
use crate::domain::server_api::{OrderView, PortOneVerifyRequest};
use crate::hooks::use_portone_return;
use crate::portone::{Imp, PayMethod, RequestPayParams};

/// Pays the server's `order` through PortOne's window (`IMP.request_pay` with Toss Payments):
/// the merchant code and SDK come from the server (`GET /api/portone/config`), the amount and
/// name from the order, and the window's answer is only a pointer: the server verifies the
/// payment it names (`POST /api/portone/verify`), and its answer is what is shown. A window
/// closed without a payment shows PortOne's message and offers the button again. With
/// `m_redirect_url`, a mobile browser leaves for that page, where [`PortOneReturn`] verifies.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::{PortOneCheckout, TossProvider};
/// use leptos_tosspayments::domain::server_api::OrderView;
///
/// /// The checkout of `order`, as `GET /api/orders/{id}` answered it.
/// fn checkout(order: OrderView) -> impl IntoView {
///     let key = leptos_tosspayments::ClientKey::parse("test_gck_x").unwrap();
///     view! {
///         <TossProvider client_key=key>
///             <PortOneCheckout order=order m_redirect_url="https://shop.example/portone/return" />
///         </TossProvider>
///     }
/// }
/// ```
#[component]
pub fn PortOneCheckout(
    /// The server's order (its id is the `merchant_uid`, its amount and name are charged).
    order: OrderView,
    /// The method; a card by default.
    #[prop(optional)]
    pay_method: Option<PayMethod>,
    /// Where a mobile browser goes afterwards.
    #[prop(optional, into)]
    m_redirect_url: Option<String>,
    /// The buyer's name (Toss Payments asks for one).
    #[prop(optional, into)]
    buyer_name: Option<String>,
    /// Called with the order once the server verified it.
    #[prop(optional, into)]
    on_paid: Option<Callback<OrderView>>,
) -> impl IntoView {
    let (lang, api_base) = page_settings();
    let mut params = RequestPayParams::for_order(
        order.order_id.clone(),
        order.order_name.as_str(),
        order.amount.value(),
        pay_method.unwrap_or(PayMethod::Card),
    );
    params.m_redirect_url = m_redirect_url;
    params.buyer_name = buyer_name;
    let inputs = StoredValue::new((api_base, params));
    let marks = Marks {
        section: "portone",
        button: "pay-portone",
        closed: "portone-not-completed",
        message: "portone-message",
        working: "portone-working",
        label: |t| t.pay_portone,
        working_text: |t| t.confirming,
    };
    pay_steps(lang, marks, on_paid, move || async move {
        let (api, params) = inputs.get_value();
        pay(&api, &params).await
    })
}

/// The SDK, the window, the server's verification; the page's next state.
async fn pay(api: &str, params: &RequestPayParams) -> Step {
    // The server registers the order's amount with PortOne first: a window changed in the
    // browser is then stopped before any payment.
    let config = match portone_prepare(api, &params.merchant_uid).await {
        Ok(config) => config,
        Err(e) => return Step::Failed(e.to_string(), e.is_retryable()),
    };
    let imp = match Imp::load(
        &config.sdk_url,
        &config.merchant_code,
        std::time::Duration::from_secs(20),
    )
    .await
    {
        Ok(imp) => imp,
        Err(e) => return Step::Failed(e.to_string(), true),
    };
    let mut params = params.clone();
    params.pg = config.pg;
    let response = match imp.request_pay(&params).await {
        Ok(response) => response,
        Err(e) => return Step::Failed(e.to_string(), true),
    };
    // No payment was made: nothing to verify, nothing failed on the order.
    let Some(imp_uid) = response.imp_uid.clone() else {
        return Step::Idle(Some(response.error_msg.unwrap_or_default()));
    };
    // A payment exists (paid, or failed at the card company): the server reads it.
    let request = PortOneVerifyRequest {
        imp_uid,
        merchant_uid: params.merchant_uid.clone(),
    };
    match portone_verify(api, &request).await {
        Ok(order) => Step::Done(Box::new(order)),
        Err(e) if response.failed() && !e.is_retryable() => {
            Step::Idle(Some(response.error_msg.unwrap_or_else(|| e.to_string())))
        }
        Err(e) => Step::Failed(e.to_string(), e.is_retryable()),
    }
}

/// The `m_redirect_url` page: reads `imp_uid` and `merchant_uid` from the address and asks the
/// server to verify (the address's `imp_success` is never read), then shows the server's
/// answer; an address without a payment shows PortOne's `error_msg`.
#[component]
pub fn PortOneReturn(
    /// Where "back to checkout" leads.
    #[prop(optional, into)]
    checkout_href: Option<String>,
    /// Called with the verified order.
    #[prop(optional, into)]
    on_confirmed: Option<Callback<OrderView>>,
) -> impl IntoView {
    let (lang, api_base) = page_settings();
    let checkout_href = checkout_href.unwrap_or_else(|| "/".to_owned());
    let confirmation = use_portone_return(
        move |request: PortOneVerifyRequest| {
            let api_base = api_base.clone();
            async move { portone_verify(&api_base, &request).await }
        },
        on_confirmed,
    );
    result(confirmation, lang, checkout_href)
}
