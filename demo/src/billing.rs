//! `/billing/success`: the billing-auth successUrl. Once the server holds the billing key, a
//! button charges one month of the plan as a new order.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::home::PLAN_ID;
use super::{Problem, amount_tr, order_href, problem_slot, status_tr, tr, tr_shop};
use leptos_tosspayments::IdempotencyKey;
use leptos_tosspayments::client::charge_billing;
use leptos_tosspayments::components::{BillingSuccess, use_toss};
use leptos_tosspayments::domain::server_api::{
    BillingView, CartLine, ChargeBillingRequest, OrderView,
};

#[component]
pub(crate) fn BillingSuccessPage() -> impl IntoView {
    let registered = RwSignal::new(None::<BillingView>);
    let on_registered = Callback::new(move |billing: BillingView| registered.set(Some(billing)));
    view! {
        <section class="narrow">
            <div class="card">
                <BillingSuccess back_href="/subscribe" on_registered=on_registered />
            </div>
            <ChargePanel registered=registered />
        </section>
    }
}

/// Once a billing method is registered (Toss's or PortOne's), the button that charges one
/// month of the plan as a new order, and the order it made.
#[component]
pub(crate) fn ChargePanel(registered: RwSignal<Option<BillingView>>) -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    let api = StoredValue::new(config.api_base);
    let charging = RwSignal::new(false);
    // One key per charge the buyer means: a click again after an error repeats it (the
    // server answers with the same order), a successful charge takes a new one.
    let charge_key = StoredValue::new(IdempotencyKey::generate());
    let charged = RwSignal::new(None::<OrderView>);
    let problem = RwSignal::new(None::<Problem>);
    let charge = move |_| {
        let Some(billing) = registered.get_untracked() else {
            return;
        };
        if charging.get_untracked() {
            return;
        }
        charging.set(true);
        problem.set(None);
        let request = ChargeBillingRequest {
            customer_key: billing.customer_key,
            lines: vec![CartLine {
                product_id: PLAN_ID.to_owned(),
                quantity: 1,
            }],
        };
        let api = api.get_value();
        spawn_local(async move {
            let key = charge_key.get_value();
            // The session (the registered customer's) opens the method: no token needed.
            match charge_billing(&api, None, &key, &request).await {
                Ok(order) => {
                    charge_key.try_set_value(IdempotencyKey::generate());
                    charged.try_set(Some(order));
                }
                Err(e) => {
                    problem.try_set(Some(Problem::Server(e)));
                }
            }
            charging.try_set(false);
        });
    };

    let result = move || {
        charged.get().map(|order| {
            let href = order_href(order.order_id.as_str());
            view! {
                <div class="result" data-testid="charged">
                    <h2>{tr_shop(lang, |s| s.charged)}</h2>
                    <dl class="details">
                        <div><dt>{tr(lang, |t| t.order_name)}</dt><dd>{order.order_name.to_string()}</dd></div>
                        <div><dt>{tr_shop(lang, |s| s.amount)}</dt><dd data-testid="charged-amount">{amount_tr(lang, order.amount)}</dd></div>
                        <div>
                            <dt>{tr_shop(lang, |s| s.status_label)}</dt>
                            <dd>
                                {status_tr(lang, order.status)}" "
                                <code data-testid="order-status">{order.status.as_str()}</code>
                            </dd>
                        </div>
                    </dl>
                    <div class="actions">
                        <a class="btn btn--primary" href=href data-testid="order-link">{tr(lang, |t| t.view_order)}</a>
                        // The next month: a new charge (a new Idempotency-Key was taken).
                        <button
                            type="button"
                            class="btn btn--ghost"
                            data-testid="charge-again"
                            on:click=move |_| charged.set(None)
                        >
                            {tr_shop(lang, |s| s.charge_again)}
                        </button>
                    </div>
                </div>
            }
        })
    };

    view! {
        <Show when=move || registered.with(Option::is_some)>
                <div class="card" aria-live="polite">
                    <Show when=move || charged.with(Option::is_none)>
                        {problem_slot(problem, lang)}
                        <button
                            type="button"
                            class="btn btn--primary btn--block btn--lg"
                            data-testid="charge"
                            aria-disabled=move || charging.get().to_string()
                            aria-busy=move || charging.get().to_string()
                            on:click=charge
                        >
                            {move || {
                                if charging.get() {
                                    view! {
                                        <span class="tps-spinner" aria-hidden="true"></span>
                                        {tr_shop(lang, |s| s.charging)}
                                    }
                                        .into_any()
                                } else {
                                    tr_shop(lang, |s| s.charge).into_any()
                                }
                            }}
                        </button>
                    </Show>
                    {result}
                </div>
        </Show>
    }
}
