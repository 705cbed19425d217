//! The demo storefront, built by `trunk` from `index.html`: a small shop that takes payments
//! through the companion server (`tosspayments-server`) with every flow this crate supports.
//!
//! | path | page |
//! |---|---|
//! | `/` | products, cart and coupon; creates the order |
//! | `/checkout?orderId=…` | [`CheckoutPage`]: the payment widget for a server-created order |
//! | `/success`, `/fail` | the widget's and payment window's redirect pages |
//! | `/orders/{orderId}` | the order: status (live while waiting), cancel |
//! | `/window` | the standard payment window (card, virtual account, transfer, phone) |
//! | `/subscribe`, `/billing/success` | card registration and a billing charge |
//! | `/tosspay/return`, `/tosspay/cancel` | Toss Pay's return pages (the checkout's "pay with Toss Pay") |
//! | `/brandpay` | Toss BrandPay for the signed-in buyer: pay, add a method, password, settings, one-touch |
//!
//! There is no router: [`App`] reads `location.pathname` once, and every move between pages
//! is a full page load (Toss redirects between them anyway). The server is same-origin
//! (`/api/…`).

mod apps_in_toss;
mod billing;
mod brandpay;
mod checkout;
mod console;
mod fail;
mod home;
mod order;
mod portone;
mod subscribe;
mod success;
mod text;
mod tosspay;
mod window;

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use leptos_tosspayments::client::{ServerError, get_config, sign_in_as_guest};
use leptos_tosspayments::components::{CheckoutError, TossProvider};
use leptos_tosspayments::domain::server_api::ClientConfig;
use leptos_tosspayments::domain::server_api::OrderStatus;
use leptos_tosspayments::messages::{Lang, amount_text, explain};
use leptos_tosspayments::{Amount, CustomerKey, KeyFamily};

pub use checkout::CheckoutPage;
use text::text;

/// Where Toss serves its own SDK; any other `sdkUrl` is a stand-in (the sandbox).
const TOSS_SDK_ORIGIN: &str = "https://js.tosspayments.com";
/// The `localStorage` key of the chosen language.
const LANG_KEY: &str = "ltp-lang";

/// The pages, chosen by `location.pathname`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    Home,
    Checkout,
    Success,
    Fail,
    Order(String),
    Window,
    Subscribe,
    BillingSuccess,
    Brandpay,
    TossPayReturn,
    TossPayCancel,
    AppsInToss,
    PortOne,
    PortOneReturn,
    Console,
    NotFound,
}

impl Route {
    fn parse(path: &str) -> Route {
        let path = path.trim_end_matches('/');
        match path {
            "" | "/index.html" => Route::Home,
            "/checkout" => Route::Checkout,
            "/success" => Route::Success,
            "/fail" => Route::Fail,
            "/window" => Route::Window,
            "/subscribe" => Route::Subscribe,
            "/brandpay" => Route::Brandpay,
            "/tosspay/return" => Route::TossPayReturn,
            "/tosspay/cancel" => Route::TossPayCancel,
            "/apps-in-toss" => Route::AppsInToss,
            "/portone" => Route::PortOne,
            "/portone/return" => Route::PortOneReturn,
            "/billing/success" => Route::BillingSuccess,
            "/console" => Route::Console,
            _ => match path.strip_prefix("/orders/") {
                Some(id) if !id.is_empty() && !id.contains('/') => Route::Order(id.to_owned()),
                _ => Route::NotFound,
            },
        }
    }

    /// The header link this page belongs under.
    fn section(&self) -> &'static str {
        match self {
            Route::Window => "/window",
            Route::Subscribe | Route::BillingSuccess => "/subscribe",
            Route::Brandpay => "/brandpay",
            _ => "/",
        }
    }

    fn render(self, cart: home::Cart) -> AnyView {
        match self {
            Route::Home => view! { <home::HomePage cart=cart /> }.into_any(),
            Route::Checkout => view! { <CheckoutPage other_ways=tosspay::other_ways /> }.into_any(),
            Route::Success => view! { <success::SuccessPage /> }.into_any(),
            Route::Fail => view! { <fail::FailPage /> }.into_any(),
            Route::Order(id) => view! { <order::OrderPage order_id=id /> }.into_any(),
            Route::Window => view! { <window::WindowPage /> }.into_any(),
            Route::Subscribe => view! { <subscribe::SubscribePage /> }.into_any(),
            Route::Brandpay => view! { <brandpay::BrandpayPage /> }.into_any(),
            Route::TossPayReturn => view! { <tosspay::TossPayReturnPage /> }.into_any(),
            Route::TossPayCancel => view! { <tosspay::TossPayCancelPage /> }.into_any(),
            Route::AppsInToss => view! { <apps_in_toss::AppsInTossPage /> }.into_any(),
            Route::PortOne => view! { <portone::PortOnePage /> }.into_any(),
            Route::PortOneReturn => view! { <portone::PortOneReturnPage /> }.into_any(),
            Route::BillingSuccess => view! { <billing::BillingSuccessPage /> }.into_any(),
            Route::Console => view! { <console::ConsolePage /> }.into_any(),
            Route::NotFound => not_found().into_any(),
        }
    }
}

/// The demo storefront: header (language, sandbox badge), the page for the current path, and
/// the client configuration from `GET /api/config` around it.
///
/// ```no_run
/// leptos::mount::mount_to_body(leptos_tosspayments_demo::App);
/// ```
#[component]
pub fn App() -> impl IntoView {
    shell(Route::render, Some(shop_nav))
}

/// One page of the drop-in checkout, each its own bundle (`checkout.html`, `success.html`,
/// `fail.html`): a storefront sends the buyer to `/checkout?orderId=…`, and Toss back to
/// `/success` or `/fail`. A bundle holds its page alone (no shop, no other page), so the
/// buyer downloads only what the page they are on draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropInPage {
    /// `/checkout?orderId=…`: the payment widget for the order.
    Checkout,
    /// `/success`: the server confirms.
    Success,
    /// `/fail`: the failure explained.
    Fail,
}

impl DropInPage {
    /// Mounts the page's app on `<body>`, as its bundle's `main` does.
    pub fn mount(self) {
        // When the wasm started running, for `cargo xtask bench`'s breakdown of time to
        // widget ready.
        mark_timing("app-start");
        // A function per page, so that each bundle links only its own page.
        let render: fn(Route, home::Cart) -> AnyView = match self {
            DropInPage::Checkout => |route, _| match route {
                Route::Checkout => view! { <CheckoutPage /> }.into_any(),
                _ => not_found().into_any(),
            },
            DropInPage::Success => |_, _| view! { <success::SuccessPage /> }.into_any(),
            DropInPage::Fail => |_, _| view! { <fail::FailPage /> }.into_any(),
        };
        leptos::mount::mount_to_body(move || shell(render, None))
    }
}

/// The shop's navigation in the header; `current` marks the section of the page shown.
fn shop_nav(lang: Signal<Lang>, section: &'static str) -> AnyView {
    let current = move |href: &'static str| (href == section).then_some("page");
    view! {
        <nav class="nav" aria-label=tr_shop(lang, |s| s.nav_label)>
            <a href="/" aria-current=current("/")>{tr_shop(lang, |s| s.nav_shop)}</a>
            <a href="/window" aria-current=current("/window")>{tr_shop(lang, |s| s.nav_window)}</a>
            <a href="/subscribe" aria-current=current("/subscribe")>
                {tr_shop(lang, |s| s.nav_subscribe)}
            </a>
            <a href="/brandpay" aria-current=current("/brandpay")>
                {tr_shop(lang, |s| s.nav_brandpay)}
            </a>
        </nav>
    }
    .into_any()
}

/// The page frame around the page that `render` draws for the current path; `nav` draws the
/// shop's navigation (none on the drop-in pages, which then link none of the shop's text).
fn shell(
    render: fn(Route, home::Cart) -> AnyView,
    nav: Option<fn(Signal<Lang>, &'static str) -> AnyView>,
) -> impl IntoView {
    let chosen = RwSignal::new(match load_setting(LANG_KEY).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Ko,
    });
    // Given to the provider once: a switch changes every text in place, and the page (with
    // Toss's widget on it) stays mounted.
    let lang = Signal::from(chosen);
    Effect::new(move |_| {
        let code = match lang.get() {
            Lang::En => "en",
            _ => "ko",
        };
        save_setting(LANG_KEY, code);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });

    let (config, retry) = loader(|| Box::pin(get_config("")));
    let route = Route::parse(&location().pathname().unwrap_or_default());
    let section = route.section();
    // The shop's cart lives in the frame, outside the page that draws it.
    let cart = home::Cart::new();
    let sandbox = move || {
        config.with(|c| matches!(c, Load::Ready(c) if !c.sdk_url.starts_with(TOSS_SDK_ORIGIN)))
    };
    let lang_button = move |value: Lang, code: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                lang=code
                aria-pressed=move || (chosen.get() == value).to_string()
                on:click=move |_| chosen.set(value)
            >
                {label}
            </button>
        }
    };

    view! {
        <div class="app" data-testid="demo-root">
            <a class="skip-link" href="#main">{tr(lang, |t| t.skip_to_content)}</a>
            <header class="topbar">
                <div class="topbar__inner">
                    <a class="brand" href=shop_href()>
                        <span class="brand__mark" aria-hidden="true">"T"</span>
                        <span class="brand__name">"leptos-tosspayments"</span>
                    </a>
                    <Show when=sandbox>
                        <span class="badge" data-testid="sandbox-badge" title=tr(lang, |t| t.sandbox_title)>
                            "SANDBOX"
                        </span>
                    </Show>
                    {nav.map(|nav| nav(lang, section))}
                    <div class="lang" role="group" aria-label=tr(lang, |t| t.language)>
                        {lang_button(Lang::Ko, "ko", "한국어")}
                        {lang_button(Lang::En, "en", "English")}
                    </div>
                </div>
            </header>
            <main id="main" class="page" tabindex="-1">
                // Drawn again only when the configuration loads, never for a language switch.
                {move || match config.get() {
                    Load::Loading => spinner(tr(lang, |t| t.loading)).into_any(),
                    Load::Failed(e) => server_down(&e, lang, retry).into_any(),
                    Load::Ready(ClientConfig { client_key, sdk_url }) => {
                        let page = route.clone();
                        view! {
                            <TossProvider client_key=client_key sdk_url=sdk_url lang=lang>
                                {render(page, cart)}
                            </TossProvider>
                        }
                            .into_any()
                    }
                }}
            </main>
            <footer class="footer">
                <p>{tr(lang, |t| t.tagline)}" · "{tr(lang, |t| t.footer)}</p>
            </footer>
        </div>
    }
}

/// A text of the current language, as a reactive view or attribute: it follows a language
/// switch in place. Every call gives the same closure type, so the renderer's code for it is
/// compiled once.
pub(crate) fn tr(
    lang: Signal<Lang>,
    pick: fn(&'static text::Text) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(text(lang.get()))
}

/// [`tr`] for the shop's own text.
pub(crate) fn tr_shop(
    lang: Signal<Lang>,
    pick: fn(&'static text::ShopText) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(text::shop_text(lang.get()))
}

/// An order's status in the current language, followed in place.
pub(crate) fn status_tr(
    lang: Signal<Lang>,
    status: OrderStatus,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || text(lang.get()).status(status)
}

/// An amount as the current language writes it, followed in place.
pub(crate) fn amount_tr(
    lang: Signal<Lang>,
    amount: Amount,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || amount_text(amount, lang.get())
}

/// The server could not give its configuration.
fn server_down(e: &ServerError, lang: Signal<Lang>, retry: RwSignal<u32>) -> impl IntoView {
    let detail = e.to_string();
    view! {
        <section class="card state" role="alert" data-testid="server-down">
            <h1>{tr(lang, |t| t.server_down)}</h1>
            <p>{tr(lang, |t| t.server_down_next)}</p>
            <p class="muted small">{detail}</p>
            <button type="button" class="btn btn--primary" on:click=move |_| retry.update(|n| *n += 1)>
                {tr(lang, |t| t.retry)}
            </button>
        </section>
    }
}

fn not_found() -> impl IntoView {
    let lang = leptos_tosspayments::components::use_toss().lang;
    view! {
        <section class="card state">
            <h1>{tr(lang, |t| t.not_found)}</h1>
            <a class="btn btn--primary" href=shop_href()>{tr(lang, |t| t.back_to_shop)}</a>
        </section>
    }
}

/// A value fetched from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Load<T> {
    Loading,
    Ready(T),
    Failed(ServerError),
}

/// A call to the server, boxed so that [`loader`] is compiled once per answer type rather
/// than once per call site (the bundle's size matters).
pub(crate) type Fetch<T> = Pin<Box<dyn Future<Output = Result<T, ServerError>>>>;

/// Fetches with `fetch` on mount and again whenever the returned counter is bumped (a retry
/// button); the state says where it is.
pub(crate) fn loader<T: Send + Sync + 'static>(
    fetch: impl Fn() -> Fetch<T> + 'static,
) -> (RwSignal<Load<T>>, RwSignal<u32>) {
    load_with(Box::new(fetch))
}

fn load_with<T: Send + Sync + 'static>(
    fetch: Box<dyn Fn() -> Fetch<T>>,
) -> (RwSignal<Load<T>>, RwSignal<u32>) {
    let state = RwSignal::new(Load::Loading);
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| {
        attempt.track();
        state.set(Load::Loading);
        let fut = fetch();
        spawn_local(async move {
            state.try_set(match fut.await {
                Ok(v) => Load::Ready(v),
                Err(e) => Load::Failed(e),
            });
        });
    });
    (state, attempt)
}

/// A failure to show. It keeps what failed, not words: the alert says it in the current
/// language, and says it again after a language switch.
#[derive(Debug, Clone)]
pub(crate) enum Problem {
    /// A message as it is.
    Plain(String),
    /// A failed call to the server: its own message (network trouble explained).
    Server(ServerError),
    /// A refusal of the SDK, explained by its code; other checkout failures as they are.
    Checkout(CheckoutError),
}

impl Problem {
    /// What happened, what to do next, and the technical detail, in `lang`.
    fn words(&self, lang: Lang) -> (String, &'static str, String) {
        let plain = |what: String| (what, "", String::new());
        match self {
            Problem::Plain(what) => plain(what.clone()),
            Problem::Server(e @ ServerError::Network(_)) => {
                let t = text(lang);
                (t.server_down.to_owned(), t.server_down_next, e.to_string())
            }
            Problem::Server(e) => plain(e.to_string()),
            Problem::Checkout(e) => match e.sdk_code() {
                Some(code) => {
                    let why = explain(code.as_str(), lang);
                    (why.what.to_owned(), why.next, e.to_string())
                }
                None => plain(e.to_string()),
            },
        }
    }

    /// The problem as an alert, in the current language.
    pub(crate) fn view(self, lang: Signal<Lang>) -> impl IntoView {
        let words = move || {
            let (what, next, detail) = self.words(lang.get());
            let next = (!next.is_empty()).then_some(view! { <p>{next}</p> });
            let detail =
                (!detail.is_empty()).then_some(view! { <p class="alert__detail">{detail}</p> });
            view! {
                <p class="alert__what">{what}</p>
                {next}
                {detail}
            }
        };
        view! { <div class="alert" role="alert" data-testid="problem">{words}</div> }
    }
}

/// Shows `problem` while it is set.
pub(crate) fn problem_slot(
    problem: RwSignal<Option<Problem>>,
    lang: Signal<Lang>,
) -> impl IntoView {
    move || problem.get().map(|p| p.view(lang))
}

/// A busy line with the components' spinner.
pub(crate) fn spinner(label: impl IntoView) -> impl IntoView {
    view! {
        <p class="tps-loading" role="status">
            <span class="tps-spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

/// What to do when the server's client key is of the other family than the page needs.
pub(crate) fn key_notice(needed: KeyFamily, lang: Signal<Lang>) -> impl IntoView {
    let (why, run): (fn(&'static text::Text) -> &'static str, _) = match needed {
        KeyFamily::Widget => (
            |t| t.needs_widget_key,
            "TOSS_CLIENT_KEY=test_gck_… TOSS_SECRET_KEY=test_gsk_… cargo xtask demo",
        ),
        KeyFamily::ApiIndividual => (
            |t| t.needs_api_key,
            "TOSS_CLIENT_KEY=test_ck_… TOSS_SECRET_KEY=test_sk_… cargo xtask demo",
        ),
    };
    view! {
        <div class="notice" role="note" data-testid="key-notice">
            <p>{tr(lang, why)}</p>
            <p>{tr(lang, |t| t.how_to_run)}</p>
            <pre><code>{run}</code></pre>
        </div>
    }
}

/// Runs `f` when this page comes back from the back-forward cache (the buyer pressed "back"
/// after a redirect), where a busy state left from before the redirect would be stale.
pub(crate) fn on_restore(f: impl Fn() + 'static) {
    let handle = window_event_listener_untyped("pageshow", move |e| {
        if e.unchecked_into::<web_sys::PageTransitionEvent>()
            .persisted()
        {
            f();
        }
    });
    on_cleanup(move || handle.remove());
}

/// A full page load of `href`.
pub(crate) fn navigate(href: &str) {
    let _ = location().set_href(href);
}

/// The value of `name` in this page's query string.
pub(crate) fn query_param(name: &str) -> Option<String> {
    let search = location().search().unwrap_or_default();
    let query = search.strip_prefix('?').unwrap_or(&search);
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `/checkout?orderId=…` (order ids are URL-safe by construction).
pub(crate) fn checkout_href(order_id: &str) -> String {
    ["/checkout?orderId=", order_id].concat()
}

/// `/orders/{orderId}`.
pub(crate) fn order_href(order_id: &str) -> String {
    ["/orders/", order_id].concat()
}

/// `window.localStorage`, if the browser allows it (it throws in some private modes).
fn local_storage() -> Option<JsValue> {
    js_sys::Reflect::get(&window(), &JsValue::from_str("localStorage"))
        .ok()
        .filter(JsValue::is_object)
}

fn call_storage(method: &str, args: &[&str]) -> Option<JsValue> {
    let storage = local_storage()?;
    let f: js_sys::Function = js_sys::Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let result = match args {
        [key] => f.call1(&storage, &JsValue::from_str(key)),
        [key, value] => f.call2(&storage, &JsValue::from_str(key), &JsValue::from_str(value)),
        _ => return None,
    };
    result.ok()
}

/// `localStorage.getItem(key)`.
pub(crate) fn load_setting(key: &str) -> Option<String> {
    call_storage("getItem", &[key])?.as_string()
}

/// `localStorage.setItem(key, value)`; silently nothing where storage is unavailable.
pub(crate) fn save_setting(key: &str, value: &str) {
    let _ = call_storage("setItem", &[key, value]);
}

/// Where "back to the shop" leads: `<meta name="shop-url" content="…">` in the page's HTML
/// (the drop-in `checkout.html` sets it to the storefront's cart), else `/`. Only a path on
/// this site or an `http(s)` URL is taken.
pub fn shop_href() -> String {
    document()
        .query_selector("meta[name=shop-url]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .filter(|url| {
            (url.starts_with('/') && !url.starts_with("//"))
                || url.starts_with("https://")
                || url.starts_with("http://")
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// Signs this browser in as a guest, or keeps its session: the demo's buyers are guests whose
/// session (a signed, HttpOnly cookie the server sets; no token in `localStorage`) makes their
/// orders and billing method theirs. `None` when the server has no sessions.
pub(crate) async fn signed_in(api: &str) -> Option<CustomerKey> {
    sign_in_as_guest(api)
        .await
        .ok()
        .and_then(|s| s.customer_key)
}

/// Records `performance.now()` (ms since navigation start) as `data-{name}` on `<body>`, so
/// `cargo xtask bench` can read when the page reached a point (e.g. `widget-ready`).
pub fn mark_timing(name: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = js_sys::Reflect::get(&window, &"performance".into())
        .ok()
        .and_then(|p| {
            let f = js_sys::Reflect::get(&p, &"now".into()).ok()?;
            js_sys::Function::from(f).call0(&p).ok()
        })
        .and_then(|v| v.dyn_into::<js_sys::Number>().ok());
    if let (Some(now), Some(body)) = (now, window.document().and_then(|d| d.body())) {
        // The browser formats the number: Rust's float formatting would add ~10 KB to the
        // bundle for this one attribute.
        let text: String = now.to_fixed(1).map(String::from).unwrap_or_default();
        let _ = body.set_attribute(&format!("data-{name}"), &text);
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn paths_choose_pages() {
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("/checkout"), Route::Checkout);
        assert_eq!(Route::parse("/checkout/"), Route::Checkout);
        assert_eq!(Route::parse("/billing/success"), Route::BillingSuccess);
        assert_eq!(
            Route::parse("/orders/order-0001"),
            Route::Order("order-0001".to_owned())
        );
        assert_eq!(Route::parse("/orders/"), Route::NotFound);
        assert_eq!(Route::parse("/orders/a/b"), Route::NotFound);
        assert_eq!(Route::parse("/nope"), Route::NotFound);
    }
}
