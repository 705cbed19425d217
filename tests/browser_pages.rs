//! The successUrl and failUrl pages in headless Chromium: they read the address into typed
//! values, refuse malformed ones, explain failures by code and never confirm on failUrl.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos::prelude::*;
use leptos_tosspayments::components::{
    BillingSuccess, PaymentFail, PaymentSuccess, TossProvider, use_billing_auth, use_payment_window,
};
use leptos_tosspayments::messages::Lang;
use leptos_tosspayments::sdk::{
    BillingAuthRequest, BillingMethod, PaymentWindowRequest, RedirectUrl, SdkErrorCode,
    WindowMethod,
};
use leptos_tosspayments::{Amount, ClientKey, CustomerKey, OrderId, OrderName};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn success_page_refuses_a_malformed_address() {
    for query in [
        "?paymentType=NORMAL&orderId=order-0001&paymentKey=pk&amount=-100",
        "?paymentType=NORMAL&orderId=bad id&paymentKey=pk&amount=100",
        "?orderId=order-0001&amount=100",
        "?paymentType=NORMAL&orderId=order-0001&paymentKey=pk&amount=1.5",
    ] {
        set_query(query);
        let el = container();
        let _m = leptos::mount::mount_to(el.clone(), || {
            view! {
                <TossProvider client_key=widget_key() lang=Lang::En><PaymentSuccess checkout_href="/checkout" /></TossProvider>
            }
        });
        let shown = text(&el);
        assert!(shown.contains("not valid"), "{query}: {shown}");
        assert_eq!(
            count(&el, "[data-testid=confirming]"),
            0,
            "{query}: nothing is sent to the server"
        );
    }
}

#[wasm_bindgen_test]
async fn success_page_shows_progress_then_a_server_failure_with_retry() {
    set_query("?paymentType=NORMAL&orderId=order-0001&paymentKey=pk_123&amount=15000");
    let el = container();
    // No server listens on port 9: the confirm fails as a network error.
    let _m = leptos::mount::mount_to(el.clone(), || {
        view! {
            <TossProvider client_key=widget_key() api_base="http://127.0.0.1:9" lang=Lang::En>
                <PaymentSuccess checkout_href="/checkout" />
            </TossProvider>
        }
    });
    sleep(0).await;
    let failed = || count(&el, "[data-testid=confirm-failed]") == 1;
    wait_until("the confirm failure", Duration::from_secs(10), failed).await;
    let shown = text(&el);
    assert!(shown.contains("could not be reached"), "{shown}");
    assert!(
        shown.contains("Try again") && shown.contains("Back to checkout"),
        "{shown}"
    );
    assert!(
        !shown.contains("15,000"),
        "the address's amount is never shown as paid: {shown}"
    );
}

#[wasm_bindgen_test]
async fn fail_page_explains_the_code_in_both_languages() {
    set_query(
        "?code=REJECT_CARD_COMPANY&message=%EC%B9%B4%EB%93%9C%EC%82%AC+%EA%B1%B0%EC%A0%88&orderId=order-0001",
    );
    let el = container();
    let _m = leptos::mount::mount_to(el.clone(), || {
        view! {
            <TossProvider client_key=widget_key()><PaymentFail retry_href="/checkout" /></TossProvider>
        }
    });
    let shown = text(&el);
    assert!(shown.contains("카드사에서 결제를 거절했어요"), "{shown}");
    assert!(
        shown.contains("카드사 거절"),
        "Toss's message is shown too: {shown}"
    );
    assert!(shown.contains("order-0001"));
    let retry = el.query_selector("[data-testid=retry]").unwrap().unwrap();
    assert_eq!(retry.get_attribute("href").as_deref(), Some("/checkout"));

    set_query("?code=PAY_PROCESS_CANCELED&message=cancelled&orderId=order-0001");
    let el = container();
    let _m = leptos::mount::mount_to(el.clone(), || {
        view! {
            <TossProvider client_key=widget_key() lang=Lang::En><PaymentFail /></TossProvider>
        }
    });
    assert!(
        text(&el).contains("You cancelled the payment."),
        "{}",
        text(&el)
    );
}

/// The redirect pages never load the SDK: they work without a provider, so without a client
/// key, in Korean and against the page's own origin.
#[wasm_bindgen_test]
async fn redirect_pages_work_without_a_provider_or_client_key() {
    set_query("?code=PAY_PROCESS_CANCELED&message=x&orderId=order-0001");
    let el = container();
    let _m = leptos::mount::mount_to(
        el.clone(),
        || view! { <PaymentFail retry_href="/checkout" /> },
    );
    assert!(text(&el).contains("결제를 취소하셨어요"), "{}", text(&el));
    set_query("?orderId=order-0001&amount=100");
    let el = container();
    let _m = leptos::mount::mount_to(el.clone(), || view! { <PaymentSuccess /> });
    assert!(
        text(&el).contains("결제 정보가 올바르지 않아요"),
        "{}",
        text(&el)
    );
}

/// Toss's public API-individual test key (the payment window and billing).
fn api_key() -> ClientKey {
    ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap()
}

/// The billing successUrl page refuses an address without `authKey` and sends nothing.
#[wasm_bindgen_test]
async fn billing_success_refuses_a_malformed_address() {
    set_query("?customerKey=customer-7f3a9c");
    let el = container();
    let _m = leptos::mount::mount_to(
        el.clone(),
        || view! { <BillingSuccess back_href="/subscribe" /> },
    );
    assert!(
        text(&el).contains("결제 정보가 올바르지 않아요"),
        "{}",
        text(&el)
    );
    assert_eq!(count(&el, "[data-testid=billing-registered]"), 0);
}

/// `use_payment_window` opens the SDK's window, says it is busy, and keeps how the request
/// ended when the buyer closes the window.
#[wasm_bindgen_test]
async fn the_payment_window_hook_keeps_its_state() {
    let el = container();
    let (tx, rx) = std::sync::mpsc::channel();
    let _m = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <TossProvider client_key=api_key() sdk_url=sdk_url()>
                {
                    tx.send(use_payment_window()).unwrap();
                    view! { <p>"window"</p> }
                }
            </TossProvider>
        }
    });
    let window = rx.recv().unwrap();
    let request = PaymentWindowRequest::new(
        WindowMethod::Card,
        Amount::krw(12_000).unwrap(),
        OrderId::parse("order-window-01").unwrap(),
        OrderName::parse("창 결제").unwrap(),
        RedirectUrl::on_this_site("/success").unwrap(),
        RedirectUrl::on_this_site("/fail").unwrap(),
    );
    leptos::task::spawn_local(async move {
        let _ = window
            .request_payment(&CustomerKey::anonymous(), &request)
            .await;
    });
    let document = web_sys::window().unwrap().document().unwrap();
    let opened = || {
        document
            .query_selector("[data-testid=sandbox-close]")
            .ok()
            .flatten()
            .is_some()
    };
    wait_until("the payment window", Duration::from_secs(10), opened).await;
    assert!(window.busy());
    let close: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        document
            .query_selector("[data-testid=sandbox-close]")
            .unwrap()
            .unwrap(),
    );
    close.click();
    wait_until("the request to end", Duration::from_secs(10), || {
        !window.busy()
    })
    .await;
    assert_eq!(
        window.error().and_then(|e| e.sdk_code().cloned()),
        Some(SdkErrorCode::UserCancel)
    );
}

/// `use_billing_auth` refuses the guest key before opening anything (the SDK's
/// `INVALID_CUSTOMER_KEY` for ANONYMOUS billing), and keeps the failure.
#[wasm_bindgen_test]
async fn the_billing_auth_hook_keeps_the_sdks_refusal() {
    let el = container();
    let (tx, rx) = std::sync::mpsc::channel();
    let _m = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <TossProvider client_key=api_key() sdk_url=sdk_url()>
                {
                    tx.send(use_billing_auth()).unwrap();
                    view! { <p>"billing"</p> }
                }
            </TossProvider>
        }
    });
    let billing = rx.recv().unwrap();
    let request = BillingAuthRequest::new(
        BillingMethod::Card,
        RedirectUrl::on_this_site("/billing/success").unwrap(),
        RedirectUrl::on_this_site("/fail").unwrap(),
    );
    let outcome = billing.request(&CustomerKey::anonymous(), &request).await;
    assert_eq!(
        outcome.unwrap_err().sdk_code(),
        Some(&SdkErrorCode::InvalidCustomerKey)
    );
    assert!(billing.error().is_some() && !billing.busy());
}
