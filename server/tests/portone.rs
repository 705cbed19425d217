//! Toss Payments through PortOne on the ledger, over real HTTP against the sandbox's PortOne
//! stand-in (REST API and payment window), on SQLite and PostgreSQL: the server verifies the
//! payment the window names against the stored order, once (concurrent calls, a lost answer,
//! an expired access token), refuses a tampered amount or another order's payment, cancels in
//! part and in full (PortOne's checksum), and re-verifies every notice.

mod support;

use leptos_tosspayments::domain::server_api::OrderView;
use serde_json::{Value, json};
use support::{Backend, Env};
use tosspayments_sandbox::{Endpoint, Fault};
use tosspayments_server::provider::{PaymentId, ProviderId};

on_both_databases!(
    a_portone_payment_is_verified_once_then_cancelled_in_part_and_in_full,
    a_tampered_amount_or_another_orders_payment_is_never_paid,
    an_expired_token_and_a_lost_answer_are_recovered,
    notices_are_re_verified_and_a_failed_payment_fails_the_order,
    a_billing_key_registered_in_portones_window_is_charged_twice_idempotently,
    an_unpaid_order_paid_at_portone_is_found_before_it_would_expire,
    the_orders_amount_is_registered_before_the_window_opens,
    a_card_is_charged_once_with_onetime_and_kept_for_again,
);

/// The buyer in PortOne's window (the `iamport.js` stand-in's answer): `outcome` for `amount`.
async fn window(env: &Env, merchant_uid: &str, amount: i64, outcome: &str) -> Value {
    env.http
        .post(format!("{}/sandbox/portone/pay", env.sandbox.base_url()))
        .json(
            &json!({"pg": "tosspayments", "pay_method": "card", "merchant_uid": merchant_uid,
                      "amount": amount, "name": "티셔츠 외 1건", "outcome": outcome}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn verify(env: &Env, imp_uid: &str, order: &OrderView) -> (u16, Value) {
    env.post(
        "/api/portone/verify",
        json!({"imp_uid": imp_uid, "merchant_uid": order.order_id}),
    )
    .await
}

async fn paid_window(env: &Env, order: &OrderView) -> String {
    let answer = window(env, order.order_id.as_str(), 23_000, "approve").await;
    assert_eq!(answer["status"], "paid", "{answer}");
    answer["imp_uid"].as_str().unwrap().to_owned()
}

async fn a_portone_payment_is_verified_once_then_cancelled_in_part_and_in_full(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let imp_uid = paid_window(&env, &order).await;
    // The callback and the notice and a reload, at once: one verdict.
    let answers = support::join_all((0..5).map(|_| verify(&env, &imp_uid, &order))).await;
    for (status, body) in &answers {
        assert_eq!(
            (*status, body["status"].as_str()),
            (200, Some("paid")),
            "{body}"
        );
    }
    let stored = env
        .state()
        .db
        .order(&order.order_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.provider, Some(ProviderId::portone()));
    assert_eq!(stored.payment_id, Some(PaymentId::parse(&imp_uid).unwrap()));
    // Part, then the rest.
    let (status, body) = env
        .cancel(&order, json!({"reason": "사이즈 교환", "amount": 3_000}))
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("partially_cancelled")),
        "{body}"
    );
    let (status, body) = env.cancel(&order, json!({"reason": "단순 변심"})).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
    let truth = env
        .sandbox
        .portone_for_order(order.order_id.as_str())
        .unwrap();
    assert_eq!(
        (truth.status, truth.balance, truth.cancels),
        ("cancelled", 0, 2)
    );
    assert_eq!(env.sandbox.applied(Endpoint::PortOneCancel), 2);
}

async fn a_tampered_amount_or_another_orders_payment_is_never_paid(backend: Backend) {
    let env = Env::start(backend).await;
    // The buyer changed the amount in the browser before request_pay.
    let order = env.order().await;
    let cheap = window(&env, order.order_id.as_str(), 100, "approve").await;
    let (status, body) = verify(&env, cheap["imp_uid"].as_str().unwrap(), &order).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("AMOUNT_MISMATCH")),
        "{body}"
    );
    assert_ne!(env.status(order.order_id.as_str()).await, "paid");
    // Another order's (real, paid) payment named for this order.
    let other = env.order().await;
    let theirs = paid_window(&env, &other).await;
    let mine = env.order().await;
    let (status, body) = verify(&env, &theirs, &mine).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "PAYMENT_NOT_FOR_ORDER", "{body}");
    assert_eq!(env.status(mine.order_id.as_str()).await, "created");
    // A merchant_uid PortOne would refuse (over 40 characters) is refused before any call.
    let (status, _) = env
        .post(
            "/api/portone/verify",
            json!({"imp_uid": "imp_1", "merchant_uid": "o".repeat(41)}),
        )
        .await;
    assert_eq!(status, 400);
}

async fn an_expired_token_and_a_lost_answer_are_recovered(backend: Backend) {
    let env = Env::start(backend).await;
    let first = env.order().await;
    let imp_uid = paid_window(&env, &first).await;
    assert_eq!(verify(&env, &imp_uid, &first).await.0, 200);
    // PortOne's token expires (30 minutes pass): the next call gets a 401, a new token, and
    // goes through.
    env.sandbox.portone_expire_token();
    let second = env.order().await;
    let imp_uid = paid_window(&env, &second).await;
    let (status, body) = verify(&env, &imp_uid, &second).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::PortOneToken), 2);
    // The verification's answer is lost once: the ledger reads again, and the order is paid.
    let third = env.order().await;
    let imp_uid = paid_window(&env, &third).await;
    env.sandbox
        .inject(Endpoint::PortOnePayment, Fault::LoseResponse, 1);
    let (status, body) = verify(&env, &imp_uid, &third).await;
    if status != 200 {
        // In doubt: the reconciler settles it.
        assert_eq!(status, 503, "{body}");
        tosspayments_server::reconcile::reconcile_once(env.state())
            .await
            .unwrap();
    }
    env.wait_for_status(third.order_id.as_str(), "paid").await;
}

async fn notices_are_re_verified_and_a_failed_payment_fails_the_order(backend: Backend) {
    let env = Env::start(backend).await;
    env.sandbox
        .set_portone_webhook_url(Some(env.url("/api/webhooks/portone")));
    // A paid payment whose callback never reached the server: PortOne's notice pays it.
    let order = env.order().await;
    let _ = paid_window(&env, &order).await;
    env.wait_for_status(order.order_id.as_str(), "paid").await;
    // The same notice as a form (PortOne's console can send either): stored and re-verified.
    let r = env
        .http
        .post(env.url("/api/webhooks/portone"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "imp_uid=imp_000000000000&merchant_uid={}&status=paid",
            order.order_id
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // A forged notice (a failed payment said to be paid) changes nothing.
    let failed_order = env.order().await;
    let failed = window(&env, failed_order.order_id.as_str(), 23_000, "fail").await;
    let imp_uid = failed["imp_uid"].as_str().unwrap();
    for _ in 0..2 {
        let (status, _) = env
            .post(
                "/api/webhooks/portone",
                json!({"imp_uid": imp_uid, "merchant_uid": failed_order.order_id, "status": "paid"}),
            )
            .await;
        assert_eq!(status, 200);
    }
    env.drained().await;
    assert_ne!(env.status(failed_order.order_id.as_str()).await, "paid");
    // The buyer's callback names the failed payment: PortOne's record fails the order.
    let (status, body) = verify(&env, imp_uid, &failed_order).await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(env.status(failed_order.order_id.as_str()).await, "failed");
}

async fn a_billing_key_registered_in_portones_window_is_charged_twice_idempotently(
    backend: Backend,
) {
    let env = Env::start(backend).await;
    let customer = format!("cust-portone-{}", uuid::Uuid::new_v4().simple());
    // Nothing registered at PortOne yet: nothing to keep.
    let (status, _) = env
        .post(
            "/api/portone/billing/issue",
            json!({"customerKey": customer}),
        )
        .await;
    assert_eq!(status, 404);
    // The buyer registers a card in PortOne's billing window (customer_uid, card, no charge).
    let registered: Value = env
        .http
        .post(format!("{}/sandbox/portone/pay", env.sandbox.base_url()))
        .json(&json!({"pay_method": "card", "merchant_uid": format!("reg_{}", uuid::Uuid::new_v4().simple()),
                      "amount": 0, "customer_uid": format!("ltp_{customer}"), "outcome": "approve"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(registered["status"], "paid", "{registered}");
    let (status, method) = env
        .post(
            "/api/portone/billing/issue",
            json!({"customerKey": customer}),
        )
        .await;
    assert_eq!(status, 200, "{method}");
    let token = method["accessToken"].as_str().unwrap().to_owned();
    // Asked again: the same method, no new token.
    let (status, again) = env
        .post(
            "/api/portone/billing/issue",
            json!({"customerKey": customer}),
        )
        .await;
    assert_eq!((status, again.get("accessToken")), (200, None), "{again}");
    // One charge sent twice with its Idempotency-Key (a double click), the first answer lost
    // on the way back from PortOne: one order, one payment at PortOne.
    let body =
        json!({"customerKey": customer, "lines": [{"productId": "plan-monthly", "quantity": 1}]});
    env.sandbox
        .inject(Endpoint::PortOneCharge, Fault::LoseResponse, 1);
    let (s1, first) = env
        .post_keyed(&token, "/api/billing/charge", body.clone(), "charge-1")
        .await;
    let (s2, second) = env
        .post_keyed(&token, "/api/billing/charge", body.clone(), "charge-1")
        .await;
    assert_eq!((s1, s2), (200, 200), "{first} {second}");
    assert_eq!(first["orderId"], second["orderId"]);
    let first_id = first["orderId"].as_str().unwrap().to_owned();
    env.wait_for_status(&first_id, "paid").await;
    // The next month: a second charge, its own order.
    let (status, next) = env
        .post_keyed(&token, "/api/billing/charge", body, "charge-2")
        .await;
    assert_eq!(
        (status, next["status"].as_str()),
        (200, Some("paid")),
        "{next}"
    );
    assert_ne!(next["orderId"], first["orderId"]);
    assert_eq!(env.sandbox.applied(Endpoint::PortOneCharge), 2);
    let stored = env
        .state()
        .db
        .order(&leptos_tosspayments::OrderId::parse(&first_id).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.provider, Some(ProviderId::portone()));
}

async fn an_unpaid_order_paid_at_portone_is_found_before_it_would_expire(backend: Backend) {
    // Unpaid orders expire at the next reconcile pass.
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|mut state: tosspayments_server::state::AppState| {
            state.settings.unpaid_ttl = std::time::Duration::ZERO;
            state
        }),
    )
    .await;
    // Paid in PortOne's window; the callback and the notice never arrived.
    let paid = env.order().await;
    let _ = paid_window(&env, &paid).await;
    // Another order nobody paid.
    let unpaid = env.order().await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let report = tosspayments_server::reconcile::reconcile_once(env.state())
        .await
        .unwrap();
    assert_eq!((report.found_paid, report.expired), (1, 1), "{report:?}");
    assert_eq!(env.status(paid.order_id.as_str()).await, "paid");
    assert_eq!(env.status(unpaid.order_id.as_str()).await, "expired");
}

async fn the_orders_amount_is_registered_before_the_window_opens(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let (status, config) = env
        .post(
            "/api/portone/prepare",
            json!({"merchant_uid": order.order_id}),
        )
        .await;
    assert_eq!(status, 200, "{config}");
    assert_eq!(config["pg"], "tosspayments");
    // A window changed in the browser to 100 won is stopped before any payment.
    let r = env
        .http
        .post(format!("{}/sandbox/portone/pay", env.sandbox.base_url()))
        .json(
            &json!({"merchant_uid": order.order_id, "amount": 100, "pay_method": "card",
                      "outcome": "approve"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(env.sandbox.portone_for_order(order.order_id.as_str()), None);
    // A second window for the same order (the buyer came back): registered already, fine.
    let (status, _) = env
        .post(
            "/api/portone/prepare",
            json!({"merchant_uid": order.order_id}),
        )
        .await;
    assert_eq!(status, 200);
    let imp_uid = paid_window(&env, &order).await;
    assert_eq!(verify(&env, &imp_uid, &order).await.0, 200);
    // A paid order opens no window.
    let (status, body) = env
        .post(
            "/api/portone/prepare",
            json!({"merchant_uid": order.order_id}),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("NOT_PAYABLE")));
}

async fn a_card_is_charged_once_with_onetime_and_kept_for_again(backend: Backend) {
    // For a storefront whose own servers take card numbers (PCI scope): the client's
    // `onetime`, then `again` on the key it saved.
    let env = Env::start(backend).await;
    let client = env.state().portone_client.clone().unwrap();
    let customer_uid = format!("ltp_onetime_{}", uuid::Uuid::new_v4().simple());
    let merchant = |n: u8| format!("ot{n}_{}", uuid::Uuid::new_v4().simple());
    let paid = client
        .onetime(
            &json!({"merchant_uid": merchant(1), "amount": 9_900, "name": "정기구독",
                         "card_number": "5365-1000-0000-7540", "expiry": "2030-12",
                         "birth": "900101", "pwd_2digit": "00", "customer_uid": customer_uid}),
        )
        .await
        .unwrap();
    assert_eq!(
        (paid["status"].as_str(), paid["amount"].as_i64()),
        (Some("paid"), Some(9_900))
    );
    // A declined card: PortOne answers code 0 with status failed.
    let declined = client
        .onetime(&json!({"merchant_uid": merchant(2), "amount": 9_900,
                         "card_number": "4000-0000-0000-0002", "expiry": "2030-12"}))
        .await
        .unwrap();
    assert_eq!(declined["status"], "failed");
    // The card kept under customer_uid is charged with again; the same merchant_uid twice is
    // refused the second time (one payment).
    let again = json!({"customer_uid": customer_uid, "merchant_uid": merchant(3),
                       "amount": 9_900, "name": "정기구독"});
    assert_eq!(client.again(&again).await.unwrap()["status"], "paid");
    assert!(matches!(
        client.again(&again).await,
        Err(tosspayments_server::portone::PortOneError::Refused { .. })
    ));
    // A malformed card is refused before anything is charged.
    assert!(
        client
            .onetime(&json!({"merchant_uid": merchant(4), "amount": 100,
                         "card_number": "5365", "expiry": "2030-12"}))
            .await
            .is_err()
    );
}
