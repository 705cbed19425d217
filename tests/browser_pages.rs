//! The successUrl and failUrl pages in headless Chromium: they read the address into typed
//! values, refuse malformed ones, explain failures by code and never confirm on failUrl.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos::prelude::*;
use leptos_tosspayments::components::{PaymentFail, PaymentSuccess, TossProvider};
use leptos_tosspayments::messages::Lang;
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
