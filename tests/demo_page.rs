//! End to end: the trunk-built demo page loads in real headless Chromium and renders.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Locator;
use support::browser::Browser;

#[tokio::test]
async fn built_demo_renders_in_chromium() {
    let base = support::static_site::serve_dist().await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    c.goto(&format!("{base}/")).await.unwrap();
    let root = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("[data-testid=demo-root]"))
        .await
        .expect("the wasm app mounted its root element");
    let heading = root
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "leptos-tosspayments");
    let amount = c
        .find(Locator::Css("[data-testid=amount]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(amount, "50,000 KRW");
    let shot = browser.screenshot("demo-landing").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    browser.close().await;
}
