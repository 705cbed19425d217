//! The sandbox's V2 SDK stand-in in real headless Chromium: a plain page (no framework) loads
//! it, renders the widget, and a person's clicks lead to successUrl or failUrl with the
//! documented query. The payment key it yields is then confirmed against the Core API stand-in.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::Query;
use axum::response::Html;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::browser::Browser;
use tosspayments_sandbox::{Endpoint, Sandbox, SandboxConfig, SandboxHandle, docs_keys};

/// A checkout page in plain JS, written the way Toss's own sample writes it.
fn checkout_page(sdk: &str, client_key: &str) -> String {
    format!(
        r##"<!doctype html><html><head><meta charset="utf-8"><script src="{sdk}"></script></head>
<body>
<div id="payment-method"></div><div id="agreement"></div>
<button id="pay">결제하기</button><button id="pay-va">가상계좌</button><button id="billing">카드 등록</button>
<p id="error"></p>
<script>
  const tossPayments = TossPayments("{client_key}");
  const origin = location.origin;
  const show = (e) => {{ document.getElementById("error").textContent = e.code; }};
  if ("{client_key}".includes("_gck_")) {{
    const widgets = tossPayments.widgets({{ customerKey: TossPayments.ANONYMOUS }});
    widgets.setAmount({{ currency: "KRW", value: 50000 }})
      .then(() => Promise.all([
        widgets.renderPaymentMethods({{ selector: "#payment-method", variantKey: "DEFAULT" }}),
        widgets.renderAgreement({{ selector: "#agreement", variantKey: "AGREEMENT" }}),
      ]))
      .then(() => {{ document.body.dataset.ready = "1"; }});
    document.getElementById("pay").onclick = () => widgets.requestPayment({{
      orderId: "order-chromium-01", orderName: "토스 티셔츠 외 2건",
      successUrl: origin + "/success", failUrl: origin + "/fail",
    }}).catch(show);
  }} else {{
    const payment = tossPayments.payment({{ customerKey: "cust-chromium-1" }});
    document.body.dataset.ready = "1";
    document.getElementById("pay-va").onclick = () => payment.requestPayment({{
      method: "VIRTUAL_ACCOUNT", amount: {{ currency: "KRW", value: 30000 }},
      orderId: "order-chromium-va", orderName: "가상계좌 주문",
      successUrl: origin + "/success", failUrl: origin + "/fail",
      virtualAccount: {{ validHours: 24 }},
    }}).catch(show);
    document.getElementById("billing").onclick = () => payment.requestBillingAuth({{
      method: "CARD", successUrl: origin + "/success?billingMethod=CARD&", failUrl: origin + "/fail",
    }}).catch(show);
  }}
</script></body></html>"##
    )
}

struct Shop {
    sandbox: SandboxHandle,
    base: String,
}

async fn shop(client_key: &'static str) -> Shop {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let page = checkout_page(&sandbox.sdk_url(), client_key);
    let echo = |title: &'static str| {
        move |Query(q): Query<HashMap<String, String>>| async move {
            Html(format!(
                "<!doctype html><meta charset=utf-8><h1>{title}</h1><pre id=query>{}</pre>",
                serde_json::to_string(&q).unwrap()
            ))
        }
    };
    let app = axum::Router::new()
        .route(
            "/checkout",
            axum::routing::get(move || async move { Html(page) }),
        )
        .route("/success", axum::routing::get(echo("success")))
        .route("/fail", axum::routing::get(echo("fail")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Shop { sandbox, base }
}

async fn click(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Waits for the success or fail page and returns its path and query.
async fn landed(c: &Client) -> (String, HashMap<String, String>) {
    let pre = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Id("query"))
        .await
        .expect("a redirect to successUrl or failUrl");
    let query: HashMap<String, String> = serde_json::from_str(&pre.text().await.unwrap()).unwrap();
    (c.current_url().await.unwrap().path().to_owned(), query)
}

async fn open(c: &Client, shop: &Shop) {
    c.goto(&format!("{}/checkout", shop.base)).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("body[data-ready='1']"))
        .await
        .expect("the SDK stand-in rendered");
}

async fn confirm(shop: &Shop, secret: &str, q: &HashMap<String, String>) -> Value {
    let body = json!({
        "paymentKey": q["paymentKey"], "orderId": q["orderId"], "amount": q["amount"].parse::<i64>().unwrap(),
    });
    reqwest::Client::new()
        .post(format!("{}/v1/payments/confirm", shop.sandbox.base_url()))
        .basic_auth(secret, Some(""))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn widget_click_through_lands_on_success_url_and_confirms() {
    let shop = shop(docs_keys::WIDGET_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;

    // Nothing chosen yet: the SDK refuses with its documented code.
    click(c, "#pay").await;
    let error = c.find(Locator::Id("error")).await.unwrap();
    for _ in 0..50 {
        if !error.text().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(error.text().await.unwrap(), "NOT_SELECTED_PAYMENT_METHOD");

    click(c, "[data-testid=sandbox-method-CARD]").await;
    click(c, "[data-testid=sandbox-agreement]").await;
    click(c, "#pay").await;
    browser.screenshot("sandbox-payment-window").await;
    click(c, "[data-testid=sandbox-approve]").await;

    let (path, q) = landed(c).await;
    assert_eq!(path, "/success");
    assert_eq!(q["paymentType"], "NORMAL");
    assert_eq!(q["orderId"], "order-chromium-01");
    assert_eq!(q["amount"], "50000");
    assert!(!q["paymentKey"].is_empty());

    let p = confirm(&shop, docs_keys::WIDGET_SECRET, &q).await;
    assert_eq!(p["status"], "DONE", "{p}");
    assert_eq!(p["totalAmount"], 50_000);
    assert_eq!(shop.sandbox.applied(Endpoint::Confirm), 1);
    browser.close().await;
}

#[tokio::test]
async fn cancelling_the_payment_window_lands_on_fail_url() {
    let shop = shop(docs_keys::WIDGET_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;
    click(c, "[data-testid=sandbox-method-TRANSFER]").await;
    click(c, "[data-testid=sandbox-agreement]").await;
    click(c, "#pay").await;
    click(c, "[data-testid=sandbox-cancel]").await;
    let (path, q) = landed(c).await;
    assert_eq!(path, "/fail");
    assert_eq!(q["code"], "PAY_PROCESS_CANCELED");
    assert_eq!(q["orderId"], "order-chromium-01");
    assert!(!q["message"].is_empty());
    assert_eq!(shop.sandbox.count(Endpoint::Confirm), 0);
    browser.close().await;
}

#[tokio::test]
async fn payment_window_virtual_account_and_billing_auth() {
    let shop = shop(docs_keys::API_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &shop).await;
    click(c, "#pay-va").await;
    click(c, "[data-testid=sandbox-approve]").await;
    let (path, q) = landed(c).await;
    assert_eq!(
        (path.as_str(), q["orderId"].as_str(), q["amount"].as_str()),
        ("/success", "order-chromium-va", "30000")
    );
    let p = confirm(&shop, docs_keys::API_SECRET, &q).await;
    assert_eq!(p["status"], "WAITING_FOR_DEPOSIT", "{p}");
    assert_eq!(p["method"], "가상계좌");

    open(c, &shop).await;
    click(c, "#billing").await;
    click(c, "[data-testid=sandbox-approve]").await;
    let (path, q) = landed(c).await;
    assert_eq!(path, "/success");
    assert_eq!(q["billingMethod"], "CARD", "the page's own query is kept");
    assert_eq!(q["customerKey"], "cust-chromium-1");
    let billing: Value = reqwest::Client::new()
        .post(format!(
            "{}/v1/billing/authorizations/issue",
            shop.sandbox.base_url()
        ))
        .basic_auth(docs_keys::API_SECRET, Some(""))
        .json(&json!({"authKey": q["authKey"], "customerKey": q["customerKey"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        billing["billingKey"]
            .as_str()
            .is_some_and(|k| !k.is_empty()),
        "{billing}"
    );
    browser.close().await;
}
