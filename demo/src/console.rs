//! `/console`: the merchant console. Store staff open it with the staff token (the server's
//! `ADMIN_TOKEN`, kept in this page's memory only) and see the background work's health, find
//! orders (by status, customer, date, or stuck), read an order's timeline, refund all or part
//! of it after a confirmation step (a deposited virtual account to the account they enter),
//! and read the webhook inbox.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_tosspayments::client::ServerError;
use leptos_tosspayments::client::staff::{
    OrderFilter, health, list_orders, order_events, refund, webhooks,
};
use leptos_tosspayments::components::use_toss;
use leptos_tosspayments::domain::server_api::{
    CancelOrderRequest, OrderStatus, RefundAccount, StaffEventView, StaffHealthView,
    StaffOrderView, StaffWebhookView,
};
use leptos_tosspayments::messages::{Lang, amount_text};
use leptos_tosspayments::{Amount, CustomerKey, IdempotencyKey, OrderId};

use crate::text::{ConsoleText, console_text};

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

/// The text of the console in the page's language.
fn ct(
    lang: Signal<Lang>,
    pick: fn(&'static ConsoleText) -> &'static str,
) -> impl Fn() -> &'static str + Copy {
    move || pick(console_text(lang.get()))
}

#[component]
pub(crate) fn ConsolePage() -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    let api = StoredValue::new(config.api_base);
    let token = RwSignal::new(String::new());
    let draft = RwSignal::new(String::new());
    let filter = RwSignal::new(OrderFilter::default());
    let orders = RwSignal::new(None::<Result<Vec<StaffOrderView>, ServerError>>);
    let inbox = RwSignal::new(None::<Result<Vec<StaffWebhookView>, ServerError>>);
    let status = RwSignal::new(None::<Result<StaffHealthView, ServerError>>);
    let selected = RwSignal::new(None::<StaffOrderView>);
    let events = RwSignal::new(Vec::<StaffEventView>::new());
    let message = RwSignal::new(None::<String>);
    // Answers may arrive out of order (a slow list, then a quick one for a new filter): only
    // the latest request's answer is shown.
    let generation = StoredValue::new(0u64);

    let load_all = move || {
        let (api, staff, wanted) = (
            api.get_value(),
            token.get_untracked(),
            filter.get_untracked(),
        );
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        orders.set(None);
        spawn_local(async move {
            let (list, hooks, now) = (
                list_orders(&api, &staff, &wanted).await,
                webhooks(&api, &staff).await,
                health(&api, &staff).await,
            );
            if generation.try_get_value() != Some(mine) {
                return;
            }
            orders.try_set(Some(list));
            inbox.try_set(Some(hooks));
            status.try_set(Some(now));
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
        load_all();
    };
    let select = move |order: StaffOrderView| {
        let id = order.order.order_id.clone();
        selected.set(Some(order));
        message.set(None);
        load_events(id);
    };
    let search = Callback::new(move |wanted: OrderFilter| {
        filter.set(wanted);
        load_all();
    });

    let table = move || {
        orders.with(|o| match o {
            None => view! { <p>{ct(lang, |t| t.loading)}</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="alert" role="alert" data-testid="console-error">{e.to_string()}</p> }
                    .into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                view! { <p data-testid="console-empty">{ct(lang, |t| t.no_orders)}</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <table class="console-table" data-testid="console-orders">
                    <thead><tr>
                        <th>{ct(lang, |t| t.order)}</th><th>{ct(lang, |t| t.name)}</th>
                        <th>{ct(lang, |t| t.amount)}</th><th>{ct(lang, |t| t.balance)}</th>
                        <th>{ct(lang, |t| t.status)}</th><th>{ct(lang, |t| t.created)}</th><th></th>
                    </tr></thead>
                    <tbody>
                        {list.iter().map(|o| {
                            let row = o.clone();
                            let shown = o.order.order_id.to_string();
                            let attr = shown.clone();
                            let (amount, balance) = (o.order.amount, o.order.balance);
                            view! {
                                <tr data-testid="console-row" data-order-id=attr>
                                    <td><code>{shown}</code></td>
                                    <td>{o.order.order_name.to_string()}</td>
                                    <td>{move || amount_text(amount, lang.get())}</td>
                                    <td>{move || amount_text(balance, lang.get())}</td>
                                    <td data-testid="console-status">{o.order.status.as_str()}</td>
                                    <td><small>{kst_time(o.created_at)}</small></td>
                                    <td>
                                        <button class="btn" data-testid="console-open"
                                            on:click=move |_| select(row.clone())>{ct(lang, |t| t.timeline)}</button>
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
            <h1>{ct(lang, |t| t.heading)}</h1>
            <Show
                when=move || !token.get().is_empty()
                fallback=move || view! {
                    <form class="console-login" on:submit=open>
                        <label>{ct(lang, |t| t.staff_token)}" "
                            <input type="password" data-testid="staff-token" autocomplete="off"
                                on:input=move |ev| draft.set(event_target_value(&ev)) />
                        </label>
                        <button class="btn btn--primary" type="submit" data-testid="staff-open">{ct(lang, |t| t.open)}</button>
                    </form>
                }
            >
                <HealthPanel status=status lang=lang />
                <Filters search=search lang=lang />
                <button class="btn" data-testid="console-reload" on:click=move |_| load_all()>{ct(lang, |t| t.reload)}</button>
                {table}
                {move || selected.get().map(|order| view! {
                    <Timeline order=order events=events message=message token=token api=api lang=lang
                        reloaded=move |id: OrderId| { load_all(); load_events(id); } />
                })}
                <WebhookInbox inbox=inbox lang=lang />
            </Show>
        </section>
    }
}

/// `ms` since the epoch as Korean time, `YYYY-MM-DD HH:MM`.
fn kst_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        (ms + 9 * 3_600_000) as f64,
    ));
    let iso = date.to_iso_string().as_string().unwrap_or_default();
    iso.get(..16).map(|s| s.replace('T', " ")).unwrap_or(iso)
}

/// The start of `date` (`YYYY-MM-DD`, from a date input) in Korean time, in ms since the epoch.
fn kst_day_start(date: &str) -> Option<i64> {
    let ms = js_sys::Date::parse(&format!("{date}T00:00:00+09:00"));
    ms.is_finite().then_some(ms as i64)
}

/// Readiness, the workers' last beats and the backlog.
#[component]
fn HealthPanel(
    status: RwSignal<Option<Result<StaffHealthView, ServerError>>>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let seconds_ago =
        |ms: Option<i64>| ms.map_or_else(|| "-".to_owned(), |ms| format!("{}s", ms / 1000));
    move || {
        status.with(|s| match s {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="alert" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(h)) => {
                let ready = if h.ready { "ready" } else { "not-ready" };
                let workers = if h.stale_workers.is_empty() {
                    console_text(lang.get()).all_alive.to_owned()
                } else {
                    h.stale_workers.join(", ")
                };
                view! {
                    <dl class="console-health" data-testid="console-health" data-ready=ready>
                        <div><dt>{ct(lang, |t| t.ready)}</dt><dd data-testid="health-ready">{ready}</dd></div>
                        <div><dt>{ct(lang, |t| t.workers)}</dt><dd>{workers}</dd></div>
                        <div><dt>{ct(lang, |t| t.reconciler_beat)}</dt><dd>{seconds_ago(h.reconciler_beat_ms_ago)}</dd></div>
                        <div><dt>{ct(lang, |t| t.webhook_beat)}</dt><dd>{seconds_ago(h.webhook_worker_beat_ms_ago)}</dd></div>
                        <div><dt>{ct(lang, |t| t.backlog)}</dt><dd data-testid="health-backlog">{h.webhook_backlog}</dd></div>
                        <div><dt>{ct(lang, |t| t.oldest_confirming)}</dt><dd>{format!("{:.0}s", h.oldest_confirming_seconds)}</dd></div>
                        <div><dt>{ct(lang, |t| t.mismatches)}</dt><dd data-testid="health-mismatches">{h.mismatches}</dd></div>
                    </dl>
                }
                .into_any()
            }
        })
    }
}

/// The order search: status, customer, dates (Korean time), stuck. Read when submitted.
#[component]
fn Filters(search: Callback<OrderFilter>, lang: Signal<Lang>) -> impl IntoView {
    let status = NodeRef::<html::Select>::new();
    let customer = NodeRef::<html::Input>::new();
    let from = NodeRef::<html::Input>::new();
    let to = NodeRef::<html::Input>::new();
    let stuck = NodeRef::<html::Input>::new();
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = |r: NodeRef<html::Input>| {
            r.get()
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default()
        };
        let customer_key = match value(customer) {
            k if k.is_empty() => None,
            k => match CustomerKey::parse(&k) {
                Ok(key) => Some(key),
                Err(e) => return problem.set(Some(e.to_string())),
            },
        };
        let day = |raw: String| (!raw.is_empty()).then(|| kst_day_start(&raw)).flatten();
        problem.set(None);
        search.run(OrderFilter {
            status: status.get().and_then(|s| OrderStatus::parse(&s.value())),
            customer_key,
            from: day(value(from)),
            // The whole of the last day.
            to: day(value(to)).map(|start| start + 86_400_000),
            stuck: stuck.get().is_some_and(|c| c.checked()),
        });
    };
    view! {
        <form class="console-filter" data-testid="console-filter" on:submit=submit>
            <label>{ct(lang, |t| t.status)}" "
                <select node_ref=status data-testid="filter-status">
                    <option value="">{ct(lang, |t| t.any)}</option>
                    {OrderStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <label>{ct(lang, |t| t.customer)}" "
                <input node_ref=customer data-testid="filter-customer" autocomplete="off" />
            </label>
            <label>{ct(lang, |t| t.from)}" "<input type="date" node_ref=from data-testid="filter-from" /></label>
            <label>{ct(lang, |t| t.to)}" "<input type="date" node_ref=to data-testid="filter-to" /></label>
            <label><input type="checkbox" node_ref=stuck data-testid="filter-stuck" />" "{ct(lang, |t| t.stuck)}</label>
            <button class="btn btn--primary" type="submit" data-testid="filter-apply">{ct(lang, |t| t.search)}</button>
            {move || problem.get().map(|p| view! { <p class="alert" role="alert">{p}</p> })}
        </form>
    }
}

/// The webhook inbox: what arrived, what it named, and what became of it.
#[component]
fn WebhookInbox(
    inbox: RwSignal<Option<Result<Vec<StaffWebhookView>, ServerError>>>,
    lang: Signal<Lang>,
) -> impl IntoView {
    view! {
        <h2>{ct(lang, |t| t.webhooks)}</h2>
        {move || inbox.with(|i| match i {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="alert" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="console-table" data-testid="console-webhooks">
                    <thead><tr>
                        <th>"#"</th><th>{ct(lang, |t| t.received)}</th><th>{ct(lang, |t| t.subject)}</th>
                        <th>{ct(lang, |t| t.attempts)}</th><th>{ct(lang, |t| t.outcome)}</th>
                    </tr></thead>
                    <tbody>
                        {list.iter().map(|w| {
                            let outcome = w.outcome.clone().unwrap_or_else(|| console_text(lang.get_untracked()).waiting.to_owned());
                            view! {
                                <tr data-testid="webhook-row">
                                    <td>{w.id}</td>
                                    <td><small>{kst_time(w.received_at)}</small></td>
                                    <td data-testid="webhook-subject">{w.subject.clone()}</td>
                                    <td>{w.attempts}</td>
                                    <td data-testid="webhook-outcome">{outcome}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        })}
    }
}

#[component]
fn Timeline(
    order: StaffOrderView,
    events: RwSignal<Vec<StaffEventView>>,
    message: RwSignal<Option<String>>,
    token: RwSignal<String>,
    api: StoredValue<String>,
    lang: Signal<Lang>,
    reloaded: impl Fn(OrderId) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = StoredValue::new(order.order.order_id.clone());
    // A deposited virtual account is refunded to an account staff enter (Toss's
    // `refundReceiveAccount`): there is no card to return the money to.
    let to_account = order.order.virtual_account.is_some();
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let bank = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let holder = RwSignal::new(String::new());
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
                console_text(lang.get_untracked()).bad_amount.to_owned(),
            ));
        }
    };
    let send = move |won: Option<u64>| {
        step.set(RefundStep::Sending);
        let request = CancelOrderRequest {
            reason: reason.get_untracked(),
            amount: won.and_then(|w| Amount::krw(w as i64).ok()),
            refund_account: to_account.then(|| RefundAccount {
                bank: bank.get_untracked().trim().to_owned(),
                account_number: account.get_untracked().trim().to_owned(),
                holder_name: holder.get_untracked().trim().to_owned(),
            }),
        };
        let (api, staff, order) = (api.get_value(), token.get_untracked(), id.get_value());
        let idem = key.get_value();
        spawn_local(async move {
            match refund(&api, &staff, &order, &idem, &request).await {
                Ok(after) => {
                    key.try_set_value(IdempotencyKey::generate());
                    message.try_set(Some(format!(
                        "{}: {}, {}",
                        console_text(lang.get_untracked()).refunded,
                        after.status.as_str(),
                        amount_text(after.balance, lang.get_untracked())
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
    let field = move |label: fn(&'static ConsoleText) -> &'static str,
                      testid: &'static str,
                      value: RwSignal<String>| {
        view! {
            <label>{ct(lang, label)}" "
                <input data-testid=testid prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };

    view! {
        <section class="console-order" data-testid="console-order">
            <h2>{ct(lang, |t| t.order)}" "<code>{id.get_value().to_string()}</code></h2>
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
                <label>{ct(lang, |t| t.refund_amount)}" "
                    <input inputmode="numeric" data-testid="refund-amount"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev)) />
                </label>
                {field(|t| t.reason, "refund-reason", reason)}
                {to_account.then(|| view! {
                    <fieldset class="console-account" data-testid="refund-account">
                        <legend>{ct(lang, |t| t.refund_to)}</legend>
                        {field(|t| t.bank_code, "refund-bank", bank)}
                        {field(|t| t.account_number, "refund-account-number", account)}
                        {field(|t| t.holder, "refund-holder", holder)}
                    </fieldset>
                })}
                {move || match step.get() {
                    RefundStep::Form => view! {
                        <button class="btn btn--primary" data-testid="refund-start" on:click=start>{ct(lang, |t| t.refund)}</button>
                    }.into_any(),
                    RefundStep::Confirm(won) => {
                        let t = console_text(lang.get());
                        view! {
                            <p data-testid="refund-question">
                                {match won {
                                    Some(w) => format!("{} {}?", t.refund_part, Amount::krw(w as i64).map_or_else(|_| w.to_string(), |a| amount_text(a, lang.get()))),
                                    None => t.refund_all.to_owned(),
                                }}
                            </p>
                            <button class="btn btn--primary" data-testid="refund-confirm" on:click=move |_| send(won)>{t.confirm_refund}</button>
                            <button class="btn" on:click=move |_| step.set(RefundStep::Form)>{t.back}</button>
                        }.into_any()
                    }
                    RefundStep::Sending => view! { <p>{ct(lang, |t| t.refunding)}</p> }.into_any(),
                }}
            </div>
            {move || message.get().map(|m| view! { <p role="status" data-testid="refund-result">{m}</p> })}
        </section>
    }
}
