//! BrandPay's bindings (`sdk::Brandpay`, `components::use_brandpay`) in headless Chromium
//! against the sandbox's SDK stand-in: each method's success path and its typed errors. The
//! stand-in's calls to the sandbox and to the merchant's redirectUrl are answered by a stubbed
//! `fetch` (these tests run without servers); the HTTP side is tested in `sandbox/tests` and
//! `server/tests/brandpay.rs`, and the whole in `tests/e2e_brandpay.rs`.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos_tosspayments::sdk::{
    BrandpayPaymentRequest, DEFAULT_TIMEOUT, RedirectUrl, SdkErrorCode, TossPayments,
};
use leptos_tosspayments::{Amount, ClientKey, CustomerKey, OrderId, OrderName};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn api_key() -> ClientKey {
    ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap()
}

/// Answers the stand-in's BrandPay calls: a registered customer with one-touch `one_touch`,
/// and the redirectUrl (`/callback`) with 200, or `redirect_status`.
fn stub_fetch(one_touch: bool, redirect_status: u16) {
    js_sys::eval(&format!(
        "window.__realFetch = window.__realFetch || window.fetch;
         window.__brandpayCalls = [];
         window.fetch = async (url, opts) => {{
           const u = String(url);
           const json = (v, s) => new Response(JSON.stringify(v), {{status: s || 200, headers: {{'Content-Type': 'application/json'}}}});
           if (u.includes('/sandbox/sdk/brandpay/')) window.__brandpayCalls.push(u.split('/sandbox/sdk/brandpay/')[1]);
           if (u.includes('/sandbox/sdk/brandpay/status'))
             return json({{methods: [{{id: 'bpm_1', alias: '샌드박스카드 1000'}}], oneTouch: {one_touch}, authorized: true, passwordChanges: 0}});
           if (u.includes('/sandbox/sdk/brandpay/register')) return json({{code: 'bpc_1', methodId: 'bpm_2'}});
           if (u.includes('/sandbox/sdk/brandpay/settings')) return json({{methods: [], oneTouch: true, authorized: true, passwordChanges: 1}});
           if (u.includes('/sandbox/sdk/brandpay/authenticate')) return json({{paymentKey: 'tsbx_wasm_brandpay_1'}});
           if (u.includes('/callback')) {{
             window.__brandpayCalls.push('callback:' + u.split('?')[1]);
             return json({{code: 'ACCESS_DENIED', message: 'not yours'}}, {redirect_status});
           }}
           return window.__realFetch(url, opts);
         }};"
    ))
    .unwrap();
}

fn calls() -> String {
    js_sys::eval("window.__brandpayCalls.join(' ')")
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// Clicks `testid` in the open sandbox window, once it is there.
async fn click_in_window(testid: &'static str) {
    let css = format!("[data-testid={testid}]");
    let document = web_sys::window().unwrap().document().unwrap();
    wait_until(testid, Duration::from_secs(10), || {
        document.query_selector(&css).ok().flatten().is_some()
    })
    .await;
    let button: web_sys::HtmlElement = document
        .query_selector(&css)
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
}

async fn sdk() -> TossPayments {
    TossPayments::load(&api_key(), &sdk_url(), DEFAULT_TIMEOUT)
        .await
        .unwrap()
}

fn request() -> BrandpayPaymentRequest {
    BrandpayPaymentRequest::new(
        Amount::krw(15_000).unwrap(),
        OrderId::parse("order-wasm-bp-01").unwrap(),
        OrderName::parse("토스 티셔츠").unwrap(),
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn a_guest_and_a_widget_key_are_refused_with_the_sdks_codes() {
    let toss = sdk().await;
    let guest = toss.brandpay(&CustomerKey::anonymous(), None).unwrap_err();
    assert_eq!(guest.code, SdkErrorCode::InvalidCustomerKey);
    let widget = TossPayments::load(&widget_key(), &sdk_url(), DEFAULT_TIMEOUT)
        .await
        .unwrap();
    let customer = CustomerKey::parse("cust-wasm-bp-1").unwrap();
    let refused = widget.brandpay(&customer, None).unwrap_err();
    assert_eq!(refused.code, SdkErrorCode::NotSupportedWidgetKey);
    // A dollar amount cannot even be asked for.
    let usd = BrandpayPaymentRequest::new(
        Amount::usd_cents(5_000).unwrap(),
        OrderId::parse("order-wasm-bp-02").unwrap(),
        OrderName::parse("토스 티셔츠").unwrap(),
    );
    assert!(usd.is_err());
}

#[wasm_bindgen_test]
async fn the_promise_form_resolves_with_the_payment_to_confirm() {
    stub_fetch(true, 200);
    let customer = CustomerKey::parse("cust-wasm-bp-1").unwrap();
    let brandpay = sdk().await.brandpay(&customer, None).unwrap();
    let result = with_click(
        brandpay.request_payment_promise(&request()),
        "sandbox-approve",
    )
    .await
    .unwrap();
    assert_eq!(result.payment_key.as_str(), "tsbx_wasm_brandpay_1");
    assert_eq!(result.order_id.as_str(), "order-wasm-bp-01");
    assert_eq!(result.amount, Amount::krw(15_000).unwrap());
    assert!(calls().contains("authenticate"), "{}", calls());
    // Closing the sheet is the buyer's cancel.
    let again = request();
    let closed = with_click(brandpay.request_payment_promise(&again), "sandbox-close").await;
    assert_eq!(closed.unwrap_err().code, SdkErrorCode::UserCancel);
}

#[wasm_bindgen_test]
async fn one_touch_password_settings_and_billing_auth() {
    stub_fetch(true, 200);
    let customer = CustomerKey::parse("cust-wasm-bp-1").unwrap();
    let brandpay = sdk().await.brandpay(&customer, None).unwrap();
    assert!(brandpay.is_one_touch_pay_enabled().await.unwrap());
    stub_fetch(false, 200);
    assert!(!brandpay.is_one_touch_pay_enabled().await.unwrap());
    let r = with_click(brandpay.change_one_touch_pay(), "sandbox-approve").await;
    r.unwrap();
    assert!(calls().contains("settings"), "{}", calls());
    let r = with_click(brandpay.change_password(), "sandbox-approve").await;
    r.unwrap();
    let r = with_click(brandpay.open_settings(), "sandbox-approve").await;
    r.unwrap();
    let r = with_click(brandpay.open_settings(), "sandbox-close").await;
    assert_eq!(r.unwrap_err().code, SdkErrorCode::UserCancel);
    let r = with_click(brandpay.request_billing_auth(), "sandbox-approve").await;
    r.unwrap();
}

#[wasm_bindgen_test]
async fn a_new_method_goes_through_the_redirect_url_and_its_refusal_is_typed() {
    let customer = CustomerKey::parse("cust-wasm-bp-1").unwrap();
    let toss = sdk().await;
    // Without a redirectUrl: BrandPay's NOT_REGISTERED_REDIRECT_URL.
    stub_fetch(true, 200);
    let bare = toss.brandpay(&customer, None).unwrap();
    let r = with_click(bare.add_payment_method(), "sandbox-approve").await;
    assert_eq!(r.unwrap_err().code, SdkErrorCode::NotRegisteredRedirectUrl);
    // With one: the code and the customer key go to it.
    let redirect = RedirectUrl::on_this_site("/callback").unwrap();
    let brandpay = toss.brandpay(&customer, Some(&redirect)).unwrap();
    let r = with_click(brandpay.add_payment_method(), "sandbox-approve").await;
    r.unwrap();
    assert!(
        calls().contains("callback:code=bpc_1&customerKey=cust-wasm-bp-1"),
        "{}",
        calls()
    );
    // The server refuses the code (another customer's session): the refusal's code comes back.
    stub_fetch(true, 403);
    let r = with_click(brandpay.add_payment_method(), "sandbox-approve").await;
    assert_eq!(
        r.unwrap_err().code,
        SdkErrorCode::from_code("ACCESS_DENIED")
    );
}

/// Awaits `call` while a task clicks `testid` in the window it opens.
async fn with_click<F: std::future::Future>(call: F, testid: &'static str) -> F::Output {
    wasm_bindgen_futures::spawn_local(click_in_window(testid));
    call.await
}
