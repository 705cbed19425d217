//! Loads the V2 SDK script once per page.
//!
//! * However many components ask, one `<script>` is injected per URL and every caller awaits
//!   the same load.
//! * A `window.TossPayments` that is already there (a `<script>` tag in `index.html`, another
//!   library) is reused.
//! * A failed load is not cached: its tag is removed and the next call injects again.
//! * "The script failed to load", "it loaded but defined no `TossPayments`" and "it took too
//!   long" are distinct [`LoadError`]s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Toss's V2 standard SDK.
pub const DEFAULT_SDK_URL: &str = crate::TOSS_SDK_URL;

/// How long a load may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Why the SDK could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The script could not be fetched (network, 404, blocked).
    #[error(
        "the payment module could not be loaded from {url}: check the connection and try again"
    )]
    ScriptFailed {
        /// The script URL.
        url: String,
    },
    /// The script loaded but did not define `window.TossPayments`.
    #[error("{url} loaded but did not define TossPayments: is it the V2 standard SDK?")]
    NoGlobal {
        /// The script URL.
        url: String,
    },
    /// The script did not finish loading in time.
    #[error("the payment module did not load within {after_ms} ms from {url}: try again")]
    Timeout {
        /// The script URL.
        url: String,
        /// The time allowed.
        after_ms: u32,
    },
    /// Not running in a browser page (no `window` or `document`).
    #[error("not running in a browser page")]
    NoBrowser,
}

thread_local! {
    /// The load in progress or done, per script URL.
    static LOADS: RefCell<HashMap<String, js_sys::Promise>> = RefCell::new(HashMap::new());
}

const ATTR: &str = "data-leptos-tosspayments";

/// The `TossPayments` function, loading the script from `url` if it is not on the page yet.
pub async fn load(url: &str, timeout: Duration) -> Result<js_sys::Function, LoadError> {
    load_global(url, "TossPayments", timeout)
        .await?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| LoadError::NoGlobal {
            url: url.to_owned(),
        })
}

/// The global `name` that the script at `url` defines (`TossPayments`; PortOne's `IMP`),
/// loading the script once per page if it is not there yet, with the same timeout, retry and
/// one-tag guarantees as [`load`].
pub async fn load_global(url: &str, name: &str, timeout: Duration) -> Result<JsValue, LoadError> {
    let window = web_sys::window().ok_or(LoadError::NoBrowser)?;
    if let Some(global) = global(&window, name) {
        return Ok(global);
    }
    let promise = match LOADS.with(|l| l.borrow().get(url).cloned()) {
        Some(p) => p,
        None => {
            let p = inject(&window, url, name, timeout)?;
            LOADS.with(|l| l.borrow_mut().insert(url.to_owned(), p.clone()));
            p
        }
    };
    match JsFuture::from(promise).await {
        Ok(global) => Ok(global),
        Err(reason) => {
            LOADS.with(|l| l.borrow_mut().remove(url));
            remove_tags(&window, url);
            Err(match reason.as_string().as_deref() {
                Some("timeout") => LoadError::Timeout {
                    url: url.to_owned(),
                    after_ms: timeout.as_millis().min(u32::MAX as u128) as u32,
                },
                Some("no-global") => LoadError::NoGlobal {
                    url: url.to_owned(),
                },
                _ => LoadError::ScriptFailed {
                    url: url.to_owned(),
                },
            })
        }
    }
}

/// How many script tags this loader has on the page for `url` (for diagnostics).
#[allow(dead_code)]
pub(crate) fn script_tags(url: &str) -> u32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(&format!("script[{ATTR}]")).ok())
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::HtmlScriptElement>().ok())
                .filter(|s| same_url(&s.src(), url))
                .count() as u32
        })
        .unwrap_or(0)
}

fn global(window: &web_sys::Window, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(window, &JsValue::from_str(name))
        .ok()
        .filter(|v| v.is_function() || v.is_object())
}

/// URLs compared without a trailing slash (a trailing slash once caused a double load in
/// Stripe's loader).
fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

fn existing_tag(document: &web_sys::Document, url: &str) -> Option<web_sys::HtmlScriptElement> {
    let list = document.query_selector_all("script[src]").ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlScriptElement>().ok())
        .find(|s| same_url(&s.src(), url))
}

fn remove_tags(window: &web_sys::Window, url: &str) {
    let Some(document) = window.document() else {
        return;
    };
    while let Some(tag) = existing_tag(&document, url).filter(|t| t.has_attribute(ATTR)) {
        tag.remove();
    }
}

/// Injects (or adopts) the script tag and returns a promise of the global `name` that
/// rejects with `"script-failed"`, `"no-global"` or `"timeout"`.
fn inject(
    window: &web_sys::Window,
    url: &str,
    name: &str,
    timeout: Duration,
) -> Result<js_sys::Promise, LoadError> {
    let name = name.to_owned();
    let document = window.document().ok_or(LoadError::NoBrowser)?;
    let script = match existing_tag(&document, url) {
        Some(tag) => tag,
        None => {
            let tag = document
                .create_element("script")
                .map_err(|_| LoadError::NoBrowser)?
                .unchecked_into::<web_sys::HtmlScriptElement>();
            tag.set_src(url);
            tag.set_async(true);
            let _ = tag.set_attribute(ATTR, "");
            tag
        }
    };
    let window_for_load = window.clone();
    let timeout_ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let (res, rej) = (resolve.clone(), reject.clone());
        let w = window_for_load.clone();
        let wanted = name.clone();
        let on_load = Closure::once_into_js(move || match global(&w, &wanted) {
            Some(f) => drop(res.call1(&JsValue::NULL, &f)),
            None => drop(rej.call1(&JsValue::NULL, &JsValue::from_str("no-global"))),
        });
        let rej = reject.clone();
        let on_error = Closure::once_into_js(move || {
            drop(rej.call1(&JsValue::NULL, &JsValue::from_str("script-failed")));
        });
        let rej = reject.clone();
        let on_timeout = Closure::once_into_js(move || {
            drop(rej.call1(&JsValue::NULL, &JsValue::from_str("timeout")));
        });
        let _ = script.add_event_listener_with_callback("load", on_load.unchecked_ref());
        let _ = script.add_event_listener_with_callback("error", on_error.unchecked_ref());
        let _ = window_for_load.set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.unchecked_ref(),
            timeout_ms,
        );
    });
    if !script.is_connected() {
        let parent = document
            .head()
            .map(web_sys::Node::from)
            .or_else(|| document.body().map(Into::into));
        parent
            .ok_or(LoadError::NoBrowser)?
            .append_child(&script)
            .map_err(|_| LoadError::NoBrowser)?;
    }
    Ok(promise)
}
