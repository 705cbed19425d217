//! Helpers for the wasm-bindgen tests that run in headless Chromium: the sandbox's SDK
//! stand-in served from a blob URL, fresh containers, and waiting.
#![allow(dead_code)]

use std::cell::RefCell;
use std::time::Duration;

use leptos_tosspayments::ClientKey;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The SDK stand-in's source, as the sandbox serves it.
pub const SDK_SOURCE: &str = include_str!("../../sandbox/assets/standard.js");

thread_local! {
    static SDK_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A blob URL serving `source` as JavaScript.
pub fn script_url(source: &str) -> String {
    let parts = js_sys::Array::of1(&JsValue::from_str(source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

/// The SDK stand-in's URL on this page (one per page, like a real CDN URL).
pub fn sdk_url() -> String {
    SDK_URL.with(|u| {
        u.borrow_mut()
            .get_or_insert_with(|| script_url(SDK_SOURCE))
            .clone()
    })
}

/// Toss's public widget test key.
pub fn widget_key() -> ClientKey {
    ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm").unwrap()
}

/// A new `<div>` attached to the body.
pub fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// Waits `ms` milliseconds (lets the SDK's promises and Leptos' effects run).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Waits until `cond` holds, failing the test with `what` after `limit`.
pub async fn wait_until(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let mut waited = 0;
    while !cond() {
        assert!(
            waited < limit.as_millis() as i32,
            "timed out waiting for {what}"
        );
        sleep(20).await;
        waited += 20;
    }
}

/// `el.querySelectorAll(css).length`.
pub fn count(el: &web_sys::Element, css: &str) -> u32 {
    el.query_selector_all(css).unwrap().length()
}

/// Replaces the page's query string without navigating.
pub fn set_query(query: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap();
}

/// How many `<script>` tags on the page load `url` (the loader marks its own; any other tag of
/// the same URL would be a second load too, so all are counted).
pub fn script_tags(url: &str) -> u32 {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return 0;
    };
    let Ok(list) = doc.query_selector_all("script") else {
        return 0;
    };
    let trimmed = |s: &str| s.trim_end_matches('/').to_owned();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlScriptElement>().ok())
        .filter(|s| trimmed(&s.src()) == trimmed(url))
        .count() as u32
}
