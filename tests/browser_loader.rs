//! The SDK loader in a page of its own (no `TossPayments` global yet): typed load errors, no
//! caching of failures, one script tag for concurrent callers.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos_tosspayments::ClientKey;
use leptos_tosspayments::sdk::{InitError, LoadError, SdkErrorCode, TossPayments, load};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T: Duration = Duration::from_secs(10);

// One test, in order: the global is page-wide, so the failures must come before the success.
#[wasm_bindgen_test]
async fn load_errors_are_typed_and_not_cached_and_success_injects_once() {
    // Nothing listens on port 9 here: the script fails to load.
    let dead = "http://127.0.0.1:9/v2/standard";
    assert_eq!(
        load(dead, T).await.unwrap_err(),
        LoadError::ScriptFailed {
            url: dead.to_owned()
        }
    );
    assert_eq!(
        script_tags(dead),
        0,
        "a failed tag is removed so a retry injects again"
    );
    assert_eq!(
        load(dead, T).await.unwrap_err(),
        LoadError::ScriptFailed {
            url: dead.to_owned()
        }
    );

    // A script that loads but is not the SDK.
    let wrong = script_url("window.somethingElse = 1;");
    assert_eq!(
        load(&wrong, T).await.unwrap_err(),
        LoadError::NoGlobal { url: wrong.clone() }
    );

    // Two callers at once share one tag and one load.
    let url = sdk_url();
    let (a, b) = futures_join(load(&url, T), load(&url, T)).await;
    assert!(a.is_ok() && b.is_ok());
    assert_eq!(script_tags(&url), 1);

    // Later callers reuse the global without another tag.
    let toss = TossPayments::load(&widget_key(), &url, T).await.unwrap();
    assert_eq!(script_tags(&url), 1);

    // The SDK's own refusals arrive as typed codes.
    let api_key = ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap();
    let err = TossPayments::load(&api_key, &url, T)
        .await
        .unwrap()
        .widgets(&leptos_tosspayments::CustomerKey::anonymous())
        .unwrap_err();
    assert_eq!(err.code, SdkErrorCode::NotSupportedApiIndividualKey);
    let err = toss
        .payment(&leptos_tosspayments::CustomerKey::generate())
        .unwrap_err();
    assert_eq!(err.code, SdkErrorCode::NotSupportedWidgetKey);
    let _ = InitError::Load(LoadError::NoBrowser);
}

/// Runs two futures concurrently on the single wasm thread.
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}
