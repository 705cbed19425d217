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
fn demo_page_renders_its_sample_order() {
    let container = fresh_container();
    let _handle = leptos::mount::mount_to(container.clone(), leptos_tosspayments::demo::App);

    let heading = container.query_selector("h1").unwrap().expect("an h1");
    assert_eq!(heading.text_content().unwrap(), "leptos-tosspayments");
    let amount = container
        .query_selector("[data-testid=amount]")
        .unwrap()
        .expect("the amount");
    assert_eq!(amount.text_content().unwrap(), "50,000 KRW");
    let order = container
        .query_selector("[data-testid=order-id]")
        .unwrap()
        .expect("the order id");
    let shown = order.text_content().unwrap();
    assert!(
        OrderId::parse(&shown).is_ok(),
        "{shown:?} is not a valid order id"
    );
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
