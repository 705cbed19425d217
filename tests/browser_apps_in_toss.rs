//! `apps_in_toss::AppsInTossBridge` in headless Chromium against the sandbox's bridge stand-in
//! (`sandbox/assets/apps-in-toss.js`, which plays the Toss app behind
//! `@apps-in-toss/web-bridge`'s protocol); its call to the sandbox answered by a stubbed
//! `fetch` (these tests run without servers).
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos_tosspayments::apps_in_toss::{AppsInTossBridge, BridgeError, CheckoutPaymentResult};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BRIDGE: &str = include_str!("../sandbox/assets/apps-in-toss.js");

/// Loads the stand-in once, and answers its approval call with `status`.
async fn bridge(status: u16) -> AppsInTossBridge {
    js_sys::eval(&format!(
        "window.__realFetch = window.__realFetch || window.fetch;
         window.fetch = async (url, opts) => {{
           if (String(url).includes('/sandbox/apps-in-toss/approve'))
             return new Response(JSON.stringify({status} === 200 ? {{payStatus: 'PAY_APPROVED'}} : {{message: 'no such payToken'}}), {{status: {status}}});
           return window.__realFetch(url, opts);
         }};"
    ))
    .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    if document
        .query_selector("script[data-apps-in-toss]")
        .unwrap()
        .is_none()
    {
        let tag = document.create_element("script").unwrap();
        tag.set_attribute("data-apps-in-toss", "").unwrap();
        tag.set_attribute("src", &script_url(BRIDGE)).unwrap();
        document.body().unwrap().append_child(&tag).unwrap();
    }
    wait_until("the bridge stand-in", Duration::from_secs(10), || {
        AppsInTossBridge::from_global("AppsInTossSandbox.checkoutPayment").is_ok()
    })
    .await;
    AppsInTossBridge::from_global("AppsInTossSandbox.checkoutPayment").unwrap()
}

async fn click(testid: &'static str) {
    let css = format!("[data-testid={testid}]");
    let document = web_sys::window().unwrap().document().unwrap();
    wait_until(testid, Duration::from_secs(10), || {
        document.query_selector(&css).ok().flatten().is_some()
    })
    .await;
    let el: web_sys::HtmlElement = document
        .query_selector(&css)
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.click();
}

#[wasm_bindgen_test]
async fn an_approval_is_success_and_a_close_is_a_reason_never_a_payment() {
    let bridge = bridge(200).await;
    wasm_bindgen_futures::spawn_local(click("sandbox-approve"));
    let approved = bridge.checkout_payment("tptApprovedToken01").await.unwrap();
    assert_eq!(
        approved,
        CheckoutPaymentResult {
            success: true,
            reason: None
        }
    );
    wasm_bindgen_futures::spawn_local(click("sandbox-cancel"));
    let closed = bridge.checkout_payment("tptApprovedToken02").await.unwrap();
    assert!(!closed.success);
    assert!(closed.reason.is_some_and(|r| !r.is_empty()));
    // A payToken the sandbox does not know: not authenticated, with the sandbox's reason.
    let unknown = self::bridge(404).await;
    wasm_bindgen_futures::spawn_local(click("sandbox-approve"));
    let refused = unknown.checkout_payment("tptUnknown").await.unwrap();
    assert_eq!(refused.reason.as_deref(), Some("no such payToken"));
    assert!(!refused.success);
}

#[wasm_bindgen_test]
async fn outside_the_toss_app_the_bridge_rejects_and_a_missing_one_is_named() {
    assert!(matches!(
        AppsInTossBridge::from_global("NoSuchBridge.checkoutPayment"),
        Err(BridgeError::Missing(_))
    ));
    // The real module in a plain browser: its promise rejects.
    let outside = js_sys::Function::new_no_args(
        "return Promise.reject(new Error('ReactNativeWebView is not available in browser environment'));",
    );
    let err = AppsInTossBridge::new(outside)
        .checkout_payment("tptOutside")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        BridgeError::Rejected(
            "ReactNativeWebView is not available in browser environment".to_owned()
        )
    );
    // A call shaped as the d.ts says: { params: { payToken } }.
    let echo = js_sys::Function::new_with_args(
        "options",
        "return Promise.resolve({success: options.params.payToken === 'tptShape', reason: JSON.stringify(options)});",
    );
    let shaped = AppsInTossBridge::new(echo)
        .checkout_payment("tptShape")
        .await
        .unwrap();
    assert!(shaped.success, "{:?}", shaped.reason);
}

/// Stubs the companion server's two Apps-in-Toss routes under `http://ait.test`: the checkout
/// answers a payToken, the execute `execute_status` with `execute_body`; counts the executes.
fn stub_server(execute_status: u16, execute_body: &str) {
    js_sys::eval(&format!(
        "window.__realFetch = window.__realFetch || window.fetch;
         window.__executes = 0;
         window.fetch = async (url, opts) => {{
           const u = String(url instanceof Request ? url.url : url);
           if (u === 'http://ait.test/api/apps-in-toss/checkout')
             return new Response(JSON.stringify({{orderId: 'order-ait-1', payToken: 'tptComponent01'}}), {{status: 200}});
           if (u === 'http://ait.test/api/apps-in-toss/execute') {{
             window.__executes += 1;
             return new Response({execute_body:?}, {{status: {execute_status}}});
           }}
           return window.__realFetch(url, opts);
         }};"
    ))
    .unwrap();
}

fn executes() -> f64 {
    js_sys::eval("window.__executes").unwrap().as_f64().unwrap()
}

/// A bridge that resolves `answer` (a JS expression) without any sheet.
fn answering(answer: &str) -> AppsInTossBridge {
    AppsInTossBridge::new(js_sys::Function::new_no_args(&format!(
        "return Promise.resolve({answer});"
    )))
}

/// Mounts `<AppsInTossCheckout>` for `order-ait-1` with `bridge` and clicks its button.
async fn pay_in_toss(bridge: AppsInTossBridge) -> web_sys::HtmlElement {
    use leptos::prelude::*;
    use leptos_tosspayments::components::{AppsInTossCheckout, TossProvider};
    use leptos_tosspayments::messages::Lang;
    let el = container();
    let order_id = leptos_tosspayments::OrderId::parse("order-ait-1").unwrap();
    let mount = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <TossProvider client_key=widget_key() api_base="http://ait.test" lang=Lang::En>
                <AppsInTossCheckout order_id=order_id bridge=bridge />
            </TossProvider>
        }
    });
    std::mem::forget(mount);
    wait_until("the button", Duration::from_secs(10), || {
        count(&el, "[data-testid=pay-in-toss]") == 1
    })
    .await;
    let button: web_sys::HtmlElement = el
        .query_selector("[data-testid=pay-in-toss]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    el
}

#[wasm_bindgen_test]
async fn the_component_shows_the_servers_verdict_never_the_sheets_success() {
    // The sheet says success; the server refuses (the amount differs): not paid.
    stub_server(
        409,
        r#"{"code":"AMOUNT_MISMATCH","message":"the payment's amount differs from the order's"}"#,
    );
    let el = pay_in_toss(answering("{success: true}")).await;
    wait_until("the refusal", Duration::from_secs(10), || {
        count(&el, "[data-testid=confirm-failed]") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=confirmed]"), 0);
    assert!(el.text_content().unwrap().contains("amount differs"));
    assert_eq!(executes(), 1.0);

    // The server executed it: the server's order is shown as paid.
    stub_server(
        200,
        r#"{"orderId":"order-ait-1","orderName":"티셔츠 외 1건","amount":{"value":23000,"currency":"KRW"},
            "balance":{"value":23000,"currency":"KRW"},"status":"paid","method":"토스페이"}"#,
    );
    let el = pay_in_toss(answering("{success: true}")).await;
    wait_until("the paid order", Duration::from_secs(10), || {
        count(&el, "[data-testid=confirmed]") == 1
    })
    .await;
    assert!(el.text_content().unwrap().contains("23,000"));
}

#[wasm_bindgen_test]
async fn a_closed_sheet_shows_tosss_reason_as_it_is_and_executes_nothing() {
    stub_server(500, "{}");
    let el = pay_in_toss(answering(
        "{success: false, reason: '사용자가 결제를 취소했어요 (E42)'}",
    ))
    .await;
    wait_until("the reason", Duration::from_secs(10), || {
        count(&el, "[data-testid=in-toss-reason]") == 1
    })
    .await;
    assert_eq!(
        el.query_selector("[data-testid=in-toss-reason]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "사용자가 결제를 취소했어요 (E42)"
    );
    assert_eq!(executes(), 0.0, "a closed sheet is never executed");
    assert_eq!(
        count(&el, "[data-testid=pay-in-toss]"),
        1,
        "it can be tried again"
    );
}
