//! `/orders/{orderId}`: the order as the server has it. While a deposit or a confirm is
//! pending it asks again every 2 s, so a deposit shows up without a reload; a paid order can
//! be cancelled.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_tosspayments::messages::Lang;

use super::text::{ShopText, text};
use super::{Load, Problem, amount_tr, loader, problem_slot, spinner, status_tr, tr, tr_shop};
use leptos_tosspayments::client::{cancel_order, get_order};
use leptos_tosspayments::components::use_toss;
use leptos_tosspayments::domain::server_api::{CancelOrderRequest, OrderStatus, OrderView};
use leptos_tosspayments::{IdempotencyKey, OrderId};

/// How often a pending order is asked about.
const POLL_EVERY: Duration = Duration::from_secs(2);
/// Every this many polls the server asks Toss too (`?refresh=true`), so a deposit shows up
/// even where Toss's webhooks cannot reach the server (a laptop with real test keys).
const REFRESH_EVERY: u32 = 5;
/// The reason sent with a buyer's cancellation.
const CANCEL_REASON: &str = "고객 요청";

/// Whether the order may still change by itself.
fn pending(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::WaitingForDeposit | OrderStatus::Confirming
    )
}

#[component]
pub(crate) fn OrderPage(order_id: String) -> impl IntoView {
    let config = use_toss();
    // Read only by the texts: a language switch keeps the order, its polling and its state.
    let lang = config.lang;
    let Ok(id) = OrderId::parse(&order_id) else {
        return view! {
            <section class="card state">
                <h1>{tr(lang, |t| t.not_found)}</h1>
                <a class="btn btn--primary" href="/">{tr(lang, |t| t.back_to_shop)}</a>
            </section>
        }
        .into_any();
    };
    let api = StoredValue::new(config.api_base);
    let id = StoredValue::new(id);

    let (order, retry) = loader(move || {
        let (api, id) = (api.get_value(), id.get_value());
        Box::pin(async move { get_order(&api, &id, false).await })
    });

    // Poll while the order may change by itself (a deposit, a confirm being settled).
    let in_flight = StoredValue::new(false);
    let polls = StoredValue::new(0u32);
    let poll = move || {
        let live = order.with_untracked(|o| matches!(o, Load::Ready(v) if pending(v.status)));
        if !live || in_flight.get_value() {
            return;
        }
        in_flight.set_value(true);
        polls.update_value(|n| *n += 1);
        let refresh = polls.get_value().is_multiple_of(REFRESH_EVERY);
        let (api, id) = (api.get_value(), id.get_value());
        spawn_local(async move {
            if let Ok(fresh) = get_order(&api, &id, refresh).await {
                let changed = order.with_untracked(|o| !matches!(o, Load::Ready(v) if *v == fresh));
                if changed {
                    order.try_set(Load::Ready(fresh));
                }
            }
            in_flight.try_set_value(false);
        });
    };
    if let Ok(timer) = set_interval_with_handle(poll, POLL_EVERY) {
        on_cleanup(move || timer.clear());
    }

    let heading = NodeRef::<leptos::html::H1>::new();
    let cancelling = RwSignal::new(false);
    let cancel_problem = RwSignal::new(None::<Problem>);
    // One key per intended cancel: a retry after an error sends the same one (the money goes
    // back once), a cancel that went through takes a new one.
    let cancel_key = StoredValue::new(IdempotencyKey::generate());
    let cancel = move || {
        if cancelling.get_untracked() {
            return;
        }
        cancelling.set(true);
        cancel_problem.set(None);
        let request = CancelOrderRequest {
            reason: CANCEL_REASON.to_owned(),
            amount: None,
            refund_account: None,
        };
        let (api, id) = (api.get_value(), id.get_value());
        let key = cancel_key.get_value();
        spawn_local(async move {
            // The session (the order's customer's) opens the order: no token needed.
            match cancel_order(&api, &id, None, &key, &request).await {
                Ok(updated) => {
                    cancel_key.try_set_value(IdempotencyKey::generate());
                    order.try_set(Load::Ready(updated));
                    // The button is gone; keep the keyboard at the top of the news.
                    if let Some(el) = heading.get_untracked() {
                        let _ = el.focus();
                    }
                }
                Err(e) => {
                    cancel_problem.try_set(Some(Problem::Server(e)));
                }
            }
            cancelling.try_set(false);
        });
    };
    // The details are drawn again when the order changes; this line stays, so a screen reader
    // hears the new status (a deposit arriving, a cancellation).
    let announce = move || {
        order.with(|o| match o {
            Load::Ready(v) => text(lang.get()).status(v.status),
            _ => "",
        })
    };

    view! {
        <section class="narrow" aria-labelledby="order-heading">
            <h1 id="order-heading" tabindex="-1" node_ref=heading>{tr_shop(lang, |s| s.order_heading)}</h1>
            <p class="visually-hidden" aria-live="polite">{announce}</p>
            {move || match order.get() {
                Load::Loading => spinner(tr(lang, |t| t.loading)).into_any(),
                Load::Failed(e) => view! {
                    {Problem::Server(e).view(lang)}
                    <button
                        type="button"
                        class="btn btn--primary"
                        on:click=move |_| retry.update(|n| *n += 1)
                    >
                        {tr(lang, |t| t.retry)}
                    </button>
                }
                .into_any(),
                Load::Ready(o) => {
                    // The server shows an order's customer key only to that customer: the
                    // buyer signed in on this browser, who may cancel it.
                    let can_cancel = o.customer_key.is_some();
                    details(o, can_cancel, cancelling, cancel, lang).into_any()
                }
            }}
            {problem_slot(cancel_problem, lang)}
            <div class="actions">
                <a class="btn btn--ghost" href="/">{tr(lang, |t| t.back_to_shop)}</a>
            </div>
        </section>
    }
    .into_any()
}

/// One snapshot of the order.
fn details(
    o: OrderView,
    can_cancel: bool,
    cancelling: RwSignal<bool>,
    cancel: impl Fn() + Copy + 'static,
    lang: Signal<Lang>,
) -> impl IntoView {
    let status = o.status;
    let row = |label: fn(&'static ShopText) -> &'static str, value: Option<String>| {
        value.map(|v| view! { <div><dt>{tr_shop(lang, label)}</dt><dd>{v}</dd></div> })
    };
    let deposit = o
        .virtual_account
        .filter(|_| status == OrderStatus::WaitingForDeposit)
        .map(|va| {
            view! {
                <section class="deposit" aria-labelledby="deposit-heading" data-testid="virtual-account">
                    <h2 id="deposit-heading">{tr(lang, |t| t.deposit_notice)}</h2>
                    <dl class="details">
                        <div><dt>{tr_shop(lang, |s| s.bank)}</dt><dd>{va.bank_code}</dd></div>
                        <div>
                            <dt>{tr_shop(lang, |s| s.account_number)}</dt>
                            <dd><code data-testid="deposit-account">{va.account_number}</code></dd>
                        </div>
                        <div><dt>{tr_shop(lang, |s| s.due_date)}</dt><dd>{va.due_date}</dd></div>
                    </dl>
                </section>
            }
        });
    let polling = pending(status).then(|| {
        view! {
            <p class="tps-loading small" data-testid="polling">
                <span class="tps-spinner" aria-hidden="true"></span>
                {tr_shop(lang, |s| s.auto_refresh)}
            </p>
        }
    });
    let cancellable = matches!(status, OrderStatus::Paid | OrderStatus::PartiallyCancelled);
    let not_here = (cancellable && !can_cancel).then(
        || view! { <p class="small" data-testid="cancel-elsewhere">{tr_shop(lang, |s| s.cancel_elsewhere)}</p> },
    );
    let cancel_button = (cancellable && can_cancel).then(|| {
        view! {
            <button
                type="button"
                class="btn btn--danger"
                data-testid="cancel"
                aria-disabled=move || cancelling.get().to_string()
                aria-busy=move || cancelling.get().to_string()
                on:click=move |_| cancel()
            >
                {move || {
                    if cancelling.get() {
                        view! {
                            <span class="tps-spinner" aria-hidden="true"></span>
                            {tr_shop(lang, |s| s.cancelling)}
                        }
                            .into_any()
                    } else {
                        tr_shop(lang, |s| s.cancel).into_any()
                    }
                }}
            </button>
        }
    });
    view! {
        <div class="card">
            <p class="status">
                <span class="status__badge" data-status=status.as_str()>{status_tr(lang, status)}</span>
                <code data-testid="order-status">{status.as_str()}</code>
            </p>
            <dl class="details">
                <div><dt>{tr(lang, |t| t.order_name)}</dt><dd data-testid="order-name">{o.order_name.to_string()}</dd></div>
                <div><dt>{tr(lang, |t| t.order_id)}</dt><dd><code>{o.order_id.to_string()}</code></dd></div>
                <div><dt>{tr_shop(lang, |s| s.amount)}</dt><dd data-testid="order-amount">{amount_tr(lang, o.amount)}</dd></div>
                <div><dt>{tr_shop(lang, |s| s.balance)}</dt><dd data-testid="order-balance">{amount_tr(lang, o.balance)}</dd></div>
                {row(|s| s.method, o.method)}
                {row(|s| s.approved_at, o.approved_at)}
                {row(|s| s.failure_code, o.failure_code)}
            </dl>
            {deposit}
            {polling}
            {cancel_button}
            {not_here}
        </div>
    }
}
