//! `<PaymentSuccess>`: the successUrl page.

use leptos::prelude::*;

use super::provider::page_settings;
use crate::client::confirm_payment;
use crate::domain::server_api::{ConfirmPaymentRequest, OrderStatus, OrderView};
use crate::hooks::{ConfirmState, use_confirm_payment_with};
use crate::messages::{amount_text, status_text, texts};

/// The successUrl page: reads `paymentKey`, `orderId` and `amount` from the address, asks the
/// companion server to confirm, shows progress, then what **the server** confirmed (never the
/// address's own amount). A reload asks again and gets the same answer: the server confirms
/// each order once. "Try again" appears only for an answer a retry can change.
///
/// It is the default skin over [`crate::hooks::use_confirm_payment`]; a storefront with its own
/// backend, or its own markup, uses the hook.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::{PaymentSuccess, TossProvider};
/// # let key = leptos_tosspayments::ClientKey::parse("test_gck_x").unwrap();
/// view! { <TossProvider client_key=key><PaymentSuccess checkout_href="/checkout" /></TossProvider> };
/// ```
/// Runnable example: `tests/browser_pages.rs` (`success_page_*`), run in headless Chromium by
/// `cargo xtask test`.
#[component]
pub fn PaymentSuccess(
    /// Where "back to checkout" leads.
    #[prop(optional, into)]
    checkout_href: Option<String>,
    /// Called with the confirmed order.
    #[prop(optional, into)]
    on_confirmed: Option<Callback<OrderView>>,
) -> impl IntoView {
    let (lang, api_base) = page_settings();
    let text = texts(lang);
    let checkout_href = checkout_href.unwrap_or_else(|| "/".to_owned());
    let confirmation = use_confirm_payment_with(
        move |request: ConfirmPaymentRequest| {
            let api_base = api_base.clone();
            async move { confirm_payment(&api_base, &request).await }
        },
        on_confirmed,
    );
    let retry = confirmation.retry;
    view! {
        <section class="tps-result" aria-live="polite">
            {move || match confirmation.state.get() {
                ConfirmState::InvalidLink(e) => view! {
                    <div class="tps-result--error" role="alert">
                        <h1>{text.failed}</h1>
                        <p>{text.bad_link}</p>
                        <p class="tps-detail">{e.to_string()}</p>
                        <a class="tps-button" href=checkout_href.clone()>{text.back_to_checkout}</a>
                    </div>
                }.into_any(),
                ConfirmState::Working => view! {
                    <p class="tps-loading" role="status" data-testid="confirming">
                        <span class="tps-spinner" aria-hidden="true"></span>{text.confirming}
                    </p>
                }.into_any(),
                ConfirmState::Done(order) => order_summary(order, lang).into_any(),
                ConfirmState::Failed(e) => {
                    let retryable = e.is_retryable();
                    let back = checkout_href.clone();
                    view! {
                        <div class="tps-error" role="alert" data-testid="confirm-failed">
                            <h1>{text.failed}</h1>
                            <p>{e.to_string()}</p>
                            <Show when=move || retryable>
                                <button type="button" on:click=move |_| retry.run(())>{text.retry}</button>
                            </Show>
                            <a class="tps-button" href=back>{text.back_to_checkout}</a>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The confirmed order, as the server reported it.
fn order_summary(order: OrderView, lang: crate::messages::Lang) -> impl IntoView {
    let text = texts(lang);
    let heading = match order.status {
        OrderStatus::WaitingForDeposit => text.waiting_for_deposit,
        _ => text.paid,
    };
    let status = order.status.as_str().to_owned();
    let account = order.virtual_account.clone().map(|va| {
        view! {
            <dt>{text.deposit_to}</dt>
            <dd data-testid="deposit-account">{format!("{} {}", va.bank_code, va.account_number)}</dd>
            <dt>{text.deposit_by}</dt>
            <dd>{va.due_date}</dd>
        }
    });
    view! {
        <div class="tps-confirmed" data-testid="confirmed" data-status=status.clone()>
            <h1>{heading}</h1>
            <dl>
                <dt>{text.order}</dt>
                <dd data-testid="order-name">{order.order_name.to_string()}</dd>
                <dt>{text.amount}</dt>
                <dd data-testid="confirmed-amount">{amount_text(order.amount, lang)}</dd>
                <dt>{text.method}</dt>
                <dd>{order.method.clone().unwrap_or_default()}</dd>
                <dt>{text.status}</dt>
                <dd data-testid="order-status" data-status=status.clone()>{status_text(order.status, lang)}</dd>
                {account}
            </dl>
        </div>
    }
}
