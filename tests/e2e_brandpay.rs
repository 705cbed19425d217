//! BrandPay end to end, in real headless Chromium: the demo's `/brandpay` page, the companion
//! server and the sandbox's BrandPay sheet. The buyer (a signed-in guest) registers a card on
//! the first payment (BrandPay's code goes through the server's redirectUrl), turns one-touch
//! on and pays again with it, manages the password and settings, and cancels.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Client;
use support::browser::Browser;
use support::page::{click, find, text, wait_text};
use support::shop::{Keyset, Shop};
use tosspayments_sandbox::Endpoint;

/// Pays the demo cart with BrandPay from `/brandpay`; the order's id.
async fn pay(c: &Client, shop: &Shop, expected_auth: &str) -> String {
    c.goto(&format!("{}/brandpay", shop.base)).await.unwrap();
    find(c, "[data-testid=brandpay-one-touch-state]").await;
    click(c, "[data-testid=brandpay-pay]").await;
    let auth = text(c, "[data-testid=sandbox-brandpay-auth]").await;
    assert_eq!(auth, expected_auth);
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/success");
    url.query_pairs()
        .find(|(k, _)| k == "orderId")
        .map(|(_, v)| v.into_owned())
        .expect("orderId in the address")
}

/// Opens one of the management sheets and approves it.
async fn manage(c: &Client, button: &str) {
    click(c, &format!("[data-testid={button}]")).await;
    click(c, "[data-testid=sandbox-approve]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brandpay_registers_pays_pays_again_with_one_touch_and_cancels() {
    let shop = Shop::start(Keyset::ApiIndividual).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    // Nothing registered yet (BrandPay's terms not agreed).
    c.goto(&format!("{}/brandpay", shop.base)).await.unwrap();
    let state = find(c, "[data-testid=brandpay-one-touch-state]").await;
    wait_text(c, "[data-testid=brandpay-one-touch-state]", |s| {
        !s.is_empty()
    })
    .await;
    assert_eq!(
        state.attr("data-state").await.unwrap().as_deref(),
        Some("unregistered")
    );

    // The first payment registers a card; its code goes to the server's redirectUrl, which
    // exchanges it for this signed-in buyer; the server confirms with BrandPay's confirm.
    let first = pay(c, &shop, "비밀번호").await;
    assert_eq!(shop.sandbox.applied(Endpoint::BrandpayAccessToken), 1);
    assert_eq!(shop.sandbox.applied(Endpoint::BrandpayConfirm), 1);
    assert_eq!(shop.sandbox.count(Endpoint::Confirm), 0);
    browser.screenshot("brandpay-paid").await;

    // One-touch on, then the second payment needs no password.
    c.goto(&format!("{}/brandpay", shop.base)).await.unwrap();
    wait_text(c, "[data-testid=brandpay-one-touch-state]", |s| {
        !s.is_empty()
    })
    .await;
    let off = find(c, "[data-testid=brandpay-one-touch-state]").await;
    assert_eq!(
        off.attr("data-state").await.unwrap().as_deref(),
        Some("off")
    );
    manage(c, "brandpay-one-touch").await;
    let mut on = None;
    for _ in 0..50 {
        on = find(c, "[data-testid=brandpay-one-touch-state]")
            .await
            .attr("data-state")
            .await
            .unwrap();
        if on.as_deref() == Some("on") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(on.as_deref(), Some("on"));
    // The password and the settings open and close without a problem.
    manage(c, "brandpay-password").await;
    manage(c, "brandpay-settings").await;
    assert!(
        c.find(fantoccini::Locator::Css("[data-testid=problem]"))
            .await
            .is_err(),
        "no problem shown"
    );
    let second = pay(c, &shop, "원터치").await;
    assert_ne!(first, second);
    assert_eq!(shop.sandbox.applied(Endpoint::BrandpayConfirm), 2);
    assert_eq!(
        shop.sandbox.applied(Endpoint::BrandpayAccessToken),
        1,
        "a registered buyer is not sent through the redirect again"
    );

    // The buyer cancels the second payment from its order page (their session opens it).
    click(c, "[data-testid=order-link]").await;
    click(c, "[data-testid=cancel]").await;
    wait_text(c, "[data-testid=order-status]", |s| s == "cancelled").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Cancel), 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_is_refused_and_a_tampered_brandpay_amount_is_never_confirmed() {
    let shop = Shop::start(Keyset::ApiIndividual).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    c.goto(&format!("{}/brandpay", shop.base)).await.unwrap();
    find(c, "[data-testid=brandpay-one-touch-state]").await;

    // BrandPay refuses a guest with the SDK's INVALID_CUSTOMER_KEY.
    let code = c
        .execute(
            "try { TossPayments(arguments[0]).brandpay({customerKey: TossPayments.ANONYMOUS}); return 'none'; } \
             catch (e) { return e.code; }",
            vec![tosspayments_sandbox::docs_keys::API_CLIENT.into()],
        )
        .await
        .unwrap();
    assert_eq!(code, "INVALID_CUSTOMER_KEY");

    // Register a card (first payment), then pay for a new order in the sheet with an amount
    // changed in the browser: the server refuses before Toss is called.
    pay(c, &shop, "비밀번호").await;
    let confirms = shop.sandbox.count(Endpoint::BrandpayConfirm);
    let tampered = c
        .execute_async(
            "const [sandbox, clientKey, done] = [arguments[0], arguments[1], arguments[2]];
             (async () => {
               const me = await (await fetch('/api/session')).json();
               const order = await (await fetch('/api/orders', {method: 'POST',
                 headers: {'Content-Type': 'application/json'},
                 body: JSON.stringify({lines: [{productId: 'tshirt', quantity: 1}]})})).json();
               const paid = await (await fetch(sandbox + '/sandbox/sdk/brandpay/authenticate', {method: 'POST',
                 headers: {'Content-Type': 'application/json'},
                 body: JSON.stringify({clientKey: clientKey, customerKey: me.customerKey,
                   orderId: order.orderId, orderName: order.orderName, amount: {value: 100, currency: 'KRW'}})})).json();
               done([order.orderId, paid.paymentKey]);
             })();",
            vec![
                shop.sandbox.base_url().into(),
                tosspayments_sandbox::docs_keys::API_CLIENT.into(),
            ],
        )
        .await;
    let tampered = tampered.unwrap();
    let (order_id, key) = (
        tampered[0].as_str().unwrap().to_owned(),
        tampered[1].as_str().unwrap().to_owned(),
    );
    c.goto(&format!(
        "{}/success?paymentType=BRANDPAY&amount=100&orderId={order_id}&paymentKey={key}",
        shop.base
    ))
    .await
    .unwrap();
    find(c, "[data-testid=confirm-failed]").await;
    assert_eq!(
        shop.sandbox.count(Endpoint::BrandpayConfirm),
        confirms,
        "the server refused before calling Toss"
    );
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let order = shop.state.db.order(&id).await.unwrap().unwrap();
    assert_eq!(order.status.as_str(), "created", "the order stays unpaid");
    browser.close().await;
}
