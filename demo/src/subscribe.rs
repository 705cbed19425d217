//! `/subscribe`: registers a card for automatic billing (`requestBillingAuth`). The buyer's
//! customer key is their session's (the server signs the browser in as a guest).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::home::PLAN_ID;
use super::{
    Load, Problem, amount_tr, key_notice, loader, on_restore, problem_slot, signed_in, tr_shop,
};
use leptos_tosspayments::client::{list_products, portone_billing_issue, portone_config};
use leptos_tosspayments::components::{use_billing_auth, use_toss};
use leptos_tosspayments::domain::server_api::BillingView;
use leptos_tosspayments::portone::{Imp, RequestPayParams};
use leptos_tosspayments::sdk::{BillingAuthRequest, BillingMethod, RedirectUrl};
use leptos_tosspayments::{CustomerKey, KeyFamily};

#[component]
pub(crate) fn SubscribePage() -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    if config.client_key.family() != KeyFamily::ApiIndividual {
        return view! {
            <section class="narrow">
                <h1>{tr_shop(lang, |s| s.subscribe_heading)}</h1>
                {key_notice(KeyFamily::ApiIndividual, lang)}
            </section>
        }
        .into_any();
    }
    // The signed-in buyer's key (a server without sessions: a key for this visit only).
    let customer = RwSignal::new(None::<CustomerKey>);
    let api = config.api_base.clone();
    spawn_local(async move {
        let key = signed_in(&api).await.unwrap_or_else(CustomerKey::generate);
        customer.try_set(Some(key));
    });
    let shown_key = move || customer.get().map(|k| k.to_string());
    let api = config.api_base.clone();
    let (products, _) = loader(move || {
        let api = api.clone();
        Box::pin(async move { list_products(&api).await })
    });
    let plan = move || {
        products.with(|p| match p {
            Load::Ready(list) => list.iter().find(|p| p.id == PLAN_ID).map(|p| {
                let (name, price) = (p.name.clone(), amount_tr(lang, p.price));
                view! {
                    <p class="plan" data-testid="plan">
                        <span class="plan__name">{name}</span>
                        <span class="plan__price">{price}<span class="muted small">" / "{tr_shop(lang, |s| s.per_month)}</span></span>
                    </p>
                }
            }),
            _ => None,
        })
    };

    let api_base = StoredValue::new(config.api_base.clone());
    let billing = use_billing_auth();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    on_restore(move || busy.set(false));
    let register = move |_| {
        let Some(customer) = customer.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        problem.set(None);
        let urls = RedirectUrl::on_this_site("/billing/success")
            .and_then(|s| RedirectUrl::on_this_site("/fail?from=subscribe").map(|f| (s, f)));
        let (success, fail) = match urls {
            Ok(urls) => urls,
            Err(e) => return problem.set(Some(Problem::Plain(e.to_string()))),
        };
        busy.set(true);
        let request = BillingAuthRequest::new(BillingMethod::Card, success, fail);
        spawn_local(async move {
            // Returns only on failure: on success the browser goes to the successUrl.
            if let Err(e) = billing.request(&customer, &request).await {
                busy.try_set(false);
                problem.try_set(Some(Problem::Checkout(e)));
            }
        });
    };

    // The same subscription through PortOne: its billing window registers the card under the
    // customer's customer_uid, the server keeps it, and the charge button charges it.
    let portone_method = RwSignal::new(None::<BillingView>);
    let register_portone = move |_| {
        let Some(customer) = customer.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        problem.set(None);
        busy.set(true);
        let api = api_base.get_value();
        let name = tr_shop(lang, |s| s.register_card_portone)().to_owned();
        spawn_local(async move {
            match register_with_portone(&api, &customer, &name).await {
                Ok(method) => {
                    portone_method.try_set(Some(method));
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };

    view! {
        <section class="narrow" aria-labelledby="subscribe-heading">
            <h1 id="subscribe-heading">{tr_shop(lang, |s| s.subscribe_heading)}</h1>
            <p class="lead">{tr_shop(lang, |s| s.subscribe_intro)}</p>
            <div class="card">
                {plan}
                <dl class="details">
                    <div>
                        <dt>{tr_shop(lang, |s| s.customer_key)}</dt>
                        <dd><code data-testid="customer-key">{shown_key}</code></dd>
                    </div>
                </dl>
                {problem_slot(problem, lang)}
                <button
                    type="button"
                    class="btn btn--primary btn--block btn--lg"
                    data-testid="register-card"
                    aria-disabled=move || (busy.get() || customer.with(Option::is_none)).to_string()
                    aria-busy=move || busy.get().to_string()
                    on:click=register
                >
                    <Show when=move || busy.get()>
                        <span class="tps-spinner" aria-hidden="true"></span>
                    </Show>
                    {tr_shop(lang, |s| s.register_card)}
                </button>
                <button
                    type="button"
                    class="btn btn--ghost btn--block"
                    data-testid="register-card-portone"
                    aria-disabled=move || (busy.get() || customer.with(Option::is_none)).to_string()
                    on:click=register_portone
                >
                    {tr_shop(lang, |s| s.register_card_portone)}
                </button>
            </div>
            <super::billing::ChargePanel registered=portone_method />
        </section>
    }
    .into_any()
}

/// PortOne's billing window for `customer`, then the server keeps the key it issued.
async fn register_with_portone(
    api: &str,
    customer: &CustomerKey,
    name: &str,
) -> Result<BillingView, Problem> {
    let config = portone_config(api).await.map_err(Problem::Server)?;
    let imp = Imp::load(
        &config.sdk_url,
        &config.merchant_code,
        std::time::Duration::from_secs(20),
    )
    .await
    .map_err(|e| Problem::Plain(e.to_string()))?;
    let mut params = RequestPayParams::for_billing(customer, name);
    params.pg = config.pg;
    let answer = imp
        .request_pay(&params)
        .await
        .map_err(|e| Problem::Plain(e.to_string()))?;
    if answer.failed() {
        return Err(Problem::Plain(answer.error_msg.unwrap_or_default()));
    }
    portone_billing_issue(api, customer)
        .await
        .map_err(Problem::Server)
}
