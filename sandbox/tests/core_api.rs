//! The Core API stand-in over real HTTP: every endpoint and every rule it enforces.

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Env, Merchant, basic};
use tosspayments_sandbox::{Endpoint, SandboxConfig, docs_keys};

const SK: &str = docs_keys::WIDGET_SECRET;

#[tokio::test]
async fn card_payment_confirms_once_and_is_queryable() {
    let env = Env::start().await;
    let key = env.widget_payment("order-happy-0001", 50_000).await;

    let (status, before) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(
        (status, before["status"].as_str()),
        (200, Some("IN_PROGRESS"))
    );

    let (status, p) = env.confirm(&key, "order-happy-0001", 50_000).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["status"], "DONE");
    assert_eq!(p["method"], "카드");
    assert_eq!(p["totalAmount"], 50_000);
    assert_eq!(p["balanceAmount"], 50_000);
    assert_eq!(p["orderId"], "order-happy-0001");
    assert_eq!(p["type"], "NORMAL");
    assert!(
        p["approvedAt"].as_str().unwrap().ends_with("+09:00"),
        "{}",
        p["approvedAt"]
    );
    assert!(p["requestedAt"].as_str().unwrap().ends_with("+09:00"));
    assert_eq!(p["card"]["amount"], 50_000);
    assert!(p["receipt"]["url"].is_string() && p["checkout"]["url"].is_string());
    assert_eq!(
        p["vat"].as_u64().unwrap() + p["suppliedAmount"].as_u64().unwrap(),
        50_000
    );

    let (_, by_key) = env.get(SK, &format!("/v1/payments/{key}")).await;
    let (_, by_order) = env.get(SK, "/v1/payments/orders/order-happy-0001").await;
    assert_eq!(by_key, p);
    assert_eq!(by_order, p);

    let (status, again) = env.confirm(&key, "order-happy-0001", 50_000).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (400, Some("ALREADY_PROCESSED_PAYMENT"))
    );
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
}

#[tokio::test]
async fn confirm_refuses_a_different_amount_or_order_and_changes_nothing() {
    let env = Env::start().await;
    let key = env.widget_payment("order-tamper-01", 50_000).await;
    let (status, e) = env.confirm(&key, "order-tamper-01", 100).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("INVALID_REQUEST")));
    let (status, e) = env.confirm(&key, "order-other-01", 50_000).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("INVALID_REQUEST")));
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "IN_PROGRESS");
    let (status, _) = env.confirm(&key, "order-tamper-01", 50_000).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn basic_auth_is_enforced() {
    let env = Env::start().await;
    let key = env.widget_payment("order-auth-0001", 1_000).await;
    let body = json!({"paymentKey": key, "orderId": "order-auth-0001", "amount": 1000});
    let send = |auth: Option<String>| {
        let mut r = env.http.post(env.url("/v1/payments/confirm")).json(&body);
        if let Some(a) = auth {
            r = r.header("Authorization", a);
        }
        async move {
            let r = r.send().await.unwrap();
            let s = r.status().as_u16();
            let body = r.json::<serde_json::Value>().await.unwrap();
            (s, body["code"].as_str().unwrap_or("(no code)").to_owned())
        }
    };
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let nopad = |s: &str| base64::engine::general_purpose::STANDARD_NO_PAD.encode(s);
    assert_eq!(send(None).await, (401, "UNAUTHORIZED_KEY".into()));
    assert_eq!(
        send(Some(format!("Basic {}", b64(SK)))).await,
        (403, "INCORRECT_BASIC_AUTH_FORMAT".into())
    );
    assert_eq!(
        send(Some(format!("Bearer {}", b64(&format!("{SK}:"))))).await,
        (403, "INCORRECT_BASIC_AUTH_FORMAT".into())
    );
    // `test_sk_…:` is 37 bytes, so its standard encoding ends in `=`; dropping the padding (as
    // tosspayments-rs does) is refused.
    let api = format!("{}:", docs_keys::API_SECRET);
    let unpadded = nopad(&api);
    assert_ne!(unpadded, b64(&api), "this key's encoding needs padding");
    assert_eq!(
        send(Some(format!("Basic {unpadded}"))).await,
        (403, "INCORRECT_BASIC_AUTH_FORMAT".into())
    );
    // The docs' broken example: a literal " + " inside the encoded value.
    assert_eq!(
        send(Some(format!("Basic {}", b64(&format!("{SK} + :"))))).await,
        (401, "UNAUTHORIZED_KEY".into())
    );
    assert_eq!(
        send(Some(basic("test_gsk_unknownkey123"))).await,
        (401, "UNAUTHORIZED_KEY".into())
    );
    // The API-individual secret key is valid but belongs to another pair than this payment's.
    assert_eq!(
        send(Some(basic(docs_keys::API_SECRET))).await,
        (400, "INVALID_API_KEY".into())
    );
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 0);
    assert_eq!(send(Some(basic(SK))).await.0, 200);
}

#[tokio::test]
async fn the_confirm_window_closes() {
    let env = Env::start().await;
    let key = env.widget_payment("order-late-0001", 1_000).await;
    env.sandbox.clock().advance(Duration::from_secs(11 * 60));
    let (status, e) = env.confirm(&key, "order-late-0001", 1_000).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("NOT_FOUND_PAYMENT_SESSION"))
    );
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "EXPIRED");
    let (status, e) = env
        .confirm("no-such-payment-key", "order-late-0001", 1_000)
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("NOT_FOUND_PAYMENT_SESSION"))
    );
    let (status, e) = env.get(SK, "/v1/payments/no-such-key").await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("NOT_FOUND_PAYMENT"))
    );
}

#[tokio::test]
async fn idempotency_keys_replay_and_are_scoped() {
    let env = Env::start().await;
    let key = env.widget_payment("order-idem-0001", 7_000).await;
    let body = json!({"paymentKey": key, "orderId": "order-idem-0001", "amount": 7000});
    let first = env
        .post_with(SK, "/v1/payments/confirm", body.clone(), Some("idem-A"))
        .await;
    let second = env
        .post_with(SK, "/v1/payments/confirm", body.clone(), Some("idem-A"))
        .await;
    assert_eq!(first.0, 200);
    assert_eq!(first, second, "a repeated key replays the first answer");
    let other_key = env
        .post_with(SK, "/v1/payments/confirm", body.clone(), Some("idem-B"))
        .await;
    assert_eq!(other_key.1["code"], "ALREADY_PROCESSED_PAYMENT");
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
    let replays = env.sandbox.requests().iter().filter(|r| r.replayed).count();
    assert_eq!(replays, 1);

    let long = "k".repeat(301);
    let (status, e) = env
        .post_with(SK, "/v1/payments/confirm", body.clone(), Some(&long))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("INVALID_IDEMPOTENCY_KEY"))
    );
    let ok300 = "k".repeat(300);
    assert_ne!(
        env.post_with(SK, "/v1/payments/confirm", body.clone(), Some(&ok300))
            .await
            .1["code"],
        "INVALID_IDEMPOTENCY_KEY"
    );

    // After 15 days the key is forgotten: the request runs again.
    env.sandbox
        .clock()
        .advance(Duration::from_secs(15 * 24 * 3600 + 1));
    let late = env
        .post_with(SK, "/v1/payments/confirm", body, Some("idem-A"))
        .await;
    assert_eq!(late.1["code"], "ALREADY_PROCESSED_PAYMENT");
}

#[tokio::test]
async fn a_concurrent_duplicate_gets_409() {
    let env = Env::start().await;
    env.sandbox
        .set_latency(tosspayments_sandbox::Latency::Fixed { ms: 300 });
    let key = env.widget_payment("order-idem-0002", 7_000).await;
    let body = json!({"paymentKey": key, "orderId": "order-idem-0002", "amount": 7000});
    let a = env.post_with(SK, "/v1/payments/confirm", body.clone(), Some("same"));
    let b = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        env.post_with(SK, "/v1/payments/confirm", body.clone(), Some("same"))
            .await
    };
    let (a, b) = tokio::join!(a, b);
    assert_eq!(a.0, 200);
    assert_eq!(
        (b.0, b.1["code"].as_str()),
        (409, Some("IDEMPOTENT_REQUEST_PROCESSING"))
    );
}

#[tokio::test]
async fn partial_and_full_cancel_respect_the_balance() {
    let env = Env::start().await;
    let key = env.widget_payment("order-cancel-01", 50_000).await;
    assert_eq!(env.confirm(&key, "order-cancel-01", 50_000).await.0, 200);
    let path = format!("/v1/payments/{key}/cancel");

    let (status, e) = env.post(SK, &path, json!({"cancelAmount": 1000})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "cancelReason is required"
    );
    let (status, p) = env
        .post(
            SK,
            &path,
            json!({"cancelReason": "사이즈 교환", "cancelAmount": 10_000}),
        )
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["status"], "PARTIAL_CANCELED");
    assert_eq!(p["balanceAmount"], 40_000);
    assert_eq!(p["cancels"][0]["cancelAmount"], 10_000);
    assert!(
        p["cancels"][0]["canceledAt"]
            .as_str()
            .unwrap()
            .ends_with("+09:00")
    );

    let (status, e) = env
        .post(
            SK,
            &path,
            json!({"cancelReason": "too much", "cancelAmount": 40_001}),
        )
        .await;
    // Toss's error-code list: NOT_CANCELABLE_AMOUNT is 403.
    assert_eq!(
        (status, e["code"].as_str()),
        (403, Some("NOT_CANCELABLE_AMOUNT"))
    );
    let (status, p) = env
        .post(SK, &path, json!({"cancelReason": "고객 변심"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (p["status"].as_str(), p["balanceAmount"].as_u64()),
        (Some("CANCELED"), Some(0))
    );
    assert_eq!(p["cancels"].as_array().unwrap().len(), 2);
    let (status, e) = env.post(SK, &path, json!({"cancelReason": "again"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("ALREADY_CANCELED_PAYMENT"))
    );
}

#[tokio::test]
async fn a_payment_not_yet_confirmed_is_not_cancelable() {
    let env = Env::start().await;
    let key = env.widget_payment("order-nocancel-1", 5_000).await;
    let (status, e) = env
        .post(
            SK,
            &format!("/v1/payments/{key}/cancel"),
            json!({"cancelReason": "x"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (403, Some("NOT_CANCELABLE_PAYMENT"))
    );
}

#[tokio::test]
async fn an_amount_sent_as_a_string_of_digits_confirms() {
    // Toss's official sample server forwards the successUrl's `amount` as a JSON string.
    let env = Env::start().await;
    let key = env.widget_payment("order-string-01", 15_000).await;
    for bad in [
        json!("15000.5"),
        json!("-1"),
        json!("1e3"),
        json!(""),
        json!("+15000"),
        json!(15000.5),
    ] {
        let (status, e) = env
            .post(
                SK,
                "/v1/payments/confirm",
                json!({"paymentKey": key, "orderId": "order-string-01", "amount": bad}),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (400, Some("INVALID_REQUEST")),
            "{bad}"
        );
    }
    let (status, p) = env
        .post(
            SK,
            "/v1/payments/confirm",
            json!({"paymentKey": key, "orderId": "order-string-01", "amount": "15000"}),
        )
        .await;
    assert_eq!((status, p["status"].as_str()), (200, Some("DONE")), "{p}");
}

#[tokio::test]
async fn amounts_below_the_method_minimum_are_refused() {
    // "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다." (400)
    let env = Env::start().await;
    let card = env.widget_payment("order-min-card1", 99).await;
    let (status, e) = env.confirm(&card, "order-min-card1", 99).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("BELOW_MINIMUM_AMOUNT"))
    );
    let card = env.widget_payment("order-min-card2", 100).await;
    assert_eq!(env.confirm(&card, "order-min-card2", 100).await.0, 200);
    let transfer = env
        .authenticate(docs_keys::WIDGET_CLIENT, "order-min-tr-01", 199, "TRANSFER")
        .await;
    let (status, e) = env.confirm(&transfer, "order-min-tr-01", 199).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("BELOW_MINIMUM_AMOUNT"))
    );
}

#[tokio::test]
async fn each_change_sends_the_webhooks_toss_documents() {
    let merchant = Merchant::default();
    let url = merchant.start().await;
    let env = Env::with(SandboxConfig {
        webhook_url: Some(url),
        ..SandboxConfig::default()
    })
    .await;
    // Confirm: PAYMENT_STATUS_CHANGED DONE. Partial cancel, then cancel: one
    // PAYMENT_STATUS_CHANGED each (never CANCEL_STATUS_CHANGED, which is for foreign easy pays).
    let key = env.widget_payment("order-hooks-001", 10_000).await;
    env.confirm(&key, "order-hooks-001", 10_000).await;
    let path = format!("/v1/payments/{key}/cancel");
    env.post(
        SK,
        &path,
        json!({"cancelReason": "part", "cancelAmount": 4_000}),
    )
    .await;
    env.post(SK, &path, json!({"cancelReason": "rest"})).await;
    let got = merchant.wait_for(3).await;
    let seen: Vec<_> = got
        .iter()
        .map(|b| {
            (
                b["eventType"].as_str().unwrap_or("-"),
                b["data"]["status"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("PAYMENT_STATUS_CHANGED", "DONE"),
            ("PAYMENT_STATUS_CHANGED", "PARTIAL_CANCELED"),
            ("PAYMENT_STATUS_CHANGED", "CANCELED"),
        ]
    );
    // A session that is never confirmed: EXPIRED, with its webhook and failure.
    env.widget_payment("order-hooks-002", 10_000).await;
    env.http
        .post(env.url("/sandbox/clock/advance"))
        .json(&json!({"seconds": 11 * 60}))
        .send()
        .await
        .unwrap();
    let got = merchant.wait_for(4).await;
    assert_eq!(got[3]["eventType"], "PAYMENT_STATUS_CHANGED");
    assert_eq!(got[3]["data"]["status"], "EXPIRED");
    assert_eq!(got[3]["data"]["failure"]["code"], "EXPIRED_PAYMENT");
    assert_eq!(merchant.bodies().len(), 4);
}

#[tokio::test]
async fn virtual_account_waits_for_deposit_and_calls_back() {
    let merchant = Merchant::default();
    let url = merchant.start().await;
    let env = Env::with(SandboxConfig {
        webhook_url: Some(url),
        ..SandboxConfig::default()
    })
    .await;
    let key = env
        .authenticate(
            docs_keys::WIDGET_CLIENT,
            "order-va-000001",
            30_000,
            "VIRTUAL_ACCOUNT",
        )
        .await;
    let (status, p) = env.confirm(&key, "order-va-000001", 30_000).await;
    assert_eq!(status, 200);
    assert_eq!(p["status"], "WAITING_FOR_DEPOSIT");
    assert_eq!(p["method"], "가상계좌");
    assert!(
        p["virtualAccount"]["accountNumber"]
            .as_str()
            .unwrap()
            .starts_with('X')
    );
    let secret = p["secret"].as_str().unwrap().to_owned();
    // Issuing the account: DEPOSIT_CALLBACK (WAITING_FOR_DEPOSIT) and PAYMENT_STATUS_CHANGED.
    let issued = merchant.wait_for(2).await;
    assert_eq!(issued[0]["status"], "WAITING_FOR_DEPOSIT");
    assert_eq!(issued[0]["secret"], secret.as_str());
    assert_eq!(issued[1]["data"]["status"], "WAITING_FOR_DEPOSIT");

    let r = env
        .http
        .post(env.url("/sandbox/virtual-accounts/order-va-000001/deposit"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got = merchant.wait_for(4).await;
    let callback = got[2..]
        .iter()
        .find(|b| b.get("eventType").is_none())
        .expect("a flat DEPOSIT_CALLBACK");
    assert_eq!(callback["secret"], secret.as_str());
    assert_eq!(callback["status"], "DONE");
    assert_eq!(callback["orderId"], "order-va-000001");
    assert!(callback["transactionKey"].is_string() && callback["createdAt"].is_string());
    let last = got.last().unwrap();
    assert_eq!(last["eventType"], "PAYMENT_STATUS_CHANGED");
    assert_eq!(last["data"]["status"], "DONE");
    assert!(
        !last["createdAt"].as_str().unwrap().contains('+'),
        "webhook createdAt has no offset"
    );

    let path = format!("/v1/payments/{key}/cancel");
    let (status, e) = env.post(SK, &path, json!({"cancelReason": "환불"})).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "refund account required"
    );
    let bad = json!({"cancelReason": "환불", "refundReceiveAccount": {"bank": "20", "accountNumber": "123-456", "holderName": "김토스"}});
    assert_eq!(env.post(SK, &path, bad).await.0, 400);
    let good = json!({"cancelReason": "환불", "refundReceiveAccount": {"bank": "20", "accountNumber": "1234567890", "holderName": "김토스"}});
    let (status, p) = env.post(SK, &path, good).await;
    assert_eq!((status, p["status"].as_str()), (200, Some("CANCELED")));
    // The refund: DEPOSIT_CALLBACK (CANCELED) and PAYMENT_STATUS_CHANGED.
    let got = merchant.wait_for(6).await;
    assert_eq!(got[4]["status"], "CANCELED");
    assert_eq!(got[5]["data"]["status"], "CANCELED");
}

#[tokio::test]
async fn a_reversed_deposit_waits_again_and_calls_back() {
    let merchant = Merchant::default();
    let url = merchant.start().await;
    let env = Env::with(SandboxConfig {
        webhook_url: Some(url),
        ..SandboxConfig::default()
    })
    .await;
    let key = env
        .authenticate(
            docs_keys::WIDGET_CLIENT,
            "order-va-rev001",
            30_000,
            "VIRTUAL_ACCOUNT",
        )
        .await;
    env.confirm(&key, "order-va-rev001", 30_000).await;
    let control = |what: &str| {
        env.http
            .post(env.url(&format!("/sandbox/virtual-accounts/order-va-rev001/{what}")))
            .send()
    };
    assert_eq!(
        control("reverse").await.unwrap().status(),
        400,
        "nothing deposited yet"
    );
    assert_eq!(control("deposit").await.unwrap().status(), 200);
    assert_eq!(control("reverse").await.unwrap().status(), 200);
    let got = merchant.wait_for(6).await;
    assert_eq!(got[4]["status"], "WAITING_FOR_DEPOSIT", "{:?}", got[4]);
    assert_eq!(got[5]["data"]["status"], "WAITING_FOR_DEPOSIT");
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(
        (p["status"].as_str(), p["balanceAmount"].as_u64()),
        (Some("WAITING_FOR_DEPOSIT"), Some(30_000))
    );
    // The buyer deposits again before the deadline.
    assert_eq!(control("deposit").await.unwrap().status(), 200);
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(p["status"], "DONE");
}

#[tokio::test]
async fn an_unpaid_virtual_account_expires() {
    let env = Env::start().await;
    let key = env
        .authenticate(
            docs_keys::WIDGET_CLIENT,
            "order-va-000002",
            30_000,
            "VIRTUAL_ACCOUNT",
        )
        .await;
    env.confirm(&key, "order-va-000002", 30_000).await;
    let r = env
        .http
        .post(env.url("/sandbox/virtual-accounts/order-va-000002/expire"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Toss: at the deadline the payment stays WAITING_FOR_DEPOSIT, with no webhook.
    let (_, p) = env.get(SK, "/v1/payments/orders/order-va-000002").await;
    assert_eq!(p["status"], "WAITING_FOR_DEPOSIT");
    assert_eq!(p["virtualAccount"]["expired"], true);
    // A deposit after the deadline fails.
    let r = env
        .http
        .post(env.url("/sandbox/virtual-accounts/order-va-000002/deposit"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn a_virtual_account_passes_its_deadline_on_the_clock() {
    let merchant = Merchant::default();
    let url = merchant.start().await;
    let env = Env::with(SandboxConfig {
        webhook_url: Some(url),
        ..SandboxConfig::default()
    })
    .await;
    let key = env
        .authenticate(
            docs_keys::WIDGET_CLIENT,
            "order-va-clock01",
            30_000,
            "VIRTUAL_ACCOUNT",
        )
        .await;
    env.confirm(&key, "order-va-clock01", 30_000).await;
    merchant.wait_for(2).await;
    env.sandbox
        .clock()
        .advance(Duration::from_secs(7 * 24 * 3600 + 1));
    let (_, p) = env.get(SK, &format!("/v1/payments/{key}")).await;
    assert_eq!(
        (
            p["status"].as_str(),
            p["virtualAccount"]["expired"].as_bool()
        ),
        (Some("WAITING_FOR_DEPOSIT"), Some(true))
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(merchant.bodies().len(), 2, "no webhook at the deadline");
}

#[tokio::test]
async fn billing_keys_are_issued_once_and_charged_for_their_customer() {
    let env = Env::start().await;
    let sk = docs_keys::API_SECRET;
    let r = env
        .http
        .post(env.url("/sandbox/sdk/billing-auth"))
        .json(&json!({"clientKey": docs_keys::API_CLIENT, "customerKey": "cust-billing-1", "method": "CARD"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let auth_key = r.json::<serde_json::Value>().await.unwrap()["authKey"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, e) = env
        .post(
            sk,
            "/v1/billing/authorizations/issue",
            json!({"authKey": auth_key, "customerKey": "someone-else"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("NOT_MATCHES_CUSTOMER_KEY"))
    );
    let (status, e) = env
        .post(
            SK,
            "/v1/billing/authorizations/issue",
            json!({"authKey": auth_key, "customerKey": "cust-billing-1"}),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("INVALID_API_KEY")),
        "billing belongs to the ck/sk pair"
    );
    let (status, b) = env
        .post(
            sk,
            "/v1/billing/authorizations/issue",
            json!({"authKey": auth_key, "customerKey": "cust-billing-1"}),
        )
        .await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["customerKey"], "cust-billing-1");
    assert_eq!(b["method"], "카드");
    let billing_key = b["billingKey"].as_str().unwrap().to_owned();
    let (status, _) = env
        .post(
            sk,
            "/v1/billing/authorizations/issue",
            json!({"authKey": auth_key, "customerKey": "cust-billing-1"}),
        )
        .await;
    assert_eq!(status, 400, "an authKey is used once");

    let path = format!("/v1/billing/{billing_key}");
    let charge = |customer: &str, order: &str| json!({"customerKey": customer, "amount": 9_900, "orderId": order, "orderName": "월간 구독"});
    let (status, e) = env
        .post(sk, &path, charge("intruder-1", "order-sub-00001"))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("NOT_MATCHES_CUSTOMER_KEY"))
    );
    let (status, p) = env
        .post(sk, &path, charge("cust-billing-1", "order-sub-00001"))
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(
        (
            p["type"].as_str(),
            p["status"].as_str(),
            p["totalAmount"].as_u64()
        ),
        (Some("BILLING"), Some("DONE"), Some(9_900))
    );
    let (status, e) = env
        .post(sk, &path, charge("cust-billing-1", "order-sub-00001"))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("DUPLICATED_ORDER_ID")),
        "orderId reuse"
    );
    let (status, e) = env
        .post(
            sk,
            "/v1/billing/bk_nope",
            charge("cust-billing-1", "order-sub-00002"),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("INVALID_BILL_KEY_REQUEST"))
    );
}

#[tokio::test]
async fn webhooks_are_retried_until_the_merchant_answers_200() {
    let merchant = Merchant::default();
    merchant.answers.lock().unwrap().extend([500, 503]);
    let url = merchant.start().await;
    let env = Env::with(SandboxConfig {
        webhook_url: Some(url),
        webhook_retry_minute: Duration::from_millis(5),
        ..SandboxConfig::default()
    })
    .await;
    let key = env.widget_payment("order-hook-0001", 1_000).await;
    env.confirm(&key, "order-hook-0001", 1_000).await;
    let got = merchant.wait_for(3).await;
    assert_eq!(got.len(), 3, "two failures, then a success");
    assert!(
        got.iter()
            .all(|b| b["eventType"] == "PAYMENT_STATUS_CHANGED")
    );
    let tids: Vec<_> = merchant
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|(_, t)| t.clone())
        .collect();
    assert!(
        tids.windows(2).all(|w| w[0] == w[1]),
        "retries share a transmission id"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let attempts: Vec<_> = env
        .sandbox
        .webhook_deliveries()
        .iter()
        .map(|d| (d.attempt, d.status))
        .collect();
    assert_eq!(
        attempts,
        vec![(0, Some(500)), (1, Some(503)), (2, Some(200))]
    );
}

#[tokio::test]
async fn the_sdk_script_and_the_control_api_are_served() {
    let env = Env::start().await;
    let r = env.http.get(env.sandbox.sdk_url()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/javascript")
    );
    assert!(r.text().await.unwrap().contains("TossPayments"));

    // Only the SDK's own endpoints are open to other origins; the Core API is not (as at Toss).
    let preflight = |path: &str| {
        env.http
            .request(reqwest::Method::OPTIONS, env.url(path))
            .header("Origin", "http://127.0.0.1:8080")
            .header("Access-Control-Request-Method", "POST")
            .send()
    };
    let sdk = preflight("/sandbox/sdk/authenticate").await.unwrap();
    assert!(sdk.headers().contains_key("access-control-allow-origin"));
    let core = preflight("/v1/payments/confirm").await.unwrap();
    assert!(!core.headers().contains_key("access-control-allow-origin"));

    let key = env.widget_payment("order-log-00001", 1_000).await;
    env.confirm(&key, "order-log-00001", 1_000).await;
    let log: serde_json::Value = env
        .http
        .get(env.url("/sandbox/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log[0]["path"], "/v1/payments/confirm");
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[0]["applied"], true);

    // A malformed body is a 400 naming the problem, not a panic.
    let (status, e) = env
        .post(SK, "/v1/payments/confirm", json!({"paymentKey": key}))
        .await;
    assert_eq!((status, e["code"].as_str()), (400, Some("INVALID_REQUEST")));
    assert!(e["message"].as_str().unwrap().contains("orderId"), "{e}");
}

/// BrandPay over real HTTP: the sheet registers a card and hands the merchant a code; the
/// merchant exchanges it (once) for an access token; a payment in the sheet is confirmed with
/// the BrandPay confirm for the customer who paid, and only with it.
#[tokio::test]
async fn brandpay_registers_exchanges_a_code_once_and_confirms_for_its_customer() {
    let env = Env::start().await;
    let (ck, sk) = (docs_keys::API_CLIENT, docs_keys::API_SECRET);
    let control = |path: &'static str, body: serde_json::Value| {
        let request = env.http.post(env.url(path)).json(&body);
        async move {
            let r = request.send().await.unwrap();
            (
                r.status().as_u16(),
                r.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    let who = json!({"clientKey": ck, "customerKey": "cust-bp-0001"});
    // A guest cannot hold BrandPay methods; a widget key is not BrandPay's.
    let (status, e) = control(
        "/sandbox/sdk/brandpay/register",
        json!({"clientKey": ck, "customerKey": "@@ANONYMOUS"}),
    )
    .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("INVALID_CUSTOMER_KEY")),
        "{e}"
    );
    let (status, _) = control(
        "/sandbox/sdk/brandpay/register",
        json!({"clientKey": docs_keys::WIDGET_CLIENT, "customerKey": "cust-bp-0001"}),
    )
    .await;
    assert_eq!(status, 400);

    let (status, registered) = control("/sandbox/sdk/brandpay/register", who.clone()).await;
    assert_eq!(status, 200, "{registered}");
    let code = registered["code"].as_str().unwrap().to_owned();
    let method = registered["methodId"].as_str().unwrap().to_owned();
    // Paying before the merchant exchanged the code is refused.
    let pay = json!({"clientKey": ck, "customerKey": "cust-bp-0001", "methodId": method,
        "orderId": "order-bp-0001", "orderName": "토스 티셔츠", "amount": {"value": 15000, "currency": "KRW"}});
    let (status, e) = control("/sandbox/sdk/brandpay/authenticate", pay.clone()).await;
    assert_eq!(
        (status, e["code"].as_str()),
        (400, Some("NOT_FOUND_METHOD")),
        "{e}"
    );

    let exchange =
        json!({"grantType": "AuthorizationCode", "customerKey": "cust-bp-0001", "code": code});
    // Another merchant's secret key does not know the code.
    let (status, _) = env
        .post(
            SK,
            "/v1/brandpay/authorizations/access-token",
            exchange.clone(),
        )
        .await;
    assert_eq!(status, 400);
    let (status, token) = env
        .post(
            sk,
            "/v1/brandpay/authorizations/access-token",
            exchange.clone(),
        )
        .await;
    assert_eq!(status, 200, "{token}");
    assert_eq!(
        (token["tokenType"].as_str(), token["expiresIn"].as_u64()),
        (Some("bearer"), Some(2_592_000))
    );
    let (status, again) = env
        .post(sk, "/v1/brandpay/authorizations/access-token", exchange)
        .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (400, Some("INVALID_REQUEST")),
        "a code is used once"
    );
    let refresh = json!({"grantType": "RefreshToken", "customerKey": "cust-bp-0001",
        "refreshToken": token["refreshToken"]});
    let (status, renewed) = env
        .post(sk, "/v1/brandpay/authorizations/access-token", refresh)
        .await;
    assert_eq!(status, 200, "{renewed}");
    assert_ne!(renewed["accessToken"], token["accessToken"]);

    let (status, paid) = control("/sandbox/sdk/brandpay/authenticate", pay).await;
    assert_eq!(status, 200, "{paid}");
    let key = paid["paymentKey"].as_str().unwrap();
    let confirm = |customer: &str, amount: i64| json!({"paymentKey": key, "orderId": "order-bp-0001", "amount": amount, "customerKey": customer});
    // The normal confirm's rules hold; another customer's key and another amount are refused.
    let (status, _) = env
        .post(
            sk,
            "/v1/brandpay/payments/confirm",
            confirm("cust-bp-0002", 15_000),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = env
        .post(
            sk,
            "/v1/brandpay/payments/confirm",
            confirm("cust-bp-0001", 100),
        )
        .await;
    assert_eq!(status, 400);
    let (status, p) = env
        .post(
            sk,
            "/v1/brandpay/payments/confirm",
            confirm("cust-bp-0001", 15_000),
        )
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(
        (p["status"].as_str(), p["type"].as_str()),
        (Some("DONE"), Some("BRANDPAY"))
    );
    assert_eq!(env.sandbox.applied(Endpoint::BrandpayConfirm), 1);

    // One-touch on, and the password changed, in the sheet.
    let (_, status) = control(
        "/sandbox/sdk/brandpay/settings",
        json!({"clientKey": ck, "customerKey": "cust-bp-0001", "oneTouch": true, "passwordChanged": true}),
    )
    .await;
    assert_eq!(
        (
            status["oneTouch"].as_bool(),
            status["passwordChanges"].as_u64()
        ),
        (Some(true), Some(1))
    );
}
