//! `/console`: the merchant console. Store staff open it with the staff token (the server's
//! `ADMIN_TOKEN`, kept in this page's memory only), see the orders, read an order's timeline,
//! and refund all or part of it after a confirmation step. Staff-facing, so its text is in
//! one language (English).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_tosspayments::client::ServerError;
use leptos_tosspayments::client::staff::{list_orders, order_events, refund};
use leptos_tosspayments::components::use_toss;
use leptos_tosspayments::domain::server_api::{CancelOrderRequest, StaffEventView, StaffOrderView};
use leptos_tosspayments::messages::{Lang, amount_text};
use leptos_tosspayments::{Amount, IdempotencyKey, OrderId};

/// What the refund form is doing.
#[derive(Debug, Clone, PartialEq)]
enum RefundStep {
    /// Filling it in.
    Form,
    /// "Refund N won of order X?", waiting for the second click.
    Confirm(Option<u64>),
    /// Sent.
    Sending,
}

#[component]
pub(crate) fn ConsolePage() -> impl IntoView {
    let api = StoredValue::new(use_toss().api_base);
    let token = RwSignal::new(String::new());
    let draft = RwSignal::new(String::new());
    let orders = RwSignal::new(None::<Result<Vec<StaffOrderView>, ServerError>>);
    let selected = RwSignal::new(None::<OrderId>);
    let events = RwSignal::new(Vec::<StaffEventView>::new());
    let message = RwSignal::new(None::<String>);

    let load_orders = move || {
        let (api, staff) = (api.get_value(), token.get_untracked());
        spawn_local(async move {
            orders.try_set(Some(list_orders(&api, &staff, None).await));
        });
    };
    let load_events = move |id: OrderId| {
        let (api, staff) = (api.get_value(), token.get_untracked());
        spawn_local(async move {
            match order_events(&api, &staff, &id).await {
                Ok(list) => {
                    events.try_set(list);
                }
                Err(e) => {
                    message.try_set(Some(e.to_string()));
                }
            }
        });
    };
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        token.set(draft.get_untracked().trim().to_owned());
        load_orders();
    };
    let select = move |id: OrderId| {
        selected.set(Some(id.clone()));
        message.set(None);
        load_events(id);
    };

    let table = move || {
        orders.with(|o| match o {
            None => view! { <p>"Loading orders…"</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="alert" role="alert" data-testid="console-error">{e.to_string()}</p> }
                    .into_any()
            }
            Some(Ok(list)) => view! {
                <table class="console-table" data-testid="console-orders">
                    <thead><tr><th>"Order"</th><th>"Name"</th><th>"Amount"</th><th>"Balance"</th><th>"Status"</th><th></th></tr></thead>
                    <tbody>
                        {list.iter().map(|o| {
                            let id = o.order.order_id.clone();
                            let shown = id.to_string();
                            let attr = shown.clone();
                            view! {
                                <tr data-testid="console-row" data-order-id=attr>
                                    <td><code>{shown}</code></td>
                                    <td>{o.order.order_name.to_string()}</td>
                                    <td>{amount_text(o.order.amount, Lang::En)}</td>
                                    <td>{amount_text(o.order.balance, Lang::En)}</td>
                                    <td data-testid="console-status">{o.order.status.as_str()}</td>
                                    <td>
                                        <button class="btn" data-testid="console-open"
                                            on:click=move |_| select(id.clone())>"Timeline"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        })
    };

    view! {
        <section class="card console">
            <h1>"Merchant console"</h1>
            <Show
                when=move || !token.get().is_empty()
                fallback=move || view! {
                    <form class="console-login" on:submit=open>
                        <label>"Staff token "
                            <input type="password" data-testid="staff-token" autocomplete="off"
                                on:input=move |ev| draft.set(event_target_value(&ev)) />
                        </label>
                        <button class="btn btn--primary" type="submit" data-testid="staff-open">"Open"</button>
                    </form>
                }
            >
                <button class="btn" data-testid="console-reload" on:click=move |_| load_orders()>"Reload"</button>
                {table}
                {move || selected.get().map(|id| view! {
                    <Timeline id=id events=events message=message token=token api=api
                        reloaded=move |id: OrderId| { load_orders(); load_events(id); } />
                })}
            </Show>
        </section>
    }
}

#[component]
fn Timeline(
    id: OrderId,
    events: RwSignal<Vec<StaffEventView>>,
    message: RwSignal<Option<String>>,
    token: RwSignal<String>,
    api: StoredValue<String>,
    reloaded: impl Fn(OrderId) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let step = RwSignal::new(RefundStep::Form);
    // One key per intended refund: a retry after an error sends the same one.
    let key = StoredValue::new(IdempotencyKey::generate());

    let start = move |_| {
        let text = amount.get_untracked();
        let parsed = text.trim();
        if parsed.is_empty() {
            step.set(RefundStep::Confirm(None));
        } else if let Ok(won) = parsed.parse::<u64>() {
            step.set(RefundStep::Confirm(Some(won)));
        } else {
            message.set(Some(
                "the amount is a whole number of won, or empty for everything left".to_owned(),
            ));
        }
    };
    let send = move |won: Option<u64>| {
        step.set(RefundStep::Sending);
        let request = CancelOrderRequest {
            reason: reason.get_untracked(),
            amount: won.and_then(|w| Amount::krw(w as i64).ok()),
            refund_account: None,
        };
        let (api, staff, order) = (api.get_value(), token.get_untracked(), id.get_value());
        let idem = key.get_value();
        spawn_local(async move {
            match refund(&api, &staff, &order, &idem, &request).await {
                Ok(after) => {
                    key.try_set_value(IdempotencyKey::generate());
                    message.try_set(Some(format!(
                        "refunded: the order is {}, balance {}",
                        after.status.as_str(),
                        amount_text(after.balance, Lang::En)
                    )));
                    reloaded(order);
                }
                Err(e) => {
                    message.try_set(Some(e.to_string()));
                }
            }
            step.try_set(RefundStep::Form);
        });
    };

    view! {
        <section class="console-order" data-testid="console-order">
            <h2>"Order " <code>{id.get_value().to_string()}</code></h2>
            <ol class="console-timeline">
                {move || events.get().into_iter().map(|e| view! {
                    <li data-testid="timeline-event" data-cause=e.cause.clone() data-to=e.to_status.clone()>
                        <strong>{e.cause.clone()}</strong>" "
                        {e.from_status.clone().unwrap_or_else(|| "·".to_owned())}" → "{e.to_status.clone()}
                        {e.detail.clone().map(|d| view! { <small>" — "{d}</small> })}
                    </li>
                }).collect_view()}
            </ol>
            <div class="console-refund">
                <label>"Amount (won, empty = everything left) "
                    <input inputmode="numeric" data-testid="refund-amount"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev)) />
                </label>
                <label>"Reason "
                    <input data-testid="refund-reason" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                {move || match step.get() {
                    RefundStep::Form => view! {
                        <button class="btn btn--primary" data-testid="refund-start" on:click=start>"Refund…"</button>
                    }.into_any(),
                    RefundStep::Confirm(won) => view! {
                        <p data-testid="refund-question">
                            {match won {
                                Some(w) => format!("Refund {w} won of this order?"),
                                None => "Refund everything left of this order?".to_owned(),
                            }}
                        </p>
                        <button class="btn btn--primary" data-testid="refund-confirm" on:click=move |_| send(won)>"Confirm refund"</button>
                        <button class="btn" on:click=move |_| step.set(RefundStep::Form)>"Back"</button>
                    }.into_any(),
                    RefundStep::Sending => view! { <p>"Refunding…"</p> }.into_any(),
                }}
            </div>
            {move || message.get().map(|m| view! { <p role="status" data-testid="refund-result">{m}</p> })}
        </section>
    }
}
