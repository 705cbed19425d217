//! `/brandpay`: Toss BrandPay for the signed-in buyer: pay for the demo cart in the BrandPay
//! sheet (registering a card the first time), and manage the buyer's BrandPay: another
//! method, the password, the settings, one-touch pay.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::window::demo_cart;
use super::{Problem, key_notice, on_restore, problem_slot, signed_in, tr_shop};
use leptos_tosspayments::client::create_order;
use leptos_tosspayments::components::{BrandpayHandle, CheckoutError, use_brandpay, use_toss};
use leptos_tosspayments::domain::server_api::paths;
use leptos_tosspayments::sdk::{BrandpayPaymentRequest, RedirectUrl, SdkErrorCode};
use leptos_tosspayments::{CustomerKey, KeyFamily};

#[component]
pub(crate) fn BrandpayPage() -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    if config.client_key.family() != KeyFamily::ApiIndividual {
        return view! {
            <section class="narrow">
                <h1>{tr_shop(lang, |s| s.brandpay_heading)}</h1>
                {key_notice(KeyFamily::ApiIndividual, lang)}
            </section>
        }
        .into_any();
    }
    // BrandPay is for a signed-in customer: the demo's guest session.
    let customer = RwSignal::new(None::<Option<CustomerKey>>);
    let api = config.api_base.clone();
    spawn_local(async move {
        customer.try_set(Some(signed_in(&api).await));
    });
    view! {
        <section class="narrow" aria-labelledby="brandpay-heading">
            <h1 id="brandpay-heading">{tr_shop(lang, |s| s.brandpay_heading)}</h1>
            <p class="lead">{tr_shop(lang, |s| s.brandpay_intro)}</p>
            {move || match customer.get() {
                None => ().into_any(),
                Some(None) => view! {
                    <p class="alert" role="alert" data-testid="brandpay-needs-sign-in">
                        {tr_shop(lang, |s| s.brandpay_needs_sign_in)}
                    </p>
                }
                .into_any(),
                Some(Some(key)) => view! { <BrandpayPanel customer=key /> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

/// One of the management calls of [`BrandpayHandle`], boxed.
type ManageOp =
    fn(
        BrandpayHandle,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), CheckoutError>>>>;

/// The buyer's BrandPay: pay, and manage it.
#[component]
fn BrandpayPanel(customer: CustomerKey) -> impl IntoView {
    let config = use_toss();
    let lang = config.lang;
    let api = StoredValue::new(config.api_base.clone());
    // Where BrandPay sends the buyer's authorization code: the companion server, which
    // exchanges it for this signed-in customer only.
    let redirect = RedirectUrl::on_this_site(paths::BRANDPAY_CALLBACK).ok();
    let brandpay = use_brandpay(customer, redirect);
    let paying = RwSignal::new(false);
    let one_touch = RwSignal::new(None::<bool>);
    let problem = RwSignal::new(None::<Problem>);
    on_restore(move || paying.set(false));

    let check_one_touch = move || {
        spawn_local(async move {
            // A buyer who never registered has not agreed to BrandPay's terms yet.
            let on = brandpay.is_one_touch_pay_enabled().await.ok();
            one_touch.try_set(on);
        });
    };
    check_one_touch();

    let pay = move |_| {
        if paying.get_untracked() {
            return;
        }
        paying.set(true);
        problem.set(None);
        let api = api.get_value();
        spawn_local(async move {
            let failed = |p: Problem| {
                paying.try_set(false);
                problem.try_set(Some(p));
            };
            let order = match create_order(&api, &demo_cart()).await {
                Ok(order) => order,
                Err(e) => return failed(Problem::Server(e)),
            };
            let urls = RedirectUrl::on_this_site("/success")
                .and_then(|s| RedirectUrl::on_this_site("/fail?from=brandpay").map(|f| (s, f)));
            let (success, fail) = match urls {
                Ok(urls) => urls,
                Err(e) => return failed(Problem::Plain(e.to_string())),
            };
            let request =
                match BrandpayPaymentRequest::new(order.amount, order.order_id, order.order_name) {
                    Ok(request) => request.redirecting(success, fail),
                    Err(e) => return failed(Problem::Plain(e.to_string())),
                };
            // Returns only on failure: on success the browser goes to the success page.
            if let Err(e) = brandpay.request_payment(&request).await {
                failed(Problem::Checkout(e));
            }
        });
    };
    let manage = move |op: ManageOp| {
        move |_| {
            problem.set(None);
            spawn_local(async move {
                match op(brandpay).await {
                    Ok(()) => {}
                    // Closing BrandPay's window is the buyer's choice, not a problem.
                    Err(e) if e.sdk_code() == Some(&SdkErrorCode::UserCancel) => {}
                    Err(e) => {
                        problem.try_set(Some(Problem::Checkout(e)));
                    }
                }
                check_one_touch();
            });
        }
    };
    let one_touch_text = move || match one_touch.get() {
        Some(true) => tr_shop(lang, |s| s.brandpay_one_touch_on)(),
        Some(false) => tr_shop(lang, |s| s.brandpay_one_touch_off)(),
        None => tr_shop(lang, |s| s.brandpay_not_registered)(),
    };
    let state = move || match one_touch.get() {
        Some(true) => "on",
        Some(false) => "off",
        None => "unregistered",
    };

    view! {
        <div class="card">
            {problem_slot(problem, lang)}
            <button
                type="button"
                class="btn btn--primary btn--block btn--lg"
                data-testid="brandpay-pay"
                aria-busy=move || paying.get().to_string()
                disabled=move || paying.get() || brandpay.busy()
                on:click=pay
            >
                {tr_shop(lang, |s| s.brandpay_pay)}
            </button>
        </div>
        <section class="card" aria-labelledby="brandpay-manage">
            <h2 id="brandpay-manage">{tr_shop(lang, |s| s.brandpay_manage)}</h2>
            <p data-testid="brandpay-one-touch-state" data-state=state>{one_touch_text}</p>
            <div class="actions">
                <button type="button" class="btn" data-testid="brandpay-add"
                    on:click=manage(|b| Box::pin(async move { b.add_payment_method().await }))>
                    {tr_shop(lang, |s| s.brandpay_add)}
                </button>
                <button type="button" class="btn" data-testid="brandpay-one-touch"
                    on:click=manage(|b| Box::pin(async move { b.change_one_touch_pay().await }))>
                    {tr_shop(lang, |s| s.brandpay_one_touch)}
                </button>
                <button type="button" class="btn" data-testid="brandpay-password"
                    on:click=manage(|b| Box::pin(async move { b.change_password().await }))>
                    {tr_shop(lang, |s| s.brandpay_password)}
                </button>
                <button type="button" class="btn" data-testid="brandpay-settings"
                    on:click=manage(|b| Box::pin(async move { b.open_settings().await }))>
                    {tr_shop(lang, |s| s.brandpay_settings)}
                </button>
            </div>
        </section>
    }
}
