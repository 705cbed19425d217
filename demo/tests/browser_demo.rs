//! Runs in headless Chromium (wasm-bindgen-test): the demo renders real DOM, and the domain's
//! random ids work with the browser's `crypto.getRandomValues`.
#![cfg(target_arch = "wasm32")]

use leptos_tosspayments::{CustomerKey, OrderId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

#[wasm_bindgen_test]
async fn demo_without_its_server_says_so_and_offers_a_retry() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), leptos_tosspayments_demo::App);
    // The test page has no /api/config: the shop must explain, not stay blank.
    let mut waited = 0;
    while container
        .query_selector("[data-testid=server-down]")
        .unwrap()
        .is_none()
    {
        assert!(
            waited < 10_000,
            "no server-down message: {}",
            container.inner_html()
        );
        sleep(50).await;
        waited += 50;
    }
    let message = container
        .query_selector("[data-testid=server-down]")
        .unwrap()
        .unwrap();
    assert!(
        message.query_selector("button").unwrap().is_some(),
        "a retry button"
    );
    assert!(
        container
            .query_selector("[data-testid=demo-root]")
            .unwrap()
            .is_some()
    );
}

/// The language buttons change the text in place: the page below the header is not drawn
/// again (in the shop, that page holds Toss's widget, which a redraw would render again).
#[wasm_bindgen_test]
async fn a_language_switch_changes_the_text_in_place() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), leptos_tosspayments_demo::App);
    let find = |css: &str| container.query_selector(css).unwrap();
    let mut waited = 0;
    while find("[data-testid=server-down] h1").is_none() {
        assert!(waited < 10_000, "no server-down message");
        sleep(50).await;
        waited += 50;
    }
    let click = |css: &str| {
        find(css)
            .unwrap()
            .unchecked_into::<web_sys::HtmlElement>()
            .click()
    };
    click("button[lang=ko]");
    sleep(50).await;
    let heading = find("[data-testid=server-down] h1").unwrap();
    assert_eq!(
        heading.text_content().unwrap(),
        "상점 서버에 연결하지 못했어요."
    );

    click("button[lang=en]");
    sleep(50).await;
    assert_eq!(
        heading.text_content().unwrap(),
        "Could not reach the shop's server."
    );
    let now = find("[data-testid=server-down] h1").unwrap();
    assert!(
        now.is_same_node(Some(&heading)),
        "the page was not drawn again"
    );
    assert_eq!(
        find("button[lang=en]")
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // Back to the default, which the page keeps in localStorage for the other tests.
    click("button[lang=ko]");
    sleep(50).await;
    assert_eq!(
        heading.text_content().unwrap(),
        "상점 서버에 연결하지 못했어요."
    );
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
fn generated_ids_use_browser_randomness() {
    let a = OrderId::generate();
    let b = OrderId::generate();
    assert_ne!(a, b);
    assert_eq!(OrderId::parse(a.as_str()), Ok(a));
    let k = CustomerKey::generate();
    assert_eq!(k.as_str().len(), 36);
    assert_eq!(CustomerKey::parse(k.as_str()), Ok(k));
}

#[wasm_bindgen_test]
fn back_to_the_shop_follows_the_pages_shop_url_meta() {
    use leptos_tosspayments_demo::shop_href;
    let document = web_sys::window().unwrap().document().unwrap();
    assert_eq!(shop_href(), "/", "without a meta, the site's root");
    let meta = document.create_element("meta").unwrap();
    meta.set_attribute("name", "shop-url").unwrap();
    document.head().unwrap().append_child(&meta).unwrap();
    for (content, expected) in [
        ("https://shop.example/cart", "https://shop.example/cart"),
        ("/cart", "/cart"),
        ("javascript:alert(1)", "/"),
        ("//evil.example/", "/"),
    ] {
        meta.set_attribute("content", content).unwrap();
        assert_eq!(shop_href(), expected, "{content}");
    }
    meta.remove();
}
