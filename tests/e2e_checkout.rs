//! End to end, in real headless Chromium: the trunk-built demo, the companion server and the
//! sandbox, clicked through as a buyer would.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::{Client, Locator};
use support::browser::Browser;
use support::page::{click, find, text, wait_text};
use support::shop::{Backend, Keyset, STAFF_TOKEN, Shop};
use tosspayments_sandbox::Endpoint;

/// From the product list to the checkout page of a new order (a t-shirt and a mug).
async fn to_checkout(c: &Client, shop: &Shop) -> String {
    c.goto(&format!("{}/", shop.base)).await.unwrap();
    click(c, "[data-testid=inc-tshirt]").await;
    click(c, "[data-testid=inc-mug]").await;
    click(c, "[data-testid=checkout]").await;
    find(c, "[data-testid=sandbox-method-CARD]").await;
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/checkout");
    url.query_pairs()
        .find(|(k, _)| k == "orderId")
        .map(|(_, v)| v.into_owned())
        .expect("orderId in the address")
}

/// Opens the merchant console with the staff token; the CSS of `order_id`'s row.
async fn open_console(c: &Client, shop: &Shop, order_id: &str) -> String {
    c.goto(&format!("{}/console", shop.base)).await.unwrap();
    find(c, "[data-testid=staff-token]")
        .await
        .send_keys(STAFF_TOKEN)
        .await
        .unwrap();
    click(c, "[data-testid=staff-open]").await;
    format!("[data-testid=console-row][data-order-id='{order_id}']")
}

async fn pay_with(c: &Client, method: &str) {
    click(c, &format!("[data-testid=sandbox-method-{method}]")).await;
    click(c, "[data-testid=sandbox-agreement]").await;
    click(c, "[data-testid=pay]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn widget_payment_to_done_and_the_order_page_shows_it_paid() {
    let shop = Shop::start(Keyset::Widget).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    assert!(
        text(c, "[data-testid=checkout-amount]")
            .await
            .contains("23,000")
    );
    browser.screenshot("checkout").await;

    // A language switch changes the page's text in place and leaves Toss's widget as it was:
    // the same DOM node, not a second render.
    c.execute(
        "document.querySelector('[data-testid=sandbox-methods-widget]').dataset.mark = 'kept';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "button[lang=en]").await;
    wait_text(c, "#checkout-heading", |s| s == "Checkout").await;
    assert!(
        text(c, "[data-testid=checkout-amount]")
            .await
            .ends_with("KRW")
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let widgets = c
        .find_all(Locator::Css("[data-testid=sandbox-methods-widget]"))
        .await
        .unwrap();
    assert_eq!(widgets.len(), 1);
    assert_eq!(
        widgets[0].attr("data-mark").await.unwrap().as_deref(),
        Some("kept"),
        "the widget was not rendered again"
    );
    click(c, "button[lang=ko]").await;
    wait_text(c, "#checkout-heading", |s| s == "결제").await;

    pay_with(c, "CARD").await;
    click(c, "[data-testid=sandbox-approve]").await;

    find(c, "[data-testid=confirmed]").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/success/");
    assert!(
        text(c, "[data-testid=confirmed-amount]")
            .await
            .contains("23,000")
    );
    browser.screenshot("success").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Confirm), 1);

    // Reloading the success page asks the server again; Toss sees no second confirm.
    c.refresh().await.unwrap();
    find(c, "[data-testid=confirmed]").await;
    assert_eq!(shop.sandbox.count(Endpoint::Confirm), 1);

    click(c, "[data-testid=order-link]").await;
    wait_text(c, "[data-testid=order-status]", |s| s.contains("paid")).await;
    assert!(c.current_url().await.unwrap().path().ends_with(&order_id));

    // The buyer is signed in by a session cookie that scripts cannot read, and nothing that
    // moves money is kept in localStorage.
    let (script_cookies, stored) = c
        .execute(
            "return [document.cookie, Object.keys(localStorage).filter(k => k.includes('token'))];",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .map(|a| (a[0].clone(), a[1].clone()))
        .unwrap();
    assert!(
        !script_cookies.as_str().unwrap().contains("ltp_session"),
        "{script_cookies}"
    );
    assert_eq!(stored, serde_json::json!([]));
    let session = c.get_named_cookie("ltp_session").await.unwrap();
    assert_eq!(session.http_only(), Some(true));

    // Another browser (here: this one without the session) is told where to cancel and gets
    // no button; the signed-in buyer cancels.
    c.delete_cookie("ltp_session").await.unwrap();
    c.refresh().await.unwrap();
    find(c, "[data-testid=cancel-elsewhere]").await;
    assert!(c.find(Locator::Css("[data-testid=cancel]")).await.is_err());
    c.add_cookie(session).await.unwrap();
    c.refresh().await.unwrap();
    click(c, "[data-testid=cancel]").await;
    wait_text(c, "[data-testid=order-status]", |s| s == "cancelled").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Cancel), 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_in_the_payment_window_leads_to_the_fail_page_and_a_retry_succeeds() {
    let shop = Shop::start(Keyset::Widget).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    pay_with(c, "CARD").await;
    click(c, "[data-testid=sandbox-cancel]").await;

    let failed = find(c, "[data-testid=payment-failed]").await;
    assert_eq!(
        failed.attr("data-code").await.unwrap().as_deref(),
        Some("PAY_PROCESS_CANCELED")
    );
    assert!(text(c, "[data-testid=fail-reason]").await.contains("취소"));
    browser.screenshot("fail").await;
    assert_eq!(
        shop.sandbox.count(Endpoint::Confirm),
        0,
        "a failUrl never leads to confirm"
    );

    click(c, "[data-testid=retry]").await;
    find(c, "[data-testid=sandbox-method-CARD]").await;
    let url = c.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or_default().contains(&order_id),
        "retry returns to the same order: {url}"
    );
    pay_with(c, "CARD").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Confirm), 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amount_changed_from_the_console_is_never_confirmed() {
    let shop = Shop::start(Keyset::Widget).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    // The buyer tampers with the widget's amount from the console before paying.
    c.execute(
        "TossPayments.__sandbox.widgets.forEach(w => w.setAmount({value: 100, currency: 'KRW'}));",
        vec![],
    )
    .await
    .unwrap();
    pay_with(c, "CARD").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirm-failed]").await;
    assert_eq!(
        shop.sandbox.count(Endpoint::Confirm),
        0,
        "the server refused before calling Toss"
    );
    let order_id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let order = shop.state.db.order(&order_id).await.unwrap().unwrap();
    assert_eq!(order.status.as_str(), "created", "the order stays unpaid");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_virtual_account_waits_and_turns_paid_on_deposit_without_a_reload() {
    let shop = Shop::start(Keyset::Widget).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    pay_with(c, "VIRTUAL_ACCOUNT").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    assert!(text(c, "[data-testid=deposit-account]").await.contains('X'));

    c.goto(&format!("{}/orders/{order_id}", shop.base))
        .await
        .unwrap();
    wait_text(c, "[data-testid=order-status]", |s| {
        s.contains("waiting_for_deposit")
    })
    .await;
    shop.sandbox.deposit(&order_id).unwrap();
    wait_text(c, "[data-testid=order-status]", |s| s.contains("paid")).await;

    // Staff refund the deposit from the console to the bank account the buyer gave them.
    let row = open_console(c, &shop, &order_id).await;
    click(c, &format!("{row} [data-testid=console-open]")).await;
    for (field, value) in [
        ("refund-reason", "입금 후 취소"),
        ("refund-bank", "88"),
        ("refund-account-number", "110123456789"),
        ("refund-holder", "김토스"),
    ] {
        find(c, &format!("[data-testid={field}]"))
            .await
            .send_keys(value)
            .await
            .unwrap();
    }
    click(c, "[data-testid=refund-start]").await;
    click(c, "[data-testid=refund-confirm]").await;
    wait_text(c, "[data-testid=refund-result]", |s| {
        s.contains("cancelled")
    })
    .await;
    let refunded = shop.sandbox.payments_for_order(&order_id);
    let account = refunded[0]
        .virtual_account
        .as_ref()
        .and_then(|va| va.refund_receive_account.clone())
        .expect("the refund account reached Toss");
    assert_eq!(
        (
            &account["bank"],
            &account["accountNumber"],
            &account["holderName"]
        ),
        (&"88".into(), &"110123456789".into(), &"김토스".into()),
        "{account}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_window_with_a_chosen_method_and_billing_auth_then_a_charge() {
    let shop = Shop::start(Keyset::ApiIndividual).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    c.goto(&format!("{}/window", shop.base)).await.unwrap();
    click(c, "[data-testid=window-TRANSFER]").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Confirm), 1);

    c.goto(&format!("{}/subscribe", shop.base)).await.unwrap();
    click(c, "[data-testid=register-card]").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=billing-registered]").await;
    // A reload repeats the issue: the server sends no new token (a replayed URL must not get
    // one), and this browser charges with the one it kept.
    c.refresh().await.unwrap();
    find(c, "[data-testid=billing-registered]").await;
    click(c, "[data-testid=charge]").await;
    wait_text(c, "[data-testid=order-status]", |s| s.contains("paid")).await;
    assert_eq!(shop.sandbox.applied(Endpoint::BillingCharge), 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drop_in_checkout_bundle_pays_an_order_another_storefront_created() {
    // The storefront's server creates the order; the buyer is sent to the drop-in page, a
    // bundle without the shop.
    let shop = Shop::serving(Keyset::Widget, support::static_site::drop_in_dir()).await;
    let order_id = shop
        .create_order(serde_json::json!([{"productId": "mug", "quantity": 2}]))
        .await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    c.goto(&format!("{}/checkout?orderId={order_id}", shop.base))
        .await
        .unwrap();
    let amount = text(c, "[data-testid=checkout-amount]").await;
    assert!(amount.contains("16,000"), "{amount}");
    // checkout.html starts the order request and the SDK script before the wasm runs; the
    // app takes both over instead of asking again.
    find(c, "body[data-widget-ready]").await;
    let (tags, order_requests) = c
        .execute(
            "return [document.querySelectorAll('script[data-leptos-tosspayments]').length, \
             performance.getEntriesByType('resource').filter(e => e.name.includes('/api/orders/')).length];",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .map(|a| (a[0].as_u64(), a[1].as_u64()))
        .unwrap();
    assert_eq!((tags, order_requests), (Some(1), Some(1)));
    // The shop's other ways to pay are not on the drop-in page.
    assert!(
        c.find(Locator::Css("[data-testid=pay-tosspay]"))
            .await
            .is_err()
    );
    pay_with(c, "CARD").await;
    click(c, "[data-testid=sandbox-approve]").await;
    // `/success/` is its own bundle (`success/index.html`), reached with Toss's query.
    find(c, "[data-testid=confirmed]").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Confirm), 1);
    let page = c.current_url().await.unwrap();
    assert_eq!(page.path(), "/success/", "{page}");
    assert!(
        page.query().is_some_and(|q| q.contains("paymentKey=")),
        "{page}"
    );
    // So is `/fail`: it explains Toss's code and confirms nothing.
    c.goto(&format!(
        "{}/fail?code=PAY_PROCESS_CANCELED&message=canceled&orderId={order_id}",
        shop.base
    ))
    .await
    .unwrap();
    find(c, "[data-code=PAY_PROCESS_CANCELED]").await;
    assert_eq!(shop.sandbox.applied(Endpoint::Confirm), 1);
    // The shop's pages are not in this bundle.
    c.goto(&format!("{}/", shop.base)).await.unwrap();
    find(c, "[data-testid=demo-root] .state").await;
    assert!(
        c.find(Locator::Css("[data-testid=checkout]"))
            .await
            .is_err()
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_merchant_console_finds_times_and_refunds_an_order() {
    let shop = Shop::start(Keyset::Widget).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    // A buyer pays.
    let order_id = to_checkout(c, &shop).await;
    pay_with(c, "CARD").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;

    // Staff open the console with the staff token and find the order among the paid ones.
    let row = open_console(c, &shop, &order_id).await;
    find(c, &row).await;
    wait_text(c, &format!("{row} [data-testid=console-status]"), |s| {
        s == "paid"
    })
    .await;
    // The background work's health, and the webhook Toss sent about the payment.
    let health = find(c, "[data-testid=console-health]").await;
    assert_eq!(
        health.attr("data-ready").await.unwrap().as_deref(),
        Some("ready")
    );
    let mut subjects = String::new();
    for _ in 0..20 {
        subjects = c
            .execute(
                "return [...document.querySelectorAll('[data-testid=webhook-subject]')].map(e => e.textContent).join('|');",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if subjects.contains("payment ") {
            break;
        }
        click(c, "[data-testid=console-reload]").await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    assert!(subjects.contains("payment "), "{subjects:?}");
    // The search: no cancelled orders yet; the paid ones include this one.
    let pick = |status: &'static str| async move {
        c.find(Locator::Css("[data-testid=filter-status]"))
            .await
            .unwrap()
            .select_by_value(status)
            .await
            .unwrap();
        click(c, "[data-testid=filter-apply]").await;
    };
    pick("cancelled").await;
    find(c, "[data-testid=console-empty]").await;
    pick("paid").await;
    find(c, &row).await;
    // Back to every order, so the refunded one stays in the list.
    pick("").await;
    find(c, &row).await;
    // Its timeline, with the money.
    click(c, &format!("{row} [data-testid=console-open]")).await;
    let confirmed = wait_text(
        c,
        "[data-testid=timeline-event][data-cause=confirm][data-to=paid]",
        |s| s.contains("DONE"),
    )
    .await;
    assert!(confirmed.contains("amount 23000 KRW"), "{confirmed}");
    // A partial refund, with a reason, after a confirmation step.
    find(c, "[data-testid=refund-amount]")
        .await
        .send_keys("3000")
        .await
        .unwrap();
    find(c, "[data-testid=refund-reason]")
        .await
        .send_keys("불량 교환")
        .await
        .unwrap();
    click(c, "[data-testid=refund-start]").await;
    wait_text(c, "[data-testid=refund-question]", |s| s.contains("3,000")).await;
    assert_eq!(
        shop.sandbox.applied(Endpoint::Cancel),
        0,
        "nothing before the confirmation"
    );
    let shot = browser.screenshot("console").await;
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
    click(c, "[data-testid=refund-confirm]").await;
    wait_text(c, "[data-testid=refund-result]", |s| {
        s.contains("partially_cancelled")
    })
    .await;
    wait_text(c, &format!("{row} [data-testid=console-status]"), |s| {
        s == "partially_cancelled"
    })
    .await;
    // The staff's request is on the timeline, and the refund (applied from the cancel's answer
    // or from Toss's webhook about it, whichever comes first).
    wait_text(
        c,
        "[data-testid=timeline-event][data-cause=cancel-requested]",
        |s| s.contains("staff"),
    )
    .await;
    find(
        c,
        "[data-testid=timeline-event][data-to=partially_cancelled]",
    )
    .await;
    assert_eq!(shop.sandbox.applied(Endpoint::Cancel), 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn toss_pay_on_the_web_on_sqlite() {
    toss_pay_on_the_web(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn toss_pay_on_the_web_on_postgres() {
    toss_pay_on_the_web(Backend::Postgres).await;
}

/// Toss Pay on the web: a tampered amount never reaches Toss Pay, the buyer leaves Toss Pay's
/// page and pays again, the execute's answer is lost, Toss Pay's resultCallback arrives twice,
/// then staff refund in part and in full.
async fn toss_pay_on_the_web(backend: Backend) {
    let shop = Shop::start_on(Keyset::Widget, backend).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    // The buyer asks for the Toss Pay checkout from the console with an amount of their own:
    // the server makes the payment for the stored order's amount.
    let page = c
        .execute_async(
            "const [orderId, done] = arguments;
             fetch('/api/tosspay/checkout', {method: 'POST', headers: {'Content-Type': 'application/json'},
               body: JSON.stringify({orderId, amount: 100, returnUrl: location.origin + '/tosspay/return',
                                     cancelUrl: location.origin + '/tosspay/cancel'})})
               .then(r => r.json()).then(b => done(b.checkoutPage || JSON.stringify(b)));",
            vec![serde_json::json!(order_id)],
        )
        .await
        .unwrap();
    c.goto(page.as_str().unwrap()).await.unwrap();
    let amount = text(c, "[data-testid=sandbox-tosspay-amount]").await;
    assert_eq!(amount, "23000원", "the server's amount, not the browser's");
    // The buyer leaves Toss Pay's page: nothing is executed, the order can be paid again.
    click(c, "[data-testid=sandbox-cancel]").await;
    find(c, "[data-testid=tosspay-cancelled]").await;
    assert_eq!(shop.sandbox.count(Endpoint::TossPayExecute), 0);
    click(c, "[data-testid=back-to-checkout]").await;
    click(c, "[data-testid=pay-tosspay]").await;
    // The execute's answer is lost on the way back: the server reads the status instead.
    shop.sandbox.inject(
        Endpoint::TossPayExecute,
        tosspayments_sandbox::Fault::LoseResponse,
        1,
    );
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/tosspay/return");
    assert!(
        text(c, "[data-testid=confirmed-amount]")
            .await
            .contains("23,000")
    );
    // A reload of the return page executes nothing more.
    c.refresh().await.unwrap();
    find(c, "[data-testid=confirmed]").await;
    assert_eq!(shop.sandbox.applied(Endpoint::TossPayExecute), 1);
    // Toss Pay's resultCallback, twice and with a changed amount: re-verified, nothing moves.
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let provider = tosspayments_server::provider::ProviderId::tosspay();
    let token = shop
        .state
        .db
        .checkout(&id, &provider)
        .await
        .unwrap()
        .unwrap();
    for _ in 0..2 {
        let r = reqwest::Client::new()
            .post(format!("{}/api/webhooks/tosspay", shop.base))
            .json(
                &serde_json::json!({"status": "PAY_COMPLETE", "payToken": token.as_str(),
                                       "orderNo": order_id, "amount": 100}),
            )
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    }
    let order = shop.state.db.order(&id).await.unwrap().unwrap();
    assert_eq!((order.status.as_str(), order.amount), ("paid", 23_000));
    assert_eq!(shop.sandbox.applied(Endpoint::TossPayExecute), 1);

    // Staff refund part of it, then the rest, from the console.
    let row = open_console(c, &shop, &order_id).await;
    refund_from_console(
        c,
        &row,
        &[("3000", "partially_cancelled"), ("20000", "cancelled")],
    )
    .await;
    assert_eq!(shop.sandbox.applied(Endpoint::TossPayRefund), 2);
    browser.close().await;
}

/// Refunds each `(amount, status after)` from the console's open order `row`.
async fn refund_from_console(c: &Client, row: &str, steps: &[(&str, &str)]) {
    click(c, &format!("{row} [data-testid=console-open]")).await;
    // (A cleared field fires no input event; typing the whole value does.)
    for (amount, expected) in steps {
        let field = find(c, "[data-testid=refund-amount]").await;
        field.clear().await.unwrap();
        field.send_keys(amount).await.unwrap();
        let reason = find(c, "[data-testid=refund-reason]").await;
        reason.clear().await.unwrap();
        reason.send_keys("불량").await.unwrap();
        click(c, "[data-testid=refund-start]").await;
        click(c, "[data-testid=refund-confirm]").await;
        wait_text(c, &format!("{row} [data-testid=console-status]"), |s| {
            s == *expected
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apps_in_toss_mode_on_sqlite() {
    apps_in_toss_mode(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apps_in_toss_mode_on_postgres() {
    apps_in_toss_mode(Backend::Postgres).await;
}

/// The demo as an Apps-in-Toss mini-app (the sandbox's bridge stand-in plays the Toss app):
/// the buyer closes Toss Pay's sheet (Toss's reason is shown, nothing is executed), pays, and
/// staff refund everything (in-app payments are refunded in full).
async fn apps_in_toss_mode(backend: Backend) {
    let shop = Shop::start_on(Keyset::Widget, backend).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    click(c, "[data-testid=open-apps-in-toss]").await;
    click(c, "[data-testid=pay-in-toss]").await;
    find(c, "[data-testid=sandbox-apps-in-toss]").await;
    click(c, "[data-testid=sandbox-cancel]").await;
    let reason = text(c, "[data-testid=in-toss-reason]").await;
    assert!(!reason.is_empty(), "Toss's reason is shown as it is");
    assert_eq!(shop.sandbox.count(Endpoint::InAppExecute), 0);
    // Again, approved in the sheet: paid once the server executed it.
    click(c, "[data-testid=pay-in-toss]").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    assert!(
        text(c, "[data-testid=confirmed-amount]")
            .await
            .contains("23,000")
    );
    assert_eq!(shop.sandbox.applied(Endpoint::InAppExecute), 1);
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let order = shop.state.db.order(&id).await.unwrap().unwrap();
    assert_eq!(
        order.provider,
        Some(tosspayments_server::provider::ProviderId::apps_in_toss())
    );
    let row = open_console(c, &shop, &order_id).await;
    refund_from_console(c, &row, &[("23000", "cancelled")]).await;
    assert_eq!(shop.sandbox.applied(Endpoint::InAppRefund), 1);
    browser.close().await;
}

/// PortOne's window for the order of the checkout page `c` is on.
async fn open_portone(c: &Client) {
    click(c, "[data-testid=open-portone]").await;
    find(c, "[data-testid=pay-portone]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portone_with_the_callback_then_refunded_in_part_and_in_full() {
    let shop = Shop::start_on(Keyset::Widget, Backend::Sqlite).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    open_portone(c).await;
    // The buyer closes PortOne's window: PortOne's message, and the button again.
    click(c, "[data-testid=pay-portone]").await;
    let amount = text(c, "[data-testid=sandbox-portone-amount]").await;
    assert_eq!(amount, "23000원", "the server's amount");
    click(c, "[data-testid=sandbox-cancel]").await;
    let message = text(c, "[data-testid=portone-message]").await;
    assert!(message.contains("취소"), "{message}");
    // PortOne's access token expires meanwhile: the server gets a new one on its 401.
    shop.sandbox.portone_expire_token();
    click(c, "[data-testid=pay-portone]").await;
    click(c, "[data-testid=sandbox-approve]").await;
    find(c, "[data-testid=confirmed]").await;
    assert!(
        text(c, "[data-testid=confirmed-amount]")
            .await
            .contains("23,000")
    );
    let truth = shop.sandbox.portone_for_order(&order_id).unwrap();
    assert_eq!((truth.status, truth.balance), ("paid", 23_000));
    let row = open_console(c, &shop, &order_id).await;
    refund_from_console(
        c,
        &row,
        &[("3000", "partially_cancelled"), ("20000", "cancelled")],
    )
    .await;
    assert_eq!(shop.sandbox.applied(Endpoint::PortOneCancel), 2);
    let truth = shop.sandbox.portone_for_order(&order_id).unwrap();
    assert_eq!((truth.status, truth.balance), ("cancelled", 0));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portone_with_the_mobile_redirect_and_a_lost_verification_answer() {
    let shop = Shop::start_on(Keyset::Widget, Backend::Postgres).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    open_portone(c).await;
    // A mobile browser: PortOne leaves for m_redirect_url instead of calling back; the
    // verification's first answer is lost on the way back from PortOne.
    c.execute("window.IMP_SANDBOX_CHANNEL = 'mobile';", vec![])
        .await
        .unwrap();
    shop.sandbox.inject(
        Endpoint::PortOnePayment,
        tosspayments_sandbox::Fault::LoseResponse,
        1,
    );
    click(c, "[data-testid=pay-portone]").await;
    click(c, "[data-testid=sandbox-approve]").await;
    let url = loop {
        let url = c.current_url().await.unwrap();
        if url.path() == "/portone/return" {
            break url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(
        url.query().unwrap_or_default().contains("imp_uid="),
        "{url}"
    );
    // A lost answer leaves the verification in doubt: "try again" asks once more.
    let verdict = find(c, "[data-testid=confirmed], [data-testid=confirm-failed]").await;
    if verdict.attr("data-testid").await.unwrap().as_deref() == Some("confirm-failed") {
        click(c, "[data-testid=confirm-failed] button").await;
    }
    find(c, "[data-testid=confirmed]").await;
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let order = shop.state.db.order(&id).await.unwrap().unwrap();
    assert_eq!(order.status.as_str(), "paid");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portone_refuses_an_amount_changed_in_the_browser() {
    let shop = Shop::start(Keyset::Widget).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    let order_id = to_checkout(c, &shop).await;
    open_portone(c).await;
    // The buyer loads PortOne's SDK first and makes request_pay charge 100 won.
    c.execute_async(
        "const [url, done] = arguments;
         const s = document.createElement('script');
         s.src = url;
         s.onload = () => {
           const original = IMP.request_pay;
           IMP.request_pay = (p, cb) => original.call(IMP, Object.assign({}, p, {amount: 100}), cb);
           done();
         };
         document.head.appendChild(s);",
        vec![serde_json::json!(format!(
            "{}/v1/iamport.js",
            shop.sandbox.base_url()
        ))],
    )
    .await
    .unwrap();
    click(c, "[data-testid=pay-portone]").await;
    assert_eq!(
        text(c, "[data-testid=sandbox-portone-amount]").await,
        "100원"
    );
    click(c, "[data-testid=sandbox-approve]").await;
    // The server registered the order's amount with PortOne before the window opened: the
    // window for 100 won is stopped, and nothing is paid.
    let refusal = text(c, "[data-testid=portone-message]").await;
    assert!(refusal.contains("23000"), "{refusal}");
    assert_eq!(shop.sandbox.portone_for_order(&order_id), None);
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let order = shop.state.db.order(&id).await.unwrap().unwrap();
    assert_ne!(order.status.as_str(), "paid");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portone_billing_registers_a_card_and_charges_it() {
    let shop = Shop::start(Keyset::ApiIndividual).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    c.goto(&format!("{}/subscribe", shop.base)).await.unwrap();
    let customer = text(c, "[data-testid=customer-key]").await;
    assert!(!customer.is_empty());
    // PortOne's billing window: a card under the customer's customer_uid, nothing charged.
    click(c, "[data-testid=register-card-portone]").await;
    assert_eq!(text(c, "[data-testid=sandbox-portone-amount]").await, "0원");
    click(c, "[data-testid=sandbox-approve]").await;
    // The charge's answer is lost on the way back from PortOne: the server reads the payment
    // by its merchant_uid, and PortOne charged once.
    shop.sandbox.inject(
        Endpoint::PortOneCharge,
        tosspayments_sandbox::Fault::LoseResponse,
        1,
    );
    click(c, "[data-testid=charge]").await;
    wait_text(c, "[data-testid=charged] [data-testid=order-status]", |s| {
        s == "paid"
    })
    .await;
    assert_eq!(shop.sandbox.applied(Endpoint::PortOneCharge), 1);
    assert_eq!(shop.sandbox.count(Endpoint::PortOneCharge), 1);
    let first = find(c, "[data-testid=order-link]")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    // The next month: a second charge, its own order, one more payment at PortOne.
    click(c, "[data-testid=charge-again]").await;
    click(c, "[data-testid=charge]").await;
    wait_text(c, "[data-testid=charged] [data-testid=order-status]", |s| {
        s == "paid"
    })
    .await;
    let second = find(c, "[data-testid=order-link]")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(first, second);
    assert_eq!(shop.sandbox.applied(Endpoint::PortOneCharge), 2);
    browser.close().await;
}
