//! The promise forms of `widgets().requestPayment` and `payment().requestPayment`, and
//! `payment().destroy()`, in headless Chromium against the sandbox's SDK stand-in (its call to
//! the sandbox answered by a stubbed `fetch`: these tests run without servers).
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos_tosspayments::domain::redirect::PaymentType;
use leptos_tosspayments::sdk::{
    DEFAULT_TIMEOUT, PaymentWindowRequest, SdkErrorCode, TossPayments, WidgetPaymentRequest,
    WindowMethod,
};
use leptos_tosspayments::{Amount, ClientKey, CustomerKey, OrderId, OrderName};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The sandbox answers every authentication with `tsbx_promise_1`.
fn stub_fetch() {
    js_sys::eval(
        "window.__realFetch = window.__realFetch || window.fetch;
         window.fetch = async (url, opts) => {
           if (String(url).includes('/sandbox/sdk/authenticate'))
             return new Response(JSON.stringify({paymentKey: 'tsbx_promise_1'}), {status: 200});
           return window.__realFetch(url, opts);
         };",
    )
    .unwrap();
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn click(testid: &'static str) {
    let css = format!("[data-testid={testid}]");
    wait_until(testid, Duration::from_secs(10), || {
        document().query_selector(&css).ok().flatten().is_some()
    })
    .await;
    let el: web_sys::HtmlElement = document()
        .query_selector(&css)
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.click();
}

/// Awaits `call` while a task clicks `testid` in the window it opens.
async fn with_click<F: std::future::Future>(call: F, testid: &'static str) -> F::Output {
    wasm_bindgen_futures::spawn_local(click(testid));
    call.await
}

fn api_key() -> ClientKey {
    ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap()
}

fn order() -> (OrderId, OrderName) {
    (
        OrderId::parse("order-promise-01").unwrap(),
        OrderName::parse("토스 티셔츠").unwrap(),
    )
}

#[wasm_bindgen_test]
async fn the_widget_resolves_with_a_normal_payment_to_confirm() {
    stub_fetch();
    let toss = TossPayments::load(&widget_key(), &sdk_url(), DEFAULT_TIMEOUT)
        .await
        .unwrap();
    let widgets = toss.widgets(&CustomerKey::anonymous()).unwrap();
    widgets
        .set_amount(Amount::krw(23_000).unwrap())
        .await
        .unwrap();
    let (methods, agreement) = (container(), container());
    methods.set_id("promise-methods");
    agreement.set_id("promise-agreement");
    let _m = widgets
        .render_payment_methods("#promise-methods", None)
        .await
        .unwrap();
    let _a = widgets
        .render_agreement("#promise-agreement", Some("AGREEMENT"))
        .await
        .unwrap();
    click("sandbox-agreement").await;
    let (id, name) = order();
    let request = WidgetPaymentRequest::awaiting(id, name);
    let result = with_click(widgets.request_payment_promise(&request), "sandbox-approve")
        .await
        .unwrap();
    assert_eq!(result.payment_key.as_str(), "tsbx_promise_1");
    assert_eq!(result.payment_type, Some(PaymentType::Normal));
    assert_eq!(result.amount, Amount::krw(23_000).unwrap());
    let confirm = result.confirm_request();
    assert_eq!(
        (confirm.order_id.as_str(), confirm.payment_type),
        ("order-promise-01", Some(PaymentType::Normal))
    );
    // Nothing navigated: the page is still here.
    assert!(
        document()
            .query_selector("#promise-methods")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn the_payment_window_resolves_and_destroy_aborts_an_open_request() {
    stub_fetch();
    let toss = TossPayments::load(&api_key(), &sdk_url(), DEFAULT_TIMEOUT)
        .await
        .unwrap();
    let payment = toss.payment(&CustomerKey::anonymous()).unwrap();
    let (id, name) = order();
    let request =
        PaymentWindowRequest::awaiting(WindowMethod::Card, Amount::krw(9_000).unwrap(), id, name);
    let result = with_click(payment.request_payment_promise(&request), "sandbox-approve")
        .await
        .unwrap();
    assert_eq!(result.payment_key.as_str(), "tsbx_promise_1");
    assert_eq!(
        result.payment_type, None,
        "the payment window names no paymentType"
    );

    // destroy() closes the open window; the pending request rejects as aborted.
    let pending = payment.clone();
    let aborting = async move {
        click_wait_open().await;
        pending.destroy().await.unwrap();
    };
    wasm_bindgen_futures::spawn_local(aborting);
    let aborted = payment.request_payment_promise(&request).await.unwrap_err();
    assert_eq!(aborted.code, SdkErrorCode::PaymentRequestAborted);
    assert!(
        document()
            .query_selector("[data-testid=sandbox-payment-window]")
            .unwrap()
            .is_none()
    );
    // With nothing open, destroy() is a no-op (the stand-in's reading of the d.ts).
    payment.destroy().await.unwrap();
}

/// Waits until the payment window is open.
async fn click_wait_open() {
    wait_until("the payment window", Duration::from_secs(10), || {
        document()
            .query_selector("[data-testid=sandbox-payment-window]")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
}
