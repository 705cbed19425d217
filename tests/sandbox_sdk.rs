//! The sandbox's V2 SDK stand-in in real headless Chromium: a plain page (no framework) loads
//! it, renders the widget, and a person's clicks lead to successUrl or failUrl with the
//! documented query. The payment key it yields is then confirmed against the Core API stand-in.
//!
//! The rules checked here come from the SDK's own type declarations
//! (`@tosspayments/tosspayments-sdk`, `types/index.d.ts`); each test names the d.ts type.
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

/// A checkout page in plain JS, written the way Toss's own sample writes it. The SDK objects
/// are left on `window` (`tossPayments`, `widgets` and `methods`, or `payment`) so tests can
/// call them; `attempt(start)` tells whether a request was refused (its error code), or opened
/// the payment window (`opened:USER_CANCEL`, after closing it).
fn checkout_page(sdk: &str, client_key: &str) -> String {
    format!(
        r##"<!doctype html><html><head><meta charset="utf-8"><script src="{sdk}"></script></head>
<body>
<div id="payment-method"></div><div id="agreement"></div>
<button id="pay">결제하기</button><button id="pay-va">가상계좌</button><button id="billing">카드 등록</button>
<p id="error"></p>
<script>
  const tossPayments = TossPayments("{client_key}");
  window.tossPayments = tossPayments;
  const origin = location.origin;
  const show = (e) => {{ document.getElementById("error").textContent = e.code; }};
  window.attempt = async (start) => {{
    const p = start();
    const early = await Promise.race([
      p.then(() => "resolved", (e) => e.code),
      new Promise((r) => setTimeout(() => r(null), 300)),
    ]);
    if (early !== null) return early;
    if (!document.querySelector("[data-testid=sandbox-payment-window]")) return "pending-without-window";
    document.querySelector("[data-testid=sandbox-close]").click();
    return p.then(() => "resolved", (e) => "opened:" + e.code);
  }};
  window.windowMethod = async (start) => {{
    const p = start();
    await new Promise((r) => setTimeout(r, 100));
    const el = document.querySelector("[data-testid=sandbox-window-method]");
    const text = el ? el.textContent : null;
    document.querySelector("[data-testid=sandbox-close]").click();
    await p.catch(() => null);
    return text;
  }};
  window.approveInPromiseMode = async (start) => {{
    const p = start();
    await new Promise((r) => setTimeout(r, 100));
    document.querySelector("[data-testid=sandbox-approve]").click();
    return await p;
  }};
  if ("{client_key}".includes("_gck_")) {{
    const widgets = tossPayments.widgets({{ customerKey: TossPayments.ANONYMOUS }});
    window.widgets = widgets;
    widgets.setAmount({{ currency: "KRW", value: 50000 }})
      .then(() => Promise.all([
        widgets.renderPaymentMethods({{ selector: "#payment-method", variantKey: "DEFAULT" }}),
        widgets.renderAgreement({{ selector: "#agreement", variantKey: "AGREEMENT" }}),
      ]))
      .then(([methods]) => {{ window.methods = methods; document.body.dataset.ready = "1"; }});
    document.getElementById("pay").onclick = () => widgets.requestPayment({{
      orderId: "order-chromium-01", orderName: "토스 티셔츠 외 2건",
      successUrl: origin + "/success", failUrl: origin + "/fail",
    }}).catch(show);
  }} else {{
    const payment = tossPayments.payment({{ customerKey: "cust-chromium-1" }});
    window.payment = payment;
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
    // Polled by hand: a find that overlaps the redirect itself fails with "aborted by
    // navigation" instead of waiting, so any error before the deadline means "look again".
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let pre = loop {
        match c.find(Locator::Id("query")).await {
            Ok(element) => break element,
            Err(_) if std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("a redirect to successUrl or failUrl: {e}"),
        }
    };
    let query: HashMap<String, String> = serde_json::from_str(&pre.text().await.unwrap()).unwrap();
    (c.current_url().await.unwrap().path().to_owned(), query)
}

/// The query parameter names of the current address, in order.
async fn query_names(c: &Client) -> Vec<String> {
    c.current_url()
        .await
        .unwrap()
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect()
}

async fn open(c: &Client, shop: &Shop) {
    c.goto(&format!("{}/checkout", shop.base)).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("body[data-ready='1']"))
        .await
        .expect("the SDK stand-in rendered");
}

/// Runs `body` as the body of an async function in the page: `{"ok": <returned>}`, or
/// `{"error": <code>, "name": <class>}` when it throws.
async fn run(c: &Client, body: &str) -> Value {
    let script = format!(
        "return (async () => {{ {body} }})().then(\
         (v) => ({{ ok: v === undefined ? null : v }}),\
         (e) => ({{ error: e && e.code, name: e && e.name, message: String(e && e.message) }}));"
    );
    c.execute(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
}

/// What `body` returns (it must not throw).
async fn ok(c: &Client, body: &str) -> Value {
    let v = run(c, body).await;
    assert!(v.get("error").is_none(), "{body}\nthrew {v}");
    v["ok"].clone()
}

/// The code `body` throws (it must throw).
async fn error_code(c: &Client, body: &str) -> String {
    let v = run(c, body).await;
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}\ndid not throw: {v}"))
        .to_owned()
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

/// A payment() request's common fields, as a JS object literal body (no braces).
const BASE_REQUEST: &str = r#"amount: { currency: "KRW", value: 15000 }, orderId: "order-js-0001", orderName: "토스 티셔츠""#;

#[tokio::test]
async fn widget_click_through_lands_on_success_url_and_confirms() {
    let shop = shop(docs_keys::WIDGET_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;

    // A method is already selected, so agreeing is all a buyer needs before paying.
    click(c, "[data-testid=sandbox-agreement]").await;
    click(c, "#pay").await;
    browser.screenshot("sandbox-payment-window").await;
    click(c, "[data-testid=sandbox-approve]").await;

    let (path, q) = landed(c).await;
    assert_eq!(path, "/success");
    // d.ts RequestPaymentWithRedirection$1 (widgets):
    // {successUrl}?paymentType={PAYMENT_TYPE}&amount={AMOUNT}&orderId={ORDER_ID}&paymentKey={PAYMENT_KEY}
    assert_eq!(
        query_names(c).await,
        ["paymentType", "amount", "orderId", "paymentKey"]
    );
    assert_eq!(q["paymentType"], "NORMAL");
    assert_eq!(q["orderId"], "order-chromium-01");
    assert_eq!(q["amount"], "50000");
    assert!(!q["paymentKey"].is_empty());

    let p = confirm(&shop, docs_keys::WIDGET_SECRET, &q).await;
    assert_eq!(p["status"], "DONE", "{p}");
    assert_eq!(p["totalAmount"], 50_000);
    assert_eq!(p["method"], "카드");
    assert_eq!(p["easyPay"], Value::Null);
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
    // d.ts RequestVirtualAccountPaymentWithRedirection (payment()):
    // {successUrl}?amount={AMOUNT}&orderId={ORDER_ID}&paymentKey={PAYMENT_KEY}: no paymentType.
    assert_eq!(query_names(c).await, ["amount", "orderId", "paymentKey"]);
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

/// Item 7: the widget opens with a method selected; item 3: `getSelectedPaymentMethod()` never
/// resolves `null` (d.ts `() => Promise<WidgetSelectedPaymentMethod>`).
#[tokio::test]
async fn widget_preselects_a_method_and_never_reports_none() {
    let shop = shop(docs_keys::WIDGET_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;

    assert_eq!(
        ok(c, "return await methods.getSelectedPaymentMethod();").await,
        json!({"code": "CARD"})
    );
    let card = c
        .find(Locator::Css("[data-testid=sandbox-method-CARD]"))
        .await
        .unwrap();
    assert!(card.is_selected().await.unwrap(), "CARD is checked");

    // Easy pays are offered under 간편결제, each reporting its provider code (d.ts
    // WidgetsPaymentMethodCode).
    let easy = c
        .find(Locator::Css("[data-testid=sandbox-easy-pays]"))
        .await
        .unwrap();
    let text = c
        .find(Locator::Css("[data-testid=sandbox-methods-widget]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("간편결제"), "{text}");
    for code in [
        "TOSSPAY",
        "NAVERPAY",
        "SAMSUNGPAY",
        "LPAY",
        "KAKAOPAY",
        "PAYCO",
        "SSG",
    ] {
        easy.find(Locator::Css(&format!(
            "[data-testid=sandbox-method-{code}]"
        )))
        .await
        .unwrap_or_else(|_| panic!("{code} offered"));
    }
    click(c, "[data-testid=sandbox-method-NAVERPAY]").await;
    assert_eq!(
        ok(c, "return await methods.getSelectedPaymentMethod();").await,
        json!({"code": "NAVERPAY"})
    );

    // Agreeing is enough to reach the payment window (no NOT_SELECTED_PAYMENT_METHOD).
    click(c, "[data-testid=sandbox-agreement]").await;
    assert_eq!(
        ok(
            c,
            r#"return await attempt(() => widgets.requestPayment({ orderId: "order-js-0002", orderName: "티셔츠" }));"#
        )
        .await,
        "opened:USER_CANCEL"
    );

    // After destroy() there is nothing to report: UNKNOWN (the only error the d.ts lists), and
    // requestPayment has no method.
    ok(c, "await methods.destroy();").await;
    assert_eq!(
        error_code(c, "return await methods.getSelectedPaymentMethod();").await,
        "UNKNOWN"
    );
    assert_eq!(
        error_code(
            c,
            r#"return await widgets.requestPayment({ orderId: "order-js-0003", orderName: "티셔츠" });"#
        )
        .await,
        "NOT_SELECTED_PAYMENT_METHOD"
    );
    browser.close().await;
}

/// Item 4: an easy pay chosen in the widget is confirmed as `간편결제` with `easyPay`.
#[tokio::test]
async fn widget_easy_pay_is_confirmed_as_easy_pay() {
    let shop = shop(docs_keys::WIDGET_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;
    click(c, "[data-testid=sandbox-method-KAKAOPAY]").await;
    click(c, "[data-testid=sandbox-agreement]").await;
    click(c, "#pay").await;
    let shown = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("[data-testid=sandbox-window-method]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, "간편결제 (카카오페이)");
    click(c, "[data-testid=sandbox-approve]").await;
    let (path, q) = landed(c).await;
    assert_eq!(path, "/success");
    assert_eq!(q["paymentType"], "NORMAL");

    let p = confirm(&shop, docs_keys::WIDGET_SECRET, &q).await;
    assert_eq!(p["status"], "DONE", "{p}");
    assert_eq!(p["method"], "간편결제");
    assert_eq!(
        p["easyPay"],
        json!({"provider": "카카오페이", "amount": 50000, "discountAmount": 0})
    );
    assert_eq!(p["card"], Value::Null);
    browser.close().await;
}

/// Item 4: `payment().requestPayment({method: "CARD", card: {flowMode: "DIRECT", easyPay}})`
/// opens the provider directly and ends in an easy-pay payment (d.ts CardPaymentRequest.card).
#[tokio::test]
async fn payment_window_direct_easy_pay() {
    let shop = shop(docs_keys::API_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;

    // DIRECT needs easyPay or cardCompany (Core API "Create Payment", seed 001); an unknown
    // easy-pay code is refused.
    for card in [
        r#"{ flowMode: "DIRECT" }"#,
        r#"{ flowMode: "DIRECT", easyPay: "NOPAY" }"#,
        r#"{ flowMode: "SOMETIMES" }"#,
    ] {
        assert_eq!(
            error_code(
                c,
                &format!(
                    r#"return await payment.requestPayment({{ method: "CARD", {BASE_REQUEST}, card: {card} }});"#
                )
            )
            .await,
            "INVALID_PARAMETERS",
            "{card}"
        );
    }
    // With DEFAULT (or no flowMode) easyPay is ignored: the integrated window, a card payment.
    assert_eq!(
        ok(
            c,
            &format!(
                r#"return await windowMethod(() => payment.requestPayment({{ method: "CARD", {BASE_REQUEST}, card: {{ flowMode: "DEFAULT", easyPay: "TOSSPAY" }} }}));"#
            )
        )
        .await,
        "카드"
    );
    assert_eq!(
        ok(
            c,
            &format!(
                r#"return await windowMethod(() => payment.requestPayment({{ method: "CARD", {BASE_REQUEST}, card: {{ flowMode: "DIRECT", cardCompany: "61" }} }}));"#
            )
        )
        .await,
        "카드"
    );

    ok(
        c,
        &format!(
            r#"payment.requestPayment({{ method: "CARD", {BASE_REQUEST},
                successUrl: location.origin + "/success", failUrl: location.origin + "/fail",
                card: {{ flowMode: "DIRECT", easyPay: "TOSSPAY" }} }});"#
        ),
    )
    .await;
    let shown = c
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("[data-testid=sandbox-window-method]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, "간편결제 (토스페이)");
    click(c, "[data-testid=sandbox-approve]").await;
    let (path, q) = landed(c).await;
    assert_eq!(path, "/success");
    assert_eq!(query_names(c).await, ["amount", "orderId", "paymentKey"]);
    let p = confirm(&shop, docs_keys::API_SECRET, &q).await;
    assert_eq!(p["status"], "DONE", "{p}");
    assert_eq!(p["method"], "간편결제");
    assert_eq!(
        p["easyPay"],
        json!({"provider": "토스페이", "amount": 15000, "discountAmount": 0})
    );
    browser.close().await;
}

/// Item 2: promise-mode results carry exactly the d.ts result type's fields.
#[tokio::test]
async fn promise_results_follow_the_result_types() {
    let browser = Browser::launch().await;
    let c = &browser.client;

    // d.ts RequestPaymentResult {paymentKey, orderId, amount}: no paymentType.
    let api = shop(docs_keys::API_CLIENT).await;
    open(c, &api).await;
    let r = ok(
        c,
        &format!(
            r#"return await approveInPromiseMode(() => payment.requestPayment({{ method: "CARD", {BASE_REQUEST} }}));"#
        ),
    )
    .await;
    let mut keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["amount", "orderId", "paymentKey"], "{r}");
    assert_eq!(r["orderId"], "order-js-0001");
    assert_eq!(r["amount"], json!({"currency": "KRW", "value": 15000}));
    assert!(r["paymentKey"].as_str().is_some_and(|k| !k.is_empty()));

    // d.ts WidgetPaymentResult {paymentType, paymentKey, orderId, amount}.
    let widget = shop(docs_keys::WIDGET_CLIENT).await;
    open(c, &widget).await;
    click(c, "[data-testid=sandbox-agreement]").await;
    let r = ok(
        c,
        r#"return await approveInPromiseMode(() => widgets.requestPayment({ orderId: "order-js-0004", orderName: "티셔츠" }));"#,
    )
    .await;
    let mut keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["amount", "orderId", "paymentKey", "paymentType"],
        "{r}"
    );
    assert_eq!(r["paymentType"], "NORMAL");
    assert_eq!(r["amount"], json!({"currency": "KRW", "value": 50000}));
    browser.close().await;
}

/// Item 1: FOREIGN_EASY_PAY needs `foreignEasyPay` (d.ts ForeignEasyPayPaymentRequest).
#[tokio::test]
async fn foreign_easy_pay_requires_its_options() {
    let shop = shop(docs_keys::API_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;
    let usd = r#"method: "FOREIGN_EASY_PAY", amount: { currency: "USD", value: 100 }, orderId: "order-js-0005", orderName: "T-shirt",
        successUrl: location.origin + "/success", failUrl: location.origin + "/fail""#;
    for options in [
        "",
        r#", foreignEasyPay: null"#,
        r#", foreignEasyPay: { country: "KR" }"#,
        r#", foreignEasyPay: { provider: "VENMO", country: "KR" }"#,
        r#", foreignEasyPay: { provider: "PAYPAL" }"#,
        r#", foreignEasyPay: { provider: "PAYPAL", country: "KOR" }"#,
    ] {
        assert_eq!(
            error_code(
                c,
                &format!("return await payment.requestPayment({{ {usd}{options} }});")
            )
            .await,
            "INVALID_PARAMETERS",
            "{options:?}"
        );
    }
    // d.ts RequestPayment: FOREIGN_EASY_PAY has only a redirect overload.
    assert_eq!(
        error_code(
            c,
            r#"return await payment.requestPayment({ method: "FOREIGN_EASY_PAY", amount: { currency: "USD", value: 100 },
                orderId: "order-js-0005", orderName: "T-shirt", foreignEasyPay: { provider: "PAYPAL", country: "KR" } });"#
        )
        .await,
        "NOT_SUPPORTED_PROMISE"
    );
    assert_eq!(
        ok(
            c,
            &format!(
                r#"return await attempt(() => payment.requestPayment({{ {usd}, foreignEasyPay: {{ provider: "PAYPAL", country: "KR" }} }}));"#
            )
        )
        .await,
        "opened:USER_CANCEL"
    );
    browser.close().await;
}

/// Item 5: `virtualAccount.validHours` at most 2160 (d.ts VirtualAccountPaymentRequest), a
/// positive integer; `dueDate` in the future; otherwise EXCEED_MAX_DUE_DATE / INVALID_PARAMETERS.
#[tokio::test]
async fn virtual_account_deadlines() {
    let shop = shop(docs_keys::API_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;
    let request = |va: &str| {
        format!(
            r#"return await attempt(() => payment.requestPayment({{ method: "VIRTUAL_ACCOUNT", {BASE_REQUEST}, virtualAccount: {va} }}));"#
        )
    };
    // A dueDate in `yyyy-MM-dd'T'HH:mm:ss`, KST, `days` from now.
    let kst_in_days = |days: i64| {
        format!("new Date(Date.now() + {days} * 86400000 + 9 * 3600000).toISOString().slice(0, 19)")
    };
    let cases = [
        ("{ validHours: 2161 }".to_owned(), "EXCEED_MAX_DUE_DATE"),
        ("{ validHours: 100000 }".to_owned(), "EXCEED_MAX_DUE_DATE"),
        ("{ validHours: 0 }".to_owned(), "INVALID_PARAMETERS"),
        ("{ validHours: -1 }".to_owned(), "INVALID_PARAMETERS"),
        ("{ validHours: 1.5 }".to_owned(), "INVALID_PARAMETERS"),
        (r#"{ validHours: "24" }"#.to_owned(), "INVALID_PARAMETERS"),
        ("{ validHours: 2160 }".to_owned(), "opened:USER_CANCEL"),
        ("{ validHours: 1 }".to_owned(), "opened:USER_CANCEL"),
        (
            r#"{ dueDate: "2020-01-01T00:00:00" }"#.to_owned(),
            "EXCEED_MAX_DUE_DATE",
        ),
        (
            format!("{{ dueDate: {} }}", kst_in_days(-1)),
            "EXCEED_MAX_DUE_DATE",
        ),
        (
            format!("{{ dueDate: {} }}", kst_in_days(91)),
            "EXCEED_MAX_DUE_DATE",
        ),
        (
            r#"{ dueDate: "2030-13-01T00:00:00" }"#.to_owned(),
            "INVALID_PARAMETERS",
        ),
        (
            r#"{ dueDate: "2030-01-01" }"#.to_owned(),
            "INVALID_PARAMETERS",
        ),
        (
            r#"{ dueDate: "2030-01-01T00:00:00+09:00" }"#.to_owned(),
            "INVALID_PARAMETERS",
        ),
        (
            format!("{{ dueDate: {} }}", kst_in_days(1)),
            "opened:USER_CANCEL",
        ),
        ("{ useEscrow: false }".to_owned(), "opened:USER_CANCEL"),
    ];
    for (va, want) in cases {
        assert_eq!(ok(c, &request(&va)).await, want, "virtualAccount: {va}");
    }
    browser.close().await;
}

/// Item 6: metadata (d.ts `metadata` doc comment): at most 5 pairs, keys at most 40 characters
/// without `[` or `]`, values strings of at most 2000 characters.
#[tokio::test]
async fn metadata_limits() {
    let shop = shop(docs_keys::API_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;
    let request = |metadata: &str| {
        format!(
            r#"return await attempt(() => payment.requestPayment({{ method: "CARD", {BASE_REQUEST}, metadata: {metadata} }}));"#
        )
    };
    let refused = [
        "{ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' }",
        "{ ['k'.repeat(41)]: 'v' }",
        "{ 'a[0]': 'v' }",
        "{ 'a]': 'v' }",
        "{ k: 'v'.repeat(2001) }",
        "{ k: 1 }",
        "{ k: true }",
        "{ k: null }",
        "{ k: { nested: 'v' } }",
        "'a string'",
        "['v']",
    ];
    for metadata in refused {
        assert_eq!(
            ok(c, &request(metadata)).await,
            "INVALID_METADATA",
            "metadata: {metadata}"
        );
    }
    let accepted = [
        "{ a: '1', b: '2', c: '3', d: '4', e: '5' }",
        "{ ['k'.repeat(40)]: 'v'.repeat(2000) }",
        "{ '주문-번호_(1)': '값' }",
        "{}",
        "null",
    ];
    for metadata in accepted {
        assert_eq!(
            ok(c, &request(metadata)).await,
            "opened:USER_CANCEL",
            "metadata: {metadata}"
        );
    }
    browser.close().await;
}

/// Item 4, the sandbox side: the stand-in's authenticate call carries the provider, and the
/// Payment names it in Korean; an unknown provider is refused.
#[tokio::test]
async fn authenticate_carries_the_easy_pay_provider() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let http = reqwest::Client::new();
    let body = |order: &str, easy_pay: &str| {
        json!({
            "clientKey": docs_keys::WIDGET_CLIENT, "customerKey": "@@ANONYMOUS", "flow": "WIDGET",
            "method": "EASY_PAY", "easyPay": easy_pay, "orderId": order, "orderName": "티셔츠",
            "amount": {"value": 12000, "currency": "KRW"},
        })
    };
    let res = http
        .post(format!("{}/sandbox/sdk/authenticate", sandbox.base_url()))
        .json(&body("order-auth-0001", "NAVERPAY"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let payments = sandbox.payments_for_order("order-auth-0001");
    let p = serde_json::to_value(&payments[0]).unwrap();
    assert_eq!(p["method"], "간편결제");
    assert_eq!(p["easyPay"]["provider"], "네이버페이");

    let res = http
        .post(format!("{}/sandbox/sdk/authenticate", sandbox.base_url()))
        .json(&body("order-auth-0002", "NOPAY"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert!(sandbox.payments_for_order("order-auth-0002").is_empty());
}

/// `testing::pay_script`, the helper a storefront's own e2e tests use, pays with the method it
/// names.
#[tokio::test]
async fn the_pay_script_helper_pays_with_the_method_it_names() {
    let shop = shop(docs_keys::WIDGET_CLIENT).await;
    let browser = Browser::launch().await;
    let c = &browser.client;
    open(c, &shop).await;
    c.execute(
        &tosspayments_sandbox::testing::pay_script("TRANSFER", "#pay"),
        vec![],
    )
    .await
    .unwrap();
    let (path, q) = landed(c).await;
    assert_eq!(path, "/success");
    let p = confirm(&shop, docs_keys::WIDGET_SECRET, &q).await;
    assert_eq!(
        (p["status"].as_str(), p["method"].as_str()),
        (Some("DONE"), Some("계좌이체")),
        "{p}"
    );
    browser.close().await;
}
