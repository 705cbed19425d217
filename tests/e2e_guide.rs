//! End to end, in real headless Chromium: a vanilla-JS checkout written from Toss's public
//! integration guide (`tests/guide/`, after tosspayments/tosspayments-sample's
//! `express-javascript/public/widget/`), the companion server and the sandbox. The pages make
//! their `customerKey` and `orderId` the sample's way (`btoa(Math.random()).slice(0, 20)`) and
//! post the successUrl's `amount` to the server as the string it is in the address.
//!
//! One browser runs every flow in turn (Chromium starts slowly); each flow is its own task, so
//! a failing one is named at the end and the others still run.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::Client;
use support::browser::Browser;
use support::page::{WAIT, click, find, text, wait_text};
use support::shop::{Keyset, Shop};
use tosspayments_sandbox::Endpoint;

/// `GET /api/orders/{id}` (with `?refresh=true` when `refresh`): the order as the server shows it.
async fn server_order(shop: &Shop, order_id: &str, refresh: bool) -> serde_json::Value {
    let query = if refresh { "?refresh=true" } else { "" };
    let response = reqwest::Client::new()
        .get(format!("{}/api/orders/{order_id}{query}", shop.base))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        status.is_success(),
        "GET /api/orders/{order_id}{query}: {status} {body}"
    );
    body
}

/// Polls `GET /api/orders/{id}` (no refresh: what webhooks and the reconciler made of it) until
/// the order is `want`.
async fn wait_order_status(shop: &Shop, order_id: &str, want: &str) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let order = server_order(shop, order_id, false).await;
        if order["status"] == want {
            return order;
        }
        assert!(
            started.elapsed() < WAIT,
            "order {order_id} never became {want}: {order}\nwebhooks: {:?}",
            shop.sandbox.webhook_deliveries()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether `id` is what the guide's `window.btoa(Math.random()).slice(0, 20)` makes: at most 20
/// characters of base64 that decode to the start of a JavaScript number's text ("0.1234…", or
/// "5e-7…" for a tiny one). base64 of digits, `.`, `e` and `-` never holds `+` or `/`; it may end
/// in `=`, which Toss's orderId and customerKey both allow.
fn is_sample_random_string(id: &str) -> bool {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(id)
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    id.len() <= 20
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'=')
        && decoded.is_some_and(|s| {
            s.starts_with(|c: char| c.is_ascii_digit())
                && s.chars().all(|c| c.is_ascii_digit() || ".e-".contains(c))
        })
}

/// Opens the guide's checkout page and waits until the widget shows the server's amount.
async fn open_checkout(c: &Client, shop: &Shop) {
    c.goto(&format!("{}/guide/checkout.html", shop.base))
        .await
        .unwrap();
    find(c, "[data-testid=sandbox-method-CARD]").await;
    find(c, "[data-testid=sandbox-agreement]").await;
    // setAmount had the amount the server priced (a t-shirt and a mug: 23,000 won).
    wait_text(c, "[data-testid=sandbox-widget-amount]", |s| {
        s == "23,000원"
    })
    .await;
}

/// Chooses `method` in the stand-in's widget (`None`: keep the preselected card), agrees to the
/// terms, presses the guide's 결제하기 and approves in the stand-in's payment window. Returns the
/// order id from the success page's address once the server has answered the confirm.
async fn pay(c: &Client, method: Option<&str>) -> String {
    if let Some(method) = method {
        click(c, &format!("[data-testid=sandbox-method-{method}]")).await;
    }
    click(c, "[data-testid=sandbox-agreement]").await;
    click(c, "#payment-button").await;
    click(c, "[data-testid=sandbox-approve]").await;
    wait_text(c, "#status", |s| !s.is_empty()).await;
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/guide/success.html", "{url}");
    let amount = url
        .query_pairs()
        .find(|(k, _)| k == "amount")
        .map(|(_, v)| v.into_owned());
    assert_eq!(amount.as_deref(), Some("23000"), "{url}");
    url.query_pairs()
        .find(|(k, _)| k == "orderId")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("orderId in the success address {url}"))
}

/// A card (the method the widget opens with): paid on the success page and at the server, with
/// the ids the page generated; a success address whose amount was changed is refused.
async fn card(c: Client, shop: Arc<Shop>) {
    open_checkout(&c, &shop).await;
    // What the page's widgets() was given reaches the stand-in's window in its authenticate
    // request; keep that body across the navigation to the success page (test-only hook).
    c.execute(
        "const f = window.fetch; window.fetch = function (url, init) { \
           if (String(url).includes('/sandbox/sdk/authenticate')) \
             sessionStorage.setItem('guide-authenticate', init.body); \
           return f.apply(this, arguments); };",
        vec![],
    )
    .await
    .unwrap();
    let order_id = pay(&c, None).await;
    assert_eq!(text(&c, "#status").await, "paid");
    assert_eq!(text(&c, "#account").await, "");

    assert!(
        is_sample_random_string(&order_id),
        "{order_id:?} is not btoa(Math.random()).slice(0, 20)"
    );
    let id = leptos_tosspayments::OrderId::parse(&order_id).unwrap();
    let row = shop.state.db.order(&id).await.unwrap().unwrap();
    assert_eq!(row.status.as_str(), "paid");
    assert_eq!(row.amount, 23_000);
    assert!(
        is_sample_random_string(row.customer_key.as_str()),
        "{:?} is not btoa(Math.random()).slice(0, 20)",
        row.customer_key
    );
    let authenticate = c
        .execute(
            "return sessionStorage.getItem('guide-authenticate');",
            vec![],
        )
        .await
        .unwrap();
    let authenticate: serde_json::Value = serde_json::from_str(
        authenticate
            .as_str()
            .expect("the authenticate body was kept"),
    )
    .unwrap();
    assert_eq!(
        authenticate["customerKey"],
        row.customer_key.as_str(),
        "the widget's customerKey is the generated one the order was created with"
    );
    assert_eq!(
        server_order(&shop, &order_id, false).await["status"],
        "paid"
    );
    let payments = shop.sandbox.payments_for_order(&order_id);
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].status, "DONE");
    assert_eq!(payments[0].method, Some("카드"));
    assert_eq!(payments[0].total_amount, 23_000);

    // The guide's success page posts the address's amount as it is: one changed there is
    // refused by the server before Toss, and the page sends the buyer to fail.html.
    let confirms = shop.sandbox.count(Endpoint::Confirm);
    let mut tampered = c.current_url().await.unwrap();
    let pairs: Vec<(String, String)> = tampered
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "amount" { "100".into() } else { v };
            (k.into_owned(), v.into_owned())
        })
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(pairs);
    c.goto(tampered.as_str()).await.unwrap();
    wait_text(&c, "#code", |s| !s.is_empty()).await;
    assert_eq!(c.current_url().await.unwrap().path(), "/guide/fail.html");
    assert_eq!(text(&c, "#code").await, "AMOUNT_MISMATCH");
    assert!(!text(&c, "#message").await.is_empty());
    assert_eq!(shop.sandbox.count(Endpoint::Confirm), confirms);
    assert_eq!(
        shop.state
            .db
            .order(&id)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "paid"
    );
}

/// An easy pay (토스페이) chosen in the widget's 간편결제 group: paid, and Toss's payment is a
/// `간편결제` with its provider.
async fn easy_pay(c: Client, shop: Arc<Shop>) {
    open_checkout(&c, &shop).await;
    let order_id = pay(&c, Some("TOSSPAY")).await;
    assert_eq!(text(&c, "#status").await, "paid");
    assert_eq!(
        server_order(&shop, &order_id, false).await["status"],
        "paid"
    );
    let payments = shop.sandbox.payments_for_order(&order_id);
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].status, "DONE");
    assert_eq!(payments[0].method, Some("간편결제"));
    let easy = payments[0]
        .easy_pay
        .as_ref()
        .expect("easyPay of a 간편결제");
    assert_eq!(easy.provider, "토스페이");
    assert_eq!(easy.amount + easy.discount_amount, 23_000);
}

/// A virtual account: the success page shows it waiting with its account number; returns the
/// order id.
async fn issue_virtual_account(c: &Client, shop: &Shop) -> String {
    open_checkout(c, shop).await;
    let order_id = pay(c, Some("VIRTUAL_ACCOUNT")).await;
    assert_eq!(text(c, "#status").await, "waiting_for_deposit");
    let account = text(c, "#account").await;
    assert!(!account.is_empty(), "the success page shows the account");
    let order = server_order(shop, &order_id, false).await;
    assert_eq!(order["status"], "waiting_for_deposit");
    assert_eq!(order["virtualAccount"]["accountNumber"], account.as_str());
    let payments = shop.sandbox.payments_for_order(&order_id);
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].status, "WAITING_FOR_DEPOSIT");
    order_id
}

/// A virtual account the buyer deposits into: Toss's DEPOSIT_CALLBACK makes the order paid.
async fn virtual_account_deposited(c: Client, shop: Arc<Shop>) {
    let order_id = issue_virtual_account(&c, &shop).await;
    shop.sandbox.deposit(&order_id).unwrap();
    wait_order_status(&shop, &order_id, "paid").await;
    assert_eq!(shop.sandbox.payments_for_order(&order_id)[0].status, "DONE");
}

/// A virtual account whose deadline passes: Toss sends nothing and leaves the payment waiting
/// with `virtualAccount.expired`; asking the server to refresh from Toss answers `expired`.
async fn virtual_account_expires(c: Client, shop: Arc<Shop>) {
    let order_id = issue_virtual_account(&c, &shop).await;
    shop.sandbox.expire_deposit(&order_id).unwrap();
    let payment = &shop.sandbox.payments_for_order(&order_id)[0];
    assert_eq!(payment.status, "WAITING_FOR_DEPOSIT");
    assert!(payment.virtual_account.as_ref().unwrap().expired);
    let order = server_order(&shop, &order_id, true).await;
    assert_eq!(order["status"], "expired", "{order}");
    // A deposit after the deadline fails at Toss; the order stays expired.
    assert!(shop.sandbox.deposit(&order_id).is_err());
    assert_eq!(
        server_order(&shop, &order_id, true).await["status"],
        "expired"
    );
}

/// A virtual account deposited, then the deposit reversed by the bank: paid, then waiting again.
async fn virtual_account_reversed(c: Client, shop: Arc<Shop>) {
    let order_id = issue_virtual_account(&c, &shop).await;
    shop.sandbox.deposit(&order_id).unwrap();
    wait_order_status(&shop, &order_id, "paid").await;
    shop.sandbox.reverse_deposit(&order_id).unwrap();
    assert_eq!(
        shop.sandbox.payments_for_order(&order_id)[0].status,
        "WAITING_FOR_DEPOSIT"
    );
    wait_order_status(&shop, &order_id, "waiting_for_deposit").await;
}

/// Runs one flow as its own task; a panic is recorded under the flow's name (with a screenshot)
/// and the next flow still runs.
async fn run<F>(browser: &Browser, failed: &mut Vec<String>, name: &str, flow: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    eprintln!("--- flow: {name}");
    let started = Instant::now();
    match tokio::spawn(flow).await {
        Ok(()) => eprintln!("--- flow: {name}: ok in {:?}", started.elapsed()),
        Err(e) => {
            let shot = browser.screenshot(&format!("guide-{name}-failed")).await;
            eprintln!(
                "--- flow: {name}: FAILED ({e}); screenshot {}",
                shot.display()
            );
            failed.push(name.to_owned());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guides_vanilla_checkout_pays_by_card_easy_pay_and_virtual_account() {
    // The guide's pages need no trunk build: the shop serves them at /guide beside the API.
    let pages = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/guide");
    let shop = Arc::new(Shop::serving(Keyset::Widget, pages).await);
    let browser = Browser::launch().await;
    let c = browser.client.clone();
    let mut failed = Vec::new();
    run(&browser, &mut failed, "card", card(c.clone(), shop.clone())).await;
    run(
        &browser,
        &mut failed,
        "easy_pay",
        easy_pay(c.clone(), shop.clone()),
    )
    .await;
    run(
        &browser,
        &mut failed,
        "virtual_account_deposited",
        virtual_account_deposited(c.clone(), shop.clone()),
    )
    .await;
    run(
        &browser,
        &mut failed,
        "virtual_account_expires",
        virtual_account_expires(c.clone(), shop.clone()),
    )
    .await;
    run(
        &browser,
        &mut failed,
        "virtual_account_reversed",
        virtual_account_reversed(c.clone(), shop.clone()),
    )
    .await;
    browser.close().await;
    assert!(failed.is_empty(), "failed flows: {failed:?}");
}
