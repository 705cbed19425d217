//! The Toss Pay API stand-in over real HTTP (pay.toss.im's paths): create, the checkout page's
//! approve and cancel, execute, refunds, status and the resultCallback, with the documented
//! limits; each `payStatus` the flow reaches is checked.

mod support;

use serde_json::{Value, json};
use support::{Env, Merchant};
use tosspayments_sandbox::docs_keys::TOSSPAY_API_KEY;

/// `POST {path}` with the apiKey in the body.
async fn call(env: &Env, path: &str, mut body: Value) -> (u16, Value) {
    body["apiKey"] = json!(TOSSPAY_API_KEY);
    let r = env
        .http
        .post(env.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn create_body(order_no: &str) -> Value {
    json!({"orderNo": order_no, "amount": 23_000, "amountTaxFree": 0, "productDesc": "토스 티셔츠 외 1건",
           "retUrl": "http://shop.test/tosspay/return", "retCancelUrl": "http://shop.test/tosspay/cancel",
           "autoExecute": false})
}

/// The buyer's button on the checkout page; where the page sends the buyer.
async fn press(env: &Env, pay_token: &str, button: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(env.url(&format!("/sandbox/tosspay/{pay_token}/{button}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{button}");
    r.headers()["location"].to_str().unwrap().to_owned()
}

async fn pay_status(env: &Env, pay_token: &str) -> String {
    let (_, s) = call(env, "/api/v2/status", json!({"payToken": pay_token})).await;
    s["payStatus"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_payment_is_created_approved_executed_once_and_refunded_in_parts() {
    let env = Env::start().await;
    let (status, created) = call(&env, "/api/v2/payments", create_body("tp-order-0001")).await;
    assert_eq!(
        (status, created["code"].as_i64()),
        (200, Some(0)),
        "{created}"
    );
    let token = created["payToken"].as_str().unwrap().to_owned();
    let page = created["checkoutPage"].as_str().unwrap();
    assert!(
        page.ends_with(&format!("/payfront/auth?payToken={token}")),
        "{page}"
    );
    assert_eq!(pay_status(&env, &token).await, "PAY_STANDBY");
    let html = env
        .http
        .get(page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("23000원") && html.contains("sandbox-approve"),
        "{html}"
    );

    // Execute before the buyer approved: refused.
    let (_, early) = call(&env, "/api/v2/execute", json!({"payToken": token})).await;
    assert_eq!(early["code"], -1, "{early}");
    let back = press(&env, &token, "approve").await;
    assert_eq!(
        back,
        "http://shop.test/tosspay/return?orderNo=tp-order-0001&status=PAY_APPROVED"
    );
    assert_eq!(pay_status(&env, &token).await, "PAY_APPROVED");
    // Another order's number fails the execute.
    let (_, wrong) = call(
        &env,
        "/api/v2/execute",
        json!({"payToken": token, "orderNo": "tp-order-9999"}),
    )
    .await;
    assert_eq!(wrong["code"], -1, "{wrong}");
    let (_, paid) = call(
        &env,
        "/api/v2/execute",
        json!({"payToken": token, "orderNo": "tp-order-0001"}),
    )
    .await;
    assert_eq!(
        (paid["code"].as_i64(), paid["amount"].as_i64()),
        (Some(0), Some(23_000)),
        "{paid}"
    );
    assert_eq!(pay_status(&env, &token).await, "PAY_COMPLETE");
    let (_, again) = call(&env, "/api/v2/execute", json!({"payToken": token})).await;
    assert_eq!(again["errorCode"], "PAYMENT_EXISTING_PAYMENT", "{again}");

    // Refunds: refundNo is required; a repeated one answers alike; partial, then the rest.
    let (_, no_number) = call(
        &env,
        "/api/v2/refunds",
        json!({"payToken": token, "amount": 3_000}),
    )
    .await;
    assert_eq!(no_number["code"], -1);
    let spaced = json!({"payToken": token, "refundNo": "refund-0", "amount": 3_000, "reason": "사이즈 교환"});
    let (_, spaced) = call(&env, "/api/v2/refunds", spaced).await;
    assert_eq!(
        spaced["errorCode"], "COMMON_INVALID_PARAMETER",
        "a space is not in the reason's set"
    );
    let part = json!({"payToken": token, "refundNo": "refund-1", "amount": 3_000, "reason": "사이즈_교환"});
    let (_, first) = call(&env, "/api/v2/refunds", part.clone()).await;
    assert_eq!(
        (first["code"].as_i64(), first["refundableAmount"].as_i64()),
        (Some(0), Some(20_000)),
        "{first}"
    );
    assert_eq!(first["refundedAmount"], -3_000);
    let (_, replay) = call(&env, "/api/v2/refunds", part).await;
    assert_eq!(replay, first, "the same refundNo answers the same, once");
    assert_eq!(pay_status(&env, &token).await, "REFUND_SUCCESS");
    let (_, too_much) = call(
        &env,
        "/api/v2/refunds",
        json!({"payToken": token, "refundNo": "refund-2", "amount": 30_000}),
    )
    .await;
    assert_eq!(too_much["code"], -1);
    let (_, rest) = call(
        &env,
        "/api/v2/refunds",
        json!({"payToken": token, "refundNo": "refund-3"}),
    )
    .await;
    assert_eq!(rest["refundableAmount"], 0, "{rest}");
    let (_, status_body) = call(&env, "/api/v2/status", json!({"orderNo": "tp-order-0001"})).await;
    let steps: Vec<_> = status_body["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["stepType"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(steps, ["PAY", "REFUND", "REFUND"]);
}

#[tokio::test]
async fn the_documented_limits_a_bad_key_and_the_cancel_page() {
    let env = Env::start().await;
    let bad_key = env
        .http
        .post(env.url("/api/v2/payments"))
        .json(&{
            let mut b = create_body("tp-order-0002");
            b["apiKey"] = json!("sk_test_nope");
            b
        })
        .send()
        .await
        .unwrap();
    assert_eq!(bad_key.status().as_u16(), 401);
    for (field, value) in [
        ("orderNo", json!("has space")),
        ("amount", json!(10_000_000)),
        ("amount", json!(0)),
        ("productDesc", json!("quote\"d")),
        ("amountTaxFree", Value::Null),
        ("retUrl", json!("")),
    ] {
        let mut body = create_body("tp-order-0002");
        body[field] = value.clone();
        let (status, refused) = call(&env, "/api/v2/payments", body).await;
        assert_eq!(
            (status, refused["errorCode"].as_str()),
            (200, Some("COMMON_INVALID_PARAMETER")),
            "{field}={value}: {refused}"
        );
    }
    let mut auto = create_body("tp-order-0002");
    auto["autoExecute"] = json!(true);
    let (_, refused) = call(&env, "/api/v2/payments", auto).await;
    assert_eq!(refused["code"], -1, "autoExecute needs a resultCallback");

    let (_, created) = call(&env, "/api/v2/payments", create_body("tp-order-0002")).await;
    let token = created["payToken"].as_str().unwrap().to_owned();
    let back = press(&env, &token, "cancel").await;
    assert_eq!(
        back,
        "http://shop.test/tosspay/cancel?orderNo=tp-order-0002&status=PAY_CANCEL"
    );
    assert_eq!(pay_status(&env, &token).await, "PAY_CANCEL");
    let (_, dead) = call(&env, "/api/v2/execute", json!({"payToken": token})).await;
    assert_eq!(dead["code"], -1);
    // A cancelled orderNo may be created again.
    let (_, again) = call(&env, "/api/v2/payments", create_body("tp-order-0002")).await;
    assert_eq!(again["code"], 0, "{again}");
}

#[tokio::test]
async fn an_auto_execute_payment_completes_at_approval_and_calls_back() {
    let env = Env::start().await;
    let merchant = Merchant::default();
    let callback = merchant.start().await;
    let mut body = create_body("tp-order-0003");
    body["autoExecute"] = json!(true);
    body["resultCallback"] = json!(callback);
    body["callbackVersion"] = json!("V2");
    let (_, created) = call(&env, "/api/v2/payments", body).await;
    let token = created["payToken"].as_str().unwrap().to_owned();
    press(&env, &token, "approve").await;
    assert_eq!(pay_status(&env, &token).await, "PAY_COMPLETE");
    let bodies = merchant.wait_for(1).await;
    assert_eq!(
        (
            bodies[0]["status"].as_str(),
            bodies[0]["payToken"].as_str(),
            bodies[0]["amount"].as_i64()
        ),
        (Some("PAY_COMPLETE"), Some(token.as_str()), Some(23_000))
    );
}

#[tokio::test]
async fn the_apps_in_toss_bridge_stand_in_approves_a_pay_token() {
    let env = Env::start().await;
    let script = env
        .http
        .get(env.url("/apps-in-toss/bridge.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status().as_u16(), 200);
    assert!(script.text().await.unwrap().contains("AppsInTossSandbox"));
    let (_, created) = call(&env, "/api/v2/payments", create_body("tp-order-0004")).await;
    let token = created["payToken"].as_str().unwrap().to_owned();
    let approve = |token: String| {
        let request = env
            .http
            .post(env.url("/sandbox/apps-in-toss/approve"))
            .json(&json!({"payToken": token}));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(approve(token.clone()).await, 200);
    assert_eq!(pay_status(&env, &token).await, "PAY_APPROVED");
    assert_eq!(approve(token).await, 400, "approved once");
    assert_eq!(approve("tptNoSuchToken".to_owned()).await, 400);
}

/// Apps-in-Toss' partner API, as a mini-app's server calls it for one Toss user.
async fn in_app(env: &Env, call: &str, user: Option<&str>, body: Value) -> Value {
    let mut request = env
        .http
        .post(env.url(&format!("/api-partner/v1/apps-in-toss/pay/{call}")))
        .json(&body);
    if let Some(user) = user {
        request = request.header("x-toss-user-key", user);
    }
    let r = request.send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn an_in_app_payment_is_made_for_one_user_approved_in_the_sheet_executed_and_refunded() {
    let env = Env::start().await;
    let make = json!({"orderNo": "ait-order-0001", "productDesc": "토스 티셔츠", "amount": 23_000,
                      "amountTaxFree": 0, "isTestPayment": true});
    let refused = in_app(&env, "make-payment", None, make.clone()).await;
    assert_eq!(
        refused["resultType"], "FAIL",
        "no x-toss-user-key: {refused}"
    );
    let mut no_flag = make.clone();
    no_flag.as_object_mut().unwrap().remove("isTestPayment");
    let refused = in_app(&env, "make-payment", Some("user-1"), no_flag).await;
    assert_eq!(refused["resultType"], "FAIL", "no isTestPayment: {refused}");
    let made = in_app(&env, "make-payment", Some("user-1"), make).await;
    assert_eq!(made["resultType"], "SUCCESS", "{made}");
    assert!(made["success"].get("checkoutPage").is_none());
    let token = made["success"]["payToken"].as_str().unwrap().to_owned();

    // The bridge stand-in's sheet approves it.
    let approved = env
        .http
        .post(env.url("/sandbox/apps-in-toss/approve"))
        .json(&json!({"payToken": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status().as_u16(), 200);
    let pay = json!({"payToken": token, "orderNo": "ait-order-0001", "isTestPayment": true});
    let other = in_app(&env, "execute-payment", Some("user-2"), pay.clone()).await;
    assert_eq!(other["resultType"], "FAIL", "another Toss user: {other}");
    let executed = in_app(&env, "execute-payment", Some("user-1"), pay.clone()).await;
    assert_eq!(
        (
            executed["resultType"].as_str(),
            executed["success"]["code"].as_i64(),
            executed["success"]["amount"].as_i64()
        ),
        (Some("SUCCESS"), Some(0), Some(23_000)),
        "{executed}"
    );
    let status = in_app(&env, "get-payment-status", Some("user-1"), pay.clone()).await;
    assert_eq!(status["success"]["payStatus"], "PAY_COMPLETE", "{status}");
    let refunded = in_app(&env, "refund-payment", Some("user-1"), pay.clone()).await;
    assert_eq!(
        refunded["success"]["refundableAmount"], 0,
        "a full refund: {refunded}"
    );
    let again = in_app(&env, "refund-payment", Some("user-1"), pay).await;
    assert_eq!(
        again["resultType"], "FAIL",
        "nothing is left to refund: {again}"
    );
    assert_eq!(again["error"]["errorCode"], "COMMON_REFUND_ERROR");
}
