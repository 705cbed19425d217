//! `<PaymentSuccess>`: the successUrl page.

use leptos::prelude::*;

use super::provider::page_settings;
use super::tr;
use crate::client::{ServerError, confirm_payment, tosspay_execute};
use crate::domain::server_api::{ConfirmPaymentRequest, OrderStatus, OrderView};
use crate::hooks::{ConfirmState, Confirmation, use_confirm_payment_with, use_tosspay_return};
use crate::messages::{Lang, amount_text, status_text, texts};

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
    let checkout_href = checkout_href.unwrap_or_else(|| "/".to_owned());
    let confirmation = use_confirm_payment_with(
        move |request: ConfirmPaymentRequest| {
            let api_base = api_base.clone();
            async move { confirm_payment(&api_base, &request).await }
        },
        on_confirmed,
    );
    result(confirmation, lang, checkout_href)
}

/// Toss Pay's return page (`retUrl`): reads `orderNo` from the address, asks the companion
/// server to execute the order's Toss Pay payment (the server executes the payment it created,
/// once, and checks it against the order it stored), shows progress, then what **the server**
/// answered. The same page as [`PaymentSuccess`] otherwise; the default skin over
/// [`crate::hooks::use_tosspay_return`].
#[component]
pub fn TossPayReturn(
    /// Where "back to checkout" leads.
    #[prop(optional, into)]
    checkout_href: Option<String>,
    /// Called with the executed order.
    #[prop(optional, into)]
    on_confirmed: Option<Callback<OrderView>>,
) -> impl IntoView {
    let (lang, api_base) = page_settings();
    let checkout_href = checkout_href.unwrap_or_else(|| "/".to_owned());
    let confirmation = use_tosspay_return(
        move |order_id: crate::OrderId| {
            let api_base = api_base.clone();
            async move { tosspay_execute(&api_base, &order_id).await }
        },
        on_confirmed,
    );
    result(confirmation, lang, checkout_href)
}

/// Progress, then the server's answer: the order it confirmed, or why not (with "try again"
/// only where a retry can change the answer).
pub(super) fn result(
    confirmation: Confirmation<OrderView, ServerError>,
    lang: Signal<Lang>,
    checkout_href: String,
) -> impl IntoView {
    let retry = confirmation.retry;
    view! {
        <section class="tps-result" aria-live="polite">
            {move || match confirmation.state.get() {
                ConfirmState::InvalidLink(e) => view! {
                    <div class="tps-result--error" role="alert">
                        <h1>{tr(lang, |t| t.failed)}</h1>
                        <p>{tr(lang, |t| t.bad_link)}</p>
                        <p class="tps-detail">{e.to_string()}</p>
                        <a class="tps-button" href=checkout_href.clone()>{tr(lang, |t| t.back_to_checkout)}</a>
                    </div>
                }.into_any(),
                ConfirmState::Working => view! {
                    <p class="tps-loading" role="status" data-testid="confirming">
                        <span class="tps-spinner" aria-hidden="true"></span>{tr(lang, |t| t.confirming)}
                    </p>
                }.into_any(),
                ConfirmState::Done(order) => order_summary(order, lang).into_any(),
                ConfirmState::Failed(e) => {
                    let retryable = e.is_retryable();
                    let back = checkout_href.clone();
                    view! {
                        <div class="tps-error" role="alert" data-testid="confirm-failed">
                            <h1>{tr(lang, |t| t.failed)}</h1>
                            <p>{e.to_string()}</p>
                            <Show when=move || retryable>
                                <button type="button" on:click=move |_| retry.run(())>{tr(lang, |t| t.retry)}</button>
                            </Show>
                            <a class="tps-button" href=back>{tr(lang, |t| t.back_to_checkout)}</a>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The confirmed order, as the server reported it, in the provider's language (followed in
/// place).
pub(super) fn order_summary(order: OrderView, lang: Signal<Lang>) -> impl IntoView {
    let waiting = order.status == OrderStatus::WaitingForDeposit;
    let heading = move || {
        let text = texts(lang.get());
        if waiting {
            text.waiting_for_deposit
        } else {
            text.paid
        }
    };
    let (amount, order_status) = (order.amount, order.status);
    let status = order.status.as_str().to_owned();
    let account = order.virtual_account.clone().map(|va| {
        view! {
            <dt>{tr(lang, |t| t.deposit_to)}</dt>
            <dd data-testid="deposit-account">{format!("{} {}", va.bank_code, va.account_number)}</dd>
            <dt>{tr(lang, |t| t.deposit_by)}</dt>
            <dd>{va.due_date}</dd>
        }
    });
    view! {
        <div class="tps-confirmed" data-testid="confirmed" data-status=status.clone()>
            <h1>{heading}</h1>
            <dl>
                <dt>{tr(lang, |t| t.order)}</dt>
                <dd data-testid="order-name">{order.order_name.to_string()}</dd>
                <dt>{tr(lang, |t| t.amount)}</dt>
                <dd data-testid="confirmed-amount">{move || amount_text(amount, lang.get())}</dd>
                <dt>{tr(lang, |t| t.method)}</dt>
                <dd>{order.method.clone().unwrap_or_default()}</dd>
                <dt>{tr(lang, |t| t.status)}</dt>
                <dd data-testid="order-status" data-status=status.clone()>{move || status_text(order_status, lang.get())}</dd>
                {account}
            </dl>
        </div>
    }
}
