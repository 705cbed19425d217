//! The companion server over real HTTP against the in-process sandbox, each test on SQLite and
//! on PostgreSQL.

mod support;

use std::time::Duration;

use leptos_tosspayments::domain::server_api::OrderView;
use leptos_tosspayments::{OrderId, PaymentKey};
use serde_json::json;
use support::{Backend, Env, KeyPairKind, send_with};
use tosspayments_sandbox::{Endpoint, Fault};
use tosspayments_server::orders::apply_truth;
use tosspayments_server::provider::toss::ledger_payment;
use tosspayments_server::provider::{PaymentId, ProviderId};
use tosspayments_server::reconcile::reconcile_once;

on_both_databases!(
    happy_path_to_done,
    a_signed_in_buyer_owns_their_orders_without_tokens,
    a_signed_in_customer_charges_and_deletes_their_method_without_tokens,
    a_tampered_amount_is_refused_before_toss,
    concurrent_confirms_reach_toss_once,
    reload_of_the_success_page_confirms_once,
    faults_end_in_tosss_true_state,
    a_rejected_card_fails_the_order,
    another_orders_payment_key_leaves_the_order_as_it_was,
    a_crash_before_the_call_is_reconciled,
    forged_webhooks_change_nothing,
    deposit_callback_needs_the_right_secret,
    partial_and_full_cancel,
    a_stale_answer_never_raises_the_balance,
    billing_issue_and_charge,
    a_replayed_billing_success_url_gets_no_token,
    a_stranger_cannot_replace_a_billing_method,
    moving_money_needs_an_idempotency_key,
    a_retried_partial_cancel_refunds_once,
    a_strangers_junk_claim_cannot_block_the_buyer,
    a_large_webhook_is_stored_and_readiness_answers,
    the_reconciler_works_through_a_backlog_and_rechecks_paid_orders,
    staff_find_time_and_refund_an_order_that_the_policy_keeps_from_the_buyer,
    unpaid_orders_expire_and_old_webhooks_are_purged,
    metrics_show_what_an_operator_watches,
    a_client_over_its_budget_is_told_to_wait,
    a_billing_method_is_deleted_by_its_owner_only,
    a_signed_in_customer_owns_its_customer_key,
    a_billing_charge_in_doubt_answers_202_with_the_order_and_its_token,
    a_billing_charge_repeated_with_its_idempotency_key_charges_once,
    bad_input_gets_a_clear_4xx,
    an_amount_posted_as_a_string_confirms,
    a_reversed_deposit_waits_again_and_an_unpaid_account_expires,
    cancels_made_at_toss_arrive_as_payment_status_changed,
    cancel_status_changed_finds_its_order_by_transaction_key,
    a_storefronts_own_order_id_and_customer_key_are_kept,
    the_issue_callback_of_a_virtual_account_changes_nothing,
    the_api_document_is_served,
);

async fn the_api_document_is_served(backend: Backend) {
    let env = Env::start(backend).await;
    let (status, doc) = env.get("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{doc}");
    assert!(doc["paths"]["/api/payments/confirm"]["post"].is_object());
    assert_eq!(
        doc["components"]["schemas"]["OrderId"]["pattern"],
        "^[A-Za-z0-9_=-]{6,64}$"
    );
}

async fn the_issue_callback_of_a_virtual_account_changes_nothing(backend: Backend) {
    // Toss sends DEPOSIT_CALLBACK (WAITING_FOR_DEPOSIT) and PAYMENT_STATUS_CHANGED when it
    // issues the account. Whether they arrive before or after the confirm's answer is stored,
    // the order ends `waiting_for_deposit`, once.
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "VIRTUAL_ACCOUNT").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("waiting_for_deposit"))
    );
    for _ in 0..400 {
        if env.sandbox.webhook_deliveries().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    env.drained().await;
    let kinds: Vec<_> = env
        .sandbox
        .webhook_deliveries()
        .into_iter()
        .filter(|d| d.attempt == 0)
        .map(|d| {
            (
                d.event_type,
                d.body["status"]
                    .as_str()
                    .or(d.body["data"]["status"].as_str())
                    .unwrap_or("-")
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("DEPOSIT_CALLBACK", "WAITING_FOR_DEPOSIT".to_owned()),
            ("PAYMENT_STATUS_CHANGED", "WAITING_FOR_DEPOSIT".to_owned())
        ]
    );
    // The same callback again, now that the secret is stored: applied, and nothing moves.
    let secret = env
        .state()
        .db
        .order(&oid(&id))
        .await
        .unwrap()
        .unwrap()
        .deposit_secret
        .unwrap();
    let callback = json!({"createdAt": "2024-01-01T00:00:00.000000", "secret": secret,
        "status": "WAITING_FOR_DEPOSIT", "transactionKey": "tx-issue", "orderId": id});
    assert_eq!(env.post("/api/webhooks/toss", callback).await.0, 200);
    env.drained().await;
    let outcomes = env.state().db.inbox_outcomes().await.unwrap();
    assert!(
        outcomes
            .last()
            .unwrap()
            .starts_with("applied DEPOSIT_CALLBACK: waiting_for_deposit"),
        "{outcomes:?}"
    );
    let to: Vec<_> = env
        .state()
        .db
        .events(&oid(&id))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.to_status)
        .collect();
    assert_eq!(to, ["created", "confirming", "waiting_for_deposit"]);
}

async fn a_storefronts_own_order_id_and_customer_key_are_kept(backend: Backend) {
    // As Toss's samples make them: `btoa(Math.random()).slice(0, 20)` (base64, so `=` may
    // appear in an order id, and no special character in a customer key).
    let env = Env::start(backend).await;
    let lines =
        json!([{"productId": "tshirt", "quantity": 1}, {"productId": "mug", "quantity": 1}]);
    let (status, body) = env
        .post(
            "/api/orders",
            json!({"lines": lines, "orderId": "MC41NzY4OTIzNDU2=", "customerKey": "MC4xMjM0NTY3ODkw"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["orderId"], "MC41NzY4OTIzNDU2=");
    assert_eq!(body["customerKey"], "MC4xMjM0NTY3ODkw");
    let (status, body) = env
        .post(
            "/api/orders",
            json!({"lines": lines, "orderId": "MC41NzY4OTIzNDU2="}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("ORDER_ID_TAKEN"))
    );
    let (status, body) = env
        .post("/api/orders", json!({"lines": lines, "orderId": "short"}))
        .await;
    assert_eq!(status, 400, "{body}");
    // The order pays by virtual account; Toss's DEPOSIT_CALLBACK names the `=` order id.
    let order = env.get("/api/orders/MC41NzY4OTIzNDU2=").await.1;
    let order: OrderView = serde_json::from_value(order).unwrap();
    let key = env.authenticate(&order, 23_000, "VIRTUAL_ACCOUNT").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("waiting_for_deposit")),
        "{body}"
    );
    env.sandbox.deposit("MC41NzY4OTIzNDU2=").unwrap();
    env.wait_for_status("MC41NzY4OTIzNDU2=", "paid").await;
}

async fn an_amount_posted_as_a_string_confirms(backend: Backend) {
    // Toss's official sample success page posts `amount` exactly as it read it from the URL.
    let env = Env::start(backend).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    for bad in [
        json!("23000.5"),
        json!("-23000"),
        json!("23e3"),
        json!(""),
        json!("+23000"),
    ] {
        let (status, body) = env
            .post(
                "/api/payments/confirm",
                json!({"paymentKey": key, "orderId": order.order_id, "amount": bad}),
            )
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    assert_eq!(env.sandbox.count(Endpoint::Confirm), 0);
    let (status, body) = env
        .post(
            "/api/payments/confirm",
            json!({"paymentKey": key, "orderId": order.order_id, "amount": "23000"}),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
    // The string is compared like the number: a different one is refused before Toss.
    let other = env.order().await;
    let key = env.authenticate(&other, 23_000, "CARD").await;
    let (status, body) = env
        .post(
            "/api/payments/confirm",
            json!({"paymentKey": key, "orderId": other.order_id, "amount": "100"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("AMOUNT_MISMATCH"))
    );
}

async fn a_reversed_deposit_waits_again_and_an_unpaid_account_expires(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "VIRTUAL_ACCOUNT").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("waiting_for_deposit"))
    );
    env.sandbox.deposit(&id).unwrap();
    env.wait_for_status(&id, "paid").await;
    // The bank reverses the deposit: Toss's DEPOSIT_CALLBACK says WAITING_FOR_DEPOSIT again.
    env.sandbox.reverse_deposit(&id).unwrap();
    env.wait_for_status(&id, "waiting_for_deposit").await;
    // Both of the reversal's webhooks are worked off before the deadline passes (a late one
    // would re-query Toss after it and see the account expired).
    env.webhooks_settled().await;
    let order_now = env.state().db.order(&oid(&id)).await.unwrap().unwrap();
    assert_eq!(order_now.balance, 23_000);
    // The deadline passes with no deposit: Toss sends nothing and leaves the payment
    // WAITING_FOR_DEPOSIT; the reconciler (or a refresh) sees the account expired.
    env.sandbox.expire_deposit(&id).unwrap();
    env.drained().await;
    assert_eq!(env.status(&id).await, "waiting_for_deposit");
    let (status, body) = env.get(&format!("/api/orders/{id}?refresh=true")).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("expired")),
        "{body}"
    );
    let path: Vec<_> = env
        .state()
        .db
        .events(&oid(&id))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.to_status)
        .collect();
    assert_eq!(
        path,
        [
            "created",
            "confirming",
            "waiting_for_deposit",
            "paid",
            "waiting_for_deposit",
            "expired"
        ]
    );
}

async fn cancels_made_at_toss_arrive_as_payment_status_changed(backend: Backend) {
    // A cancel made outside this server (Toss's merchant console): Toss sends
    // PAYMENT_STATUS_CHANGED with PARTIAL_CANCELED, then CANCELED; the server re-queries.
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.confirm(&key, &order, 23_000).await;
    let toss = &env.state().toss;
    let body = |amount: Option<i64>| tosspayments_server::toss::CancelBody {
        cancel_reason: "상점관리자 취소".into(),
        cancel_amount: amount,
        refund_receive_account: None,
    };
    toss.cancel(&pk(&key), &body(Some(3_000)), "console-cancel-1")
        .await
        .unwrap();
    env.wait_for_status(&id, "partially_cancelled").await;
    assert_eq!(
        env.state()
            .db
            .order(&oid(&id))
            .await
            .unwrap()
            .unwrap()
            .balance,
        20_000
    );
    toss.cancel(&pk(&key), &body(None), "console-cancel-2")
        .await
        .unwrap();
    env.wait_for_status(&id, "cancelled").await;
    let kinds: Vec<_> = env
        .sandbox
        .webhook_deliveries()
        .into_iter()
        .map(|d| d.event_type)
        .collect();
    assert!(!kinds.contains(&"CANCEL_STATUS_CHANGED"), "{kinds:?}");
    // Both cancels reached the order through their webhooks (the confirm's own DONE webhook
    // may also have moved it to paid, if it beat the confirm's answer).
    let cancels: Vec<_> = env
        .state()
        .db
        .events(&oid(&id))
        .await
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.to_status.as_str(), "partially_cancelled" | "cancelled"))
        .map(|e| (e.to_status, e.cause))
        .collect();
    assert_eq!(
        cancels,
        [
            (
                "partially_cancelled".to_owned(),
                "webhook:PAYMENT_STATUS_CHANGED".to_owned()
            ),
            (
                "cancelled".to_owned(),
                "webhook:PAYMENT_STATUS_CHANGED".to_owned()
            )
        ]
    );
}

async fn cancel_status_changed_finds_its_order_by_transaction_key(backend: Backend) {
    // CANCEL_STATUS_CHANGED carries a Cancel object: no paymentKey, no orderId.
    let env = Env::start(backend).await;
    env.sandbox.set_webhook_url(None);
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.confirm(&key, &order, 23_000).await;
    let (status, body) = env
        .cancel(&order, json!({"reason": "사이즈 교환", "amount": 8_000}))
        .await;
    assert_eq!(status, 200, "{body}");
    // A second cancel made at Toss, which the server has not heard of.
    let toss = &env.state().toss;
    let cancelled = toss
        .cancel(
            &pk(&key),
            &tosspayments_server::toss::CancelBody {
                cancel_reason: "상점관리자 취소".into(),
                cancel_amount: Some(1_000),
                refund_receive_account: None,
            },
            "console-cancel-3",
        )
        .await
        .unwrap();
    let first_tx = cancelled.cancels.as_ref().unwrap()[0]
        .transaction_key
        .clone();
    let unknown = json!({"eventType": "CANCEL_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000",
        "data": {"transactionKey": "tx-not-ours", "cancelStatus": "DONE", "cancelAmount": 1000}});
    let known = json!({"eventType": "CANCEL_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000",
        "data": {"transactionKey": first_tx, "cancelStatus": "DONE", "cancelAmount": 8000}});
    assert_eq!(env.post("/api/webhooks/toss", unknown).await.0, 200);
    assert_eq!(env.post("/api/webhooks/toss", known).await.0, 200);
    env.drained().await;
    let outcomes = env.state().db.inbox_outcomes().await.unwrap();
    assert!(
        outcomes[0].contains("ignored CANCEL_STATUS_CHANGED"),
        "{outcomes:?}"
    );
    assert!(
        outcomes[1].contains("applied CANCEL_STATUS_CHANGED"),
        "{outcomes:?}"
    );
    // The re-query brought in the cancel the server had not seen.
    assert_eq!(
        env.state()
            .db
            .order(&oid(&id))
            .await
            .unwrap()
            .unwrap()
            .balance,
        14_000
    );
}

async fn happy_path_to_done(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    assert_eq!(order.amount.value(), 23_000);
    assert_eq!(order.order_name.as_str(), "토스 티셔츠 외 1건");
    let key = env.authenticate(&order, 23_000, "CARD").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "paid");
    assert_eq!(body["method"], "카드");
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
    assert_eq!(env.status(order.order_id.as_str()).await, "paid");
    let events = env.state().db.events(&order.order_id).await.unwrap();
    let path: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.from_status.as_deref().unwrap_or("-"),
                e.to_status.as_str(),
                e.cause.as_str(),
            )
        })
        .collect();
    assert_eq!(
        path,
        vec![
            ("-", "created", "created"),
            ("created", "confirming", "confirm"),
            ("confirming", "paid", "confirm")
        ]
    );
    // The Idempotency-Key reached Toss, unique to the order's payment.
    let log = env.sandbox.requests();
    assert_eq!(
        log[0].idempotency_key.as_deref(),
        Some(format!("confirm-{}-{key}", order.order_id).as_str())
    );
}

async fn a_tampered_amount_is_refused_before_toss(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    // The buyer changed the amount in the console before requestPayment.
    let key = env.authenticate(&order, 100, "CARD").await;
    let (status, body) = env.confirm(&key, &order, 100).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("AMOUNT_MISMATCH")),
        "{body}"
    );
    assert_eq!(
        env.sandbox.count(Endpoint::Confirm),
        0,
        "Toss never saw a confirm"
    );
    assert_eq!(env.status(order.order_id.as_str()).await, "created");
    // Claiming the right amount for the tampered payment does not help either: Toss refuses it.
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(status, 402, "{body}");
    assert_ne!(env.status(order.order_id.as_str()).await, "paid");
}

async fn concurrent_confirms_reach_toss_once(backend: Backend) {
    // Two server instances on one database.
    let env = Env::start_with(backend, KeyPairKind::Widget, 2).await;
    env.sandbox
        .set_latency(tosspayments_sandbox::Latency::Fixed { ms: 150 });
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    let body = json!({"paymentKey": key, "orderId": order.order_id, "amount": 23_000});
    let answers = support::join_all((0..50).map(|i| {
        let body = body.clone();
        let env = &env;
        async move { env.post_to(i % 2, "/api/payments/confirm", body).await }
    }))
    .await;
    assert_eq!(
        env.sandbox.count(Endpoint::Confirm),
        1,
        "exactly one confirm reached Toss"
    );
    let first = &answers[0];
    assert_eq!(first.0, 200, "{}", first.1);
    assert!(answers.iter().all(|a| a == first), "all 50 answers agree");
}

async fn reload_of_the_success_page_confirms_once(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    let first = env.confirm(&key, &order, 23_000).await;
    let reload = env.confirm(&key, &order, 23_000).await;
    assert_eq!(first, reload);
    assert_eq!(env.sandbox.count(Endpoint::Confirm), 1);
}

async fn faults_end_in_tosss_true_state(backend: Backend) {
    let env = Env::start(backend).await;
    for (fault, times) in [
        (Fault::InternalError, 1),
        (Fault::ProviderError, 1),
        (Fault::ProviderError, 5),
        (Fault::Hang, 1),
        (Fault::ResetConnection, 1),
        (Fault::LoseResponse, 1),
    ] {
        let order = env.order().await;
        let id = order.order_id.to_string();
        let key = env.authenticate(&order, 23_000, "CARD").await;
        env.sandbox.inject(Endpoint::Confirm, fault, times);
        let (status, body) = env.confirm(&key, &order, 23_000).await;
        assert!(
            status == 200 || status == 503,
            "{fault:?}×{times}: {status} {body}"
        );
        if status == 503 {
            assert_eq!(body["code"], "CONFIRM_PENDING");
            assert_eq!(
                env.status(&id).await,
                "confirming",
                "{fault:?}: left for the reconciler, not failed"
            );
            env.sandbox.clear_faults();
            reconcile_once(env.state()).await.unwrap();
        }
        assert_eq!(env.status(&id).await, "paid", "{fault:?}×{times}");
        let (_, toss) = (0, env.sandbox.requests());
        let applied = toss
            .iter()
            .filter(|r| r.endpoint == Endpoint::Confirm && r.applied && r.path.contains("confirm"))
            .count();
        assert!(applied >= 1);
    }
    // Every payment was approved exactly once at Toss.
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 6);
}

async fn a_rejected_card_fails_the_order(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.sandbox.inject(Endpoint::Confirm, Fault::RejectCard, 1);
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (402, Some("REJECT_CARD_PAYMENT")),
        "{body}"
    );
    assert_eq!(env.status(order.order_id.as_str()).await, "failed");
    // It was checked with the query API before being called failed.
    let log = env.sandbox.requests();
    assert!(
        log.iter().any(|r| r.endpoint == Endpoint::Query),
        "the failure was re-checked"
    );
    // The buyer can pay again (a new payment for the same order).
    let again = env.authenticate(&order, 23_000, "CARD").await;
    let (status, body) = env.confirm(&again, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
}

async fn another_orders_payment_key_leaves_the_order_as_it_was(backend: Backend) {
    let env = Env::start(backend).await;
    let other = env.order().await;
    let other_key = env.authenticate(&other, 23_000, "CARD").await;
    assert_eq!(env.confirm(&other_key, &other, 23_000).await.0, 200);
    let order = env.order().await;
    let id = order.order_id.as_str();
    let stored = |env: &Env| {
        let db = env.state().db.clone();
        let id = id.to_owned();
        async move {
            let row = db.order(&oid(&id)).await.unwrap().unwrap();
            (
                row.status.as_str().to_owned(),
                row.payment_id.map(|p| p.to_string()),
            )
        }
    };
    // A fresh order, then one whose first payment failed: each is left exactly as it was.
    let (status, body) = env.confirm(&other_key, &order, 23_000).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("PAYMENT_NOT_FOR_ORDER")),
        "{body}"
    );
    assert_eq!(stored(&env).await, ("created".to_owned(), None));
    let failed_key = env.authenticate(&order, 23_000, "CARD").await;
    env.sandbox.inject(Endpoint::Confirm, Fault::RejectCard, 1);
    assert_eq!(env.confirm(&failed_key, &order, 23_000).await.0, 402);
    let (status, body) = env.confirm(&other_key, &order, 23_000).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("PAYMENT_NOT_FOR_ORDER")),
        "{body}"
    );
    assert_eq!(
        stored(&env).await,
        ("failed".to_owned(), Some(failed_key.clone()))
    );
    let causes: Vec<_> = env
        .state()
        .db
        .events(&oid(id))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.cause)
        .collect();
    assert_eq!(
        causes.iter().filter(|c| *c == "confirm:released").count(),
        2,
        "{causes:?}"
    );
    // The buyer's own new payment still goes through.
    let key = env.authenticate(&order, 23_000, "CARD").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
}

async fn a_crash_before_the_call_is_reconciled(backend: Backend) {
    use leptos_tosspayments::domain::server_api::OrderStatus;
    use tosspayments_server::db::Changes;
    let env = Env::start(backend).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    // The server claimed the order and died before calling Toss.
    let claim = Changes {
        payment: Some((ProviderId::toss(), PaymentId::parse(&key).unwrap())),
        confirm_started_at: Some(0),
        ..Changes::default()
    };
    env.state()
        .db
        .transition(
            &order.order_id,
            &[OrderStatus::Created],
            OrderStatus::Confirming,
            claim,
            "confirm",
            None,
        )
        .await
        .unwrap()
        .unwrap();
    let report = reconcile_once(env.state()).await.unwrap();
    assert_eq!((report.examined, report.settled), (1, 1));
    assert_eq!(env.status(order.order_id.as_str()).await, "paid");
    assert_eq!(env.sandbox.applied(Endpoint::Confirm), 1);
    // A second pass finds nothing to do.
    assert_eq!(reconcile_once(env.state()).await.unwrap().examined, 0);
}

async fn forged_webhooks_change_nothing(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "CARD").await;
    let forged = [
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000",
               "data": {"paymentKey": key, "orderId": id, "status": "DONE", "totalAmount": 23000}}),
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": "forged-key", "orderId": id, "status": "DONE"}}),
        json!({"eventType": "CANCEL_STATUS_CHANGED", "data": {"paymentKey": key, "status": "CANCELED"}}),
        json!({"createdAt": "x", "secret": "guess", "status": "DONE", "transactionKey": "t", "orderId": id}),
    ];
    for body in &forged {
        let (status, _) = env.post("/api/webhooks/toss", body.clone()).await;
        assert_eq!(status, 200, "webhooks are acknowledged at once");
    }
    env.drained().await;
    assert_eq!(env.state().db.inbox_pending().await.unwrap(), 0);
    assert_eq!(
        env.status(&id).await,
        "created",
        "no forged webhook changed the order"
    );
    assert_eq!(env.state().db.events(&oid(&id)).await.unwrap().len(), 1);
    let (status, _) = env.post("/api/webhooks/toss", json!("not an object")).await;
    assert_eq!(status, 400);
}

async fn deposit_callback_needs_the_right_secret(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "VIRTUAL_ACCOUNT").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("waiting_for_deposit")),
        "{body}"
    );
    assert!(
        body["virtualAccount"]["accountNumber"]
            .as_str()
            .unwrap()
            .starts_with('X')
    );

    let wrong = json!({"createdAt": "2024-01-01T00:00:00.000000", "secret": "not-the-secret", "status": "DONE", "transactionKey": "tx", "orderId": id});
    assert_eq!(env.post("/api/webhooks/toss", wrong).await.0, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(env.status(&id).await, "waiting_for_deposit");
    assert!(
        env.state()
            .db
            .inbox_outcomes()
            .await
            .unwrap()
            .iter()
            .any(|o| o.contains("secret mismatch"))
    );

    // The buyer deposits: the sandbox sends the real DEPOSIT_CALLBACK to the server.
    env.sandbox.deposit(&id).unwrap();
    env.wait_for_status(&id, "paid").await;
    let causes: Vec<_> = env
        .state()
        .db
        .events(&oid(&id))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.cause)
        .collect();
    assert!(
        causes.iter().any(|c| c.starts_with("webhook:")),
        "{causes:?}"
    );
}

async fn a_stale_answer_never_raises_the_balance(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.confirm(&key, &order, 23_000).await;
    let (status, body) = env
        .cancel(&order, json!({"reason": "사이즈 교환", "amount": 8_000}))
        .await;
    assert_eq!(status, 200, "{body}");
    // Toss's answer after the first cancel, as a late webhook's re-query might still hold it.
    let stale = ledger_payment(
        env.state()
            .toss
            .payment(&PaymentKey::parse(&key).unwrap())
            .await
            .unwrap(),
    )
    .unwrap();
    let (status, body) = env
        .cancel(&order, json!({"reason": "하나 더 교환", "amount": 5_000}))
        .await;
    assert_eq!(status, 200, "{body}");
    let db = &env.state().db;
    let now = db.order(&oid(&id)).await.unwrap().unwrap();
    assert_eq!(
        (now.status.as_str(), now.balance),
        ("partially_cancelled", 10_000)
    );
    let after = apply_truth(db, &now, &stale, "webhook:PAYMENT_STATUS_CHANGED")
        .await
        .unwrap();
    assert_eq!(
        after.balance, 10_000,
        "the older answer's 15,000 was not written"
    );
    assert_eq!(db.order(&oid(&id)).await.unwrap().unwrap().balance, 10_000);
}

async fn partial_and_full_cancel(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.confirm(&key, &order, 23_000).await;
    let path = format!("/api/orders/{id}/cancel");
    // Without the order's access token, or with another order's, nothing is cancelled.
    let (status, body) = env.post(&path, json!({"reason": "not mine"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("ACCESS_TOKEN_REQUIRED"))
    );
    let other = env.order().await;
    let other_token = other.access_token.as_ref().unwrap().as_str();
    let (status, body) = env
        .post_as(other_token, &path, json!({"reason": "not mine"}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED"))
    );
    assert_eq!(env.sandbox.count(Endpoint::Cancel), 0);
    let (status, body) = env
        .cancel(&order, json!({"reason": "too much", "amount": 30_000}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("CANCEL_AMOUNT_TOO_LARGE"))
    );
    assert_eq!(env.sandbox.count(Endpoint::Cancel), 0);
    let (status, body) = env
        .cancel(&order, json!({"reason": "사이즈 교환", "amount": 8_000}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["balance"]["value"].as_u64()),
        (Some("partially_cancelled"), Some(15_000))
    );
    let (status, body) = env.cancel(&order, json!({"reason": "고객 변심"})).await;
    assert_eq!(
        (
            status,
            body["status"].as_str(),
            body["balance"]["value"].as_u64()
        ),
        (200, Some("cancelled"), Some(0))
    );
    let (status, body) = env.cancel(&order, json!({"reason": "again"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("NOT_CANCELLABLE"))
    );
    assert_eq!(env.sandbox.applied(Endpoint::Cancel), 2);
}

async fn billing_issue_and_charge(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let customer = "cust-9d2c4f1e-billing";
    let (status, body) = env.register_card(customer).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["method"], "카드");
    assert!(
        body.get("billingKey").is_none(),
        "the billing key never reaches the browser"
    );
    let token = body["accessToken"].as_str().unwrap().to_owned();
    // The customer key alone (GET /api/orders/{id} shows it) charges nothing.
    let plan =
        json!({"customerKey": customer, "lines": [{"productId": "plan-monthly", "quantity": 1}]});
    let without_token = env
        .http
        .post(env.url("/api/billing/charge"))
        .header("Idempotency-Key", "charge-without-token")
        .json(&plan)
        .send()
        .await
        .unwrap();
    let (status, body) = support::read(without_token).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("ACCESS_TOKEN_REQUIRED"))
    );
    let (status, body) = env.charge(customer, &"0".repeat(64)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED"))
    );
    let (status, body) = env.charge(customer, &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["amount"]["value"].as_u64()),
        (Some("paid"), Some(9_900))
    );
    // The charged order comes with its own token, which cancels it.
    let charged: OrderView = serde_json::from_value(body).unwrap();
    assert_eq!(env.cancel(&charged, json!({"reason": "해지"})).await.0, 200);
    // A customer without a method answers like a wrong token (no probing for customer keys).
    let (status, body) = env.charge("cust-unknown-1", &token).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED"))
    );
    assert_eq!(env.sandbox.applied(Endpoint::BillingCharge), 1);
}

async fn a_replayed_billing_success_url_gets_no_token(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let customer = "cust-replay-billing-1";
    let auth_key = env.billing_auth(customer).await;
    let issue = json!({"customerKey": customer, "authKey": auth_key});
    let (status, first) = env.post("/api/billing/issue", issue.clone()).await;
    assert_eq!(status, 200, "{first}");
    let token = first["accessToken"].as_str().unwrap().to_owned();
    // The same successUrl again (a reload, or someone who found it in a history or a log).
    let (status, again) = env.post("/api/billing/issue", issue).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["method"], "카드");
    assert!(again.get("accessToken").is_none(), "{again}");
    // The first token still charges.
    assert_eq!(env.charge(customer, &token).await.0, 200);
}

async fn a_billing_charge_in_doubt_answers_202_with_the_order_and_its_token(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let customer = "cust-doubt-billing-1";
    let (_, registered) = env.register_card(customer).await;
    let token = registered["accessToken"].as_str().unwrap().to_owned();
    // Every attempt of the charge (the first and its retries) loses its connection.
    let attempts = 1 + env.state().settings.confirm_retries as usize;
    env.sandbox
        .inject(Endpoint::BillingCharge, Fault::ResetConnection, attempts);
    let (status, body) = env.charge(customer, &token).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "confirming");
    let order: OrderView = serde_json::from_value(body).unwrap();
    assert!(
        order.access_token.is_some(),
        "the buyer keeps the order's token"
    );
    reconcile_once(env.state()).await.unwrap();
    assert_eq!(env.status(order.order_id.as_str()).await, "paid");
    assert_eq!(env.sandbox.applied(Endpoint::BillingCharge), 1);
    assert_eq!(env.cancel(&order, json!({"reason": "해지"})).await.0, 200);
}

async fn a_billing_charge_repeated_with_its_idempotency_key_charges_once(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let customer = "cust-twice-billing-1";
    let (_, registered) = env.register_card(customer).await;
    let token = registered["accessToken"].as_str().unwrap().to_owned();
    let charge = |key: &'static str, product: &'static str| {
        let request = env
            .http
            .post(env.url("/api/billing/charge"))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(
                &json!({"customerKey": customer, "lines": [{"productId": product, "quantity": 1}]}),
            );
        async move { support::read(request.send().await.unwrap()).await }
    };
    // A second click after a lost answer: the same order, charged once, with a new token.
    let (status, first) = charge("click-1", "plan-monthly").await;
    assert_eq!(status, 200, "{first}");
    let (status, again) = charge("click-1", "plan-monthly").await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(first["orderId"], again["orderId"]);
    assert_eq!(env.sandbox.applied(Endpoint::BillingCharge), 1);
    let first: OrderView = serde_json::from_value(first).unwrap();
    let again: OrderView = serde_json::from_value(again).unwrap();
    assert_ne!(first.access_token, again.access_token);
    assert_eq!(env.cancel(&first, json!({"reason": "x"})).await.0, 403);
    assert_eq!(env.cancel(&again, json!({"reason": "해지"})).await.0, 200);
    // The same key for something else is refused; a new key is a new charge.
    let (status, body) = charge("click-1", "tshirt").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("IDEMPOTENCY_KEY_REUSED"))
    );
    assert_eq!(charge("click-2", "plan-monthly").await.0, 200);
    assert_eq!(env.sandbox.applied(Endpoint::BillingCharge), 2);
}

async fn bad_input_gets_a_clear_4xx(backend: Backend) {
    let env = Env::start(backend).await;
    let cases = [
        ("/api/orders", json!({"lines": []}), "INVALID_CART"),
        (
            "/api/orders",
            json!({"lines": [{"productId": "tshirt", "quantity": 0}]}),
            "INVALID_CART",
        ),
        (
            "/api/orders",
            json!({"lines": [{"productId": "nope", "quantity": 1}]}),
            "INVALID_CART",
        ),
        ("/api/orders", json!({"lines": "tshirt"}), "INVALID_BODY"),
        (
            "/api/payments/confirm",
            json!({"paymentKey": "pk", "orderId": "bad id", "amount": 1}),
            "INVALID_BODY",
        ),
        (
            "/api/payments/confirm",
            json!({"paymentKey": "pk", "orderId": "order-0001", "amount": -5}),
            "INVALID_BODY",
        ),
        (
            "/api/payments/confirm",
            json!({"paymentKey": "pk", "orderId": "order-0001"}),
            "INVALID_BODY",
        ),
    ];
    for (path, body, code) in cases {
        let (status, answer) = env.post(path, body.clone()).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (400, Some(code)),
            "{path} {body}: {answer}"
        );
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }
    let (status, answer) = env
        .post(
            "/api/payments/confirm",
            json!({"paymentKey": "pk", "orderId": "order-0001", "amount": 5}),
        )
        .await;
    assert_eq!((status, answer["code"].as_str()), (404, Some("NOT_FOUND")));
    let (status, _) = env.get("/api/orders/not%20valid").await;
    assert_eq!(status, 400);
    let (status, body) = env.get("/api/config").await;
    assert_eq!(status, 200);
    assert_eq!(body["clientKey"], env.client_key);
    assert!(
        !body.to_string().contains("_gsk_"),
        "the config never carries a secret key"
    );
}

/// An order id the test has as text.
fn oid(id: &str) -> OrderId {
    OrderId::parse(id).unwrap()
}

/// A payment key the test has as text.
fn pk(key: &str) -> PaymentKey {
    PaymentKey::parse(key).unwrap()
}

async fn a_stranger_cannot_replace_a_billing_method(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let victim = "cust-victim-billing-1";
    let (_, registered) = env.register_card(victim).await;
    let token = registered["accessToken"].as_str().unwrap().to_owned();
    // Someone who knows the victim's customer key runs Toss's billing flow with it (their own
    // card) and posts the authKey: refused, the victim's method and token are untouched.
    let (status, body) = env.register_card(victim).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED")),
        "{body}"
    );
    assert!(body.get("accessToken").is_none());
    assert_eq!(env.charge(victim, &token).await.0, 200);
    // A wrong token is no better than none.
    let auth_key = env.billing_auth(victim).await;
    let issue = json!({"customerKey": victim, "authKey": auth_key});
    let wrong = "0".repeat(64);
    assert_eq!(
        env.post_as(&wrong, "/api/billing/issue", issue.clone())
            .await
            .0,
        403
    );
    // The owner replaces the method with the current method's token, and gets a new one.
    let (status, replaced) = env.post_as(&token, "/api/billing/issue", issue).await;
    assert_eq!(status, 200, "{replaced}");
    let new_token = replaced["accessToken"].as_str().unwrap().to_owned();
    assert_ne!(new_token, token);
    assert_eq!(
        env.charge(victim, &token).await.0,
        403,
        "the old token is spent"
    );
    assert_eq!(env.charge(victim, &new_token).await.0, 200);
}

/// The storefront's session says who is signed in (a test header stands in for it).
#[derive(Debug)]
struct HeaderIdentity;

#[async_trait::async_trait]
impl tosspayments_server::identity::Identity for HeaderIdentity {
    async fn customer(
        &self,
        parts: &axum::http::request::Parts,
    ) -> Option<leptos_tosspayments::CustomerKey> {
        let value = parts.headers.get("x-test-customer")?.to_str().ok()?;
        leptos_tosspayments::CustomerKey::parse(value).ok()
    }
}

async fn a_signed_in_customer_owns_its_customer_key(backend: Backend) {
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|state: tosspayments_server::AppState| {
            state.with_identity(std::sync::Arc::new(HeaderIdentity))
        }),
    )
    .await;
    let alice = "cust-alice-1";
    let issue = |who: &'static str, customer: &'static str, auth_key: String| {
        let request = env
            .http
            .post(env.url("/api/billing/issue"))
            .header("x-test-customer", who)
            .json(&json!({"customerKey": customer, "authKey": auth_key}));
        async move { support::read(request.send().await.unwrap()).await }
    };
    let (status, first) = issue(alice, alice, env.billing_auth(alice).await).await;
    assert_eq!(status, 200, "{first}");
    // Mallory, signed in, asks about Alice's key: refused before Toss is called.
    let issues = env.sandbox.count(Endpoint::BillingIssue);
    let (status, body) = issue("cust-mallory-1", alice, env.billing_auth(alice).await).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::BillingIssue), issues);
    // Alice herself, signed in, replaces her card without the token.
    let (status, second) = issue(alice, alice, env.billing_auth(alice).await).await;
    assert_eq!(status, 200, "{second}");
    assert!(second["accessToken"].is_string());
}

async fn moving_money_needs_an_idempotency_key(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.confirm(&key, &order, 23_000).await;
    let token = order.access_token.as_ref().unwrap().as_str();
    let send = |path: String, token: String, key: Option<&'static str>, body: serde_json::Value| {
        let mut request = env.http.post(env.url(&path)).bearer_auth(token).json(&body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        async move { support::read(request.send().await.unwrap()).await }
    };
    let cancel = format!("/api/orders/{}/cancel", order.order_id);
    let partial = json!({"reason": "사이즈 교환", "amount": 3_000});
    let (status, body) = send(cancel.clone(), token.to_owned(), None, partial.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("IDEMPOTENCY_KEY_REQUIRED")),
        "{body}"
    );
    let too_long: &'static str = "k".repeat(101).leak();
    for bad in ["", "has space", "tab\there", too_long] {
        let (status, body) =
            send(cancel.clone(), token.to_owned(), Some(bad), partial.clone()).await;
        assert_eq!(status, 400, "{bad:?}: {body}");
    }
    let customer = "cust-nokey-billing-1";
    let (_, registered) = env.register_card(customer).await;
    let billing_token = registered["accessToken"].as_str().unwrap().to_owned();
    let plan =
        json!({"customerKey": customer, "lines": [{"productId": "plan-monthly", "quantity": 1}]});
    let (status, body) = send("/api/billing/charge".to_owned(), billing_token, None, plan).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("IDEMPOTENCY_KEY_REQUIRED")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::Cancel), 0);
    assert_eq!(env.sandbox.count(Endpoint::BillingCharge), 0);
}

async fn a_retried_partial_cancel_refunds_once(backend: Backend) {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    env.confirm(&key, &order, 23_000).await;
    let partial = json!({"reason": "사이즈 교환", "amount": 3_000});
    // The answer to the buyer is lost; the browser sends the same cancel again, same key.
    let (status, first) = env
        .cancel_with_key(&order, partial.clone(), "cancel-click-1")
        .await;
    assert_eq!(status, 200, "{first}");
    let (status, again) = env
        .cancel_with_key(&order, partial.clone(), "cancel-click-1")
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["balance"]["value"], 20_000, "{again}");
    assert_eq!(env.sandbox.applied(Endpoint::Cancel), 1, "refunded once");
    // A new intended cancel (a new key) is a second refund.
    let (status, second) = env.cancel_with_key(&order, partial, "cancel-click-2").await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["balance"]["value"], 17_000, "{second}");
}

async fn a_strangers_junk_claim_cannot_block_the_buyer(backend: Backend) {
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|mut state: tosspayments_server::AppState| {
            state.settings.claim_timeout = Duration::ZERO;
            state
        }),
    )
    .await;
    let order = env.order().await;
    // Dot-only payment keys name another path even percent-encoded: refused before a claim.
    for junk in [".", ".."] {
        let (status, body) = env.confirm(junk, &order, 23_000).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("PAYMENT_NOT_FOR_ORDER")),
            "{body}"
        );
    }
    assert_eq!(env.status(order.order_id.as_str()).await, "created");
    // A stranger who knows the order id and amount claims it with a made-up key while Toss's
    // query API fails: the claim stays, and the buyer is told a confirm is in progress.
    env.sandbox.inject(Endpoint::Query, Fault::InternalError, 2);
    let (status, body) = env.confirm("junk-payment-key-1", &order, 23_000).await;
    assert_eq!(status, 503, "{body}");
    let key = env.authenticate(&order, 23_000, "CARD").await;
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("CONFIRM_IN_PROGRESS")),
        "{body}"
    );
    // The reconciler cannot look the junk key up either; past the claim timeout it fails the
    // claim instead of retrying forever, and the buyer pays.
    reconcile_once(env.state()).await.unwrap();
    assert_eq!(env.status(order.order_id.as_str()).await, "failed");
    let (status, body) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );
}

async fn a_large_webhook_is_stored_and_readiness_answers(backend: Backend) {
    let env = Env::start(backend).await;
    let (status, ready) = env.get("/readyz").await;
    assert_eq!(
        (status, ready["ready"].as_bool()),
        (200, Some(true)),
        "{ready}"
    );
    // Each on its own connection: the server closes one whose body it refused unread.
    let post = |path: &'static str, body: serde_json::Value| {
        let url = env.url(path);
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }
    };
    // A Payment object with many cancels is larger than the API's 64 KiB request limit; the
    // webhook route takes up to 256 KiB.
    let padding = "x".repeat(100 * 1024);
    let body = json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": "pk_none", "note": padding}});
    assert_eq!(post("/api/webhooks/toss", body).await, 200);
    let too_big =
        json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"note": "x".repeat(300 * 1024)}});
    assert_eq!(post("/api/webhooks/toss", too_big).await, 413);
    // The API's own routes keep the small limit.
    let big_order = json!({"lines": [{"productId": "x".repeat(100 * 1024), "quantity": 1}]});
    assert_eq!(post("/api/orders", big_order).await, 413);
}

async fn the_reconciler_works_through_a_backlog_and_rechecks_paid_orders(backend: Backend) {
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|mut state: tosspayments_server::AppState| {
            state.settings.reconcile_batch = 2;
            state
        }),
    )
    .await;
    // Webhooks are lost: only the reconciler can learn anything.
    env.sandbox.set_webhook_url(None);
    let mut waiting = Vec::new();
    for _ in 0..3 {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, "VIRTUAL_ACCOUNT").await;
        assert_eq!(env.confirm(&key, &order, 23_000).await.0, 200);
        waiting.push(order);
    }
    // The newest account is paid; the two older ones stay unpaid.
    env.sandbox.deposit(waiting[2].order_id.as_str()).unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let first = reconcile_once(env.state()).await.unwrap();
    assert_eq!(
        (first.examined, first.settled),
        (2, 0),
        "one batch: the two oldest"
    );
    assert_eq!(
        env.status(waiting[2].order_id.as_str()).await,
        "waiting_for_deposit"
    );
    // They back off; the next pass gets to the third instead of the same two again.
    let second = reconcile_once(env.state()).await.unwrap();
    assert_eq!((second.examined, second.settled), (1, 1));
    assert_eq!(env.status(waiting[2].order_id.as_str()).await, "paid");

    // A paid order cancelled in Toss's dashboard while webhooks are lost is seen too.
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    assert_eq!(env.confirm(&key, &order, 23_000).await.0, 200);
    let body = tosspayments_server::toss::CancelBody {
        cancel_reason: "상점관리자 취소".into(),
        cancel_amount: None,
        refund_receive_account: None,
    };
    env.state()
        .toss
        .cancel(&pk(&key), &body, "console-cancel-outage")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let third = reconcile_once(env.state()).await.unwrap();
    assert!(third.rechecked >= 1, "{third:?}");
    assert_eq!(env.status(order.order_id.as_str()).await, "cancelled");
}

const STAFF_TOKEN: &str = "staff-token-0123456789abcdef0123456789";

async fn staff_find_time_and_refund_an_order_that_the_policy_keeps_from_the_buyer(
    backend: Backend,
) {
    use tosspayments_server::policy::WithinWindow;
    use tosspayments_server::staff::StaffToken;
    // The console is off unless a staff token is configured.
    let plain = Env::start(backend).await;
    assert_eq!(plain.get("/api/admin/orders").await.0, 404);
    drop(plain);

    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|state: tosspayments_server::AppState| {
            state
                // Buyers may cancel for no time at all after payment.
                .with_refund_policy(std::sync::Arc::new(WithinWindow(Duration::ZERO)))
                .with_staff_token(StaffToken::parse(STAFF_TOKEN).unwrap())
        }),
    )
    .await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    assert_eq!(env.confirm(&key, &order, 23_000).await.0, 200);
    tokio::time::sleep(Duration::from_millis(5)).await;
    // The buyer, with the order's token, is outside the policy.
    let (status, body) = env.cancel(&order, json!({"reason": "변심"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("REFUND_NOT_ALLOWED")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::Cancel), 0);

    let staff = |method: reqwest::Method, path: String, token: Option<&'static str>| {
        let mut request = env.http.request(method, env.url(&path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
    };
    // The console needs the staff token; an order's token is not it.
    let order_token: &'static str = order
        .access_token
        .as_ref()
        .unwrap()
        .as_str()
        .to_owned()
        .leak();
    for (token, expected) in [(None, 401), (Some(order_token), 403)] {
        let r = staff(reqwest::Method::GET, "/api/admin/orders".into(), token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), expected);
    }
    // Staff find the order among the paid ones, and its timeline.
    let (status, list) = support::read(
        staff(
            reqwest::Method::GET,
            "/api/admin/orders?status=paid".into(),
            Some(STAFF_TOKEN),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{list}");
    let ids: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderId"].clone())
        .collect();
    assert_eq!(ids, [json!(order.order_id)]);
    let (status, stuck) = support::read(
        staff(
            reqwest::Method::GET,
            "/api/admin/orders?stuck=true".into(),
            Some(STAFF_TOKEN),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (status, stuck.as_array().map(Vec::len)),
        (200, Some(0)),
        "{stuck}"
    );
    // Staff refund part of it, any time, with a reason.
    let (status, refunded) = support::read(
        staff(
            reqwest::Method::POST,
            format!("/api/admin/orders/{}/cancel", order.order_id),
            Some(STAFF_TOKEN),
        )
        .header("Idempotency-Key", "staff-refund-1")
        .json(&json!({"reason": "불량 교환", "amount": 3_000}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (
            status,
            refunded["status"].as_str(),
            refunded["balance"]["value"].as_i64()
        ),
        (200, Some("partially_cancelled"), Some(20_000)),
        "{refunded}"
    );
    let (status, events) = support::read(
        staff(
            reqwest::Method::GET,
            format!("/api/admin/orders/{}/events", order.order_id),
            Some(STAFF_TOKEN),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let causes: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cause"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(causes.first().map(String::as_str), Some("created"));
    // The refund's change is recorded once: by the cancel's answer, or by Toss's webhook about
    // it when that is applied first (the sandbox sends it as it answers).
    let refunded: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["toStatus"] == "partially_cancelled")
        .map(|e| e["cause"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        refunded == ["cancel:staff"] || refunded == ["webhook:PAYMENT_STATUS_CHANGED"],
        "{causes:?}"
    );
    let asked = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["cause"] == "cancel-requested")
        .expect("the request is on record");
    assert!(
        asked["detail"]
            .as_str()
            .unwrap()
            .contains("staff asked to cancel 3000 won (reason: 불량 교환)"),
        "{asked}"
    );
    let (status, mismatches) = support::read(
        staff(
            reqwest::Method::GET,
            "/api/admin/mismatches".into(),
            Some(STAFF_TOKEN),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!((status, mismatches), (200, json!([])));

    let get = |path: String| {
        let request = staff(reqwest::Method::GET, path, Some(STAFF_TOKEN));
        async move { support::read(request.send().await.unwrap()).await }
    };
    // Orders by customer and by creation time.
    let customer = order.customer_key.as_ref().unwrap();
    let ids = |list: serde_json::Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|o| o["orderId"].as_str().unwrap().to_owned())
            .collect()
    };
    let mine = ids(get(format!("/api/admin/orders?customerKey={customer}"))
        .await
        .1);
    assert_eq!(mine, [order.order_id.to_string()]);
    assert!(
        ids(get("/api/admin/orders?customerKey=cust-nobody-1".into())
            .await
            .1)
        .is_empty()
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert_eq!(
        ids(get(format!("/api/admin/orders?from={}", now - 60_000))
            .await
            .1),
        mine
    );
    assert!(
        ids(get(format!("/api/admin/orders?from={}", now + 60_000))
            .await
            .1)
        .is_empty()
    );
    assert!(
        ids(get(format!("/api/admin/orders?to={}", now - 60_000))
            .await
            .1)
        .is_empty()
    );
    let (status, body) = get("/api/admin/orders?status=lost".into()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("INVALID_QUERY")),
        "{body}"
    );

    // The webhook inbox: what Toss sent about the payment and the refund, and what became of
    // it, never the bodies (a deposit callback carries the order's secret).
    env.webhooks_settled().await;
    let (status, hooks) = get("/api/admin/webhooks".into()).await;
    assert_eq!(status, 200, "{hooks}");
    let hooks = hooks.as_array().unwrap();
    let payment = format!("payment {key}");
    assert!(
        hooks
            .iter()
            .any(|h| h["subject"] == payment.as_str() && h["outcome"].is_string()),
        "{hooks:?}"
    );
    assert!(hooks.iter().all(|h| h.get("body").is_none()), "{hooks:?}");
    // The background work's health (this server's workers were not started: no beats).
    let (status, health) = get("/api/admin/health".into()).await;
    assert_eq!(status, 200, "{health}");
    assert_eq!(
        (
            &health["ready"],
            &health["database"],
            &health["webhookBacklog"],
            &health["mismatches"]
        ),
        (&json!(true), &json!(true), &json!(0), &json!(0)),
        "{health}"
    );
    for path in ["/api/admin/webhooks", "/api/admin/health"] {
        let r = staff(reqwest::Method::GET, path.into(), None)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{path}");
    }
}

async fn unpaid_orders_expire_and_old_webhooks_are_purged(backend: Backend) {
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|mut state: tosspayments_server::AppState| {
            state.settings.unpaid_ttl = Duration::ZERO;
            state.settings.inbox_retention = Duration::ZERO;
            state
        }),
    )
    .await;
    let paid = env.order().await;
    let key = env.authenticate(&paid, 23_000, "CARD").await;
    assert_eq!(env.confirm(&key, &paid, 23_000).await.0, 200);
    let abandoned = env.order().await;
    let late_key = env.authenticate(&abandoned, 23_000, "CARD").await;
    // The payment's webhook arrives and is worked off (the sandbox sends it on its own time).
    for _ in 0..200 {
        if !env.state().db.inbox_outcomes().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    env.webhooks_settled().await;
    assert!(!env.state().db.inbox_outcomes().await.unwrap().is_empty());
    tokio::time::sleep(Duration::from_millis(5)).await;
    let report = reconcile_once(env.state()).await.unwrap();
    assert_eq!(report.expired, 1, "{report:?}");
    assert!(report.purged >= 1, "{report:?}");
    assert_eq!(env.status(abandoned.order_id.as_str()).await, "expired");
    assert_eq!(env.status(paid.order_id.as_str()).await, "paid");
    assert!(env.state().db.inbox_outcomes().await.unwrap().is_empty());
    // A confirm that arrives after that is refused before Toss is called.
    let confirms = env.sandbox.count(Endpoint::Confirm);
    let (status, body) = env.confirm(&late_key, &abandoned, 23_000).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("ORDER_EXPIRED")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::Confirm), confirms);
}

async fn metrics_show_what_an_operator_watches(backend: Backend) {
    use tosspayments_server::staff::StaffToken;
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|state: tosspayments_server::AppState| {
            state.with_staff_token(StaffToken::parse(STAFF_TOKEN).unwrap())
        }),
    )
    .await;
    let paid = env.order().await;
    let key = env.authenticate(&paid, 23_000, "CARD").await;
    assert_eq!(env.confirm(&key, &paid, 23_000).await.0, 200);
    let refused = env.order().await;
    let key = env.authenticate(&refused, 23_000, "CARD").await;
    env.sandbox.inject(Endpoint::Confirm, Fault::RejectCard, 1);
    assert_eq!(env.confirm(&key, &refused, 23_000).await.0, 402);
    assert_eq!(
        env.get("/metrics").await.0,
        401,
        "metrics need the staff token"
    );
    let text = env
        .http
        .get(env.url("/metrics"))
        .bearer_auth(STAFF_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "tosspayments_orders{status=\"paid\"} 1",
        "tosspayments_orders{status=\"failed\"} 1",
        "tosspayments_orders{status=\"confirming\"} 0",
        "tosspayments_confirm_duration_seconds_count 2",
        "tosspayments_provider_errors_total{provider=\"toss\",code=\"REJECT_CARD_PAYMENT\"} 1",
        "tosspayments_mismatches_total 0",
        "tosspayments_reconciler_lag_seconds 0.0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
    assert!(text.contains("tosspayments_webhook_backlog "), "{text}");
}

async fn a_client_over_its_budget_is_told_to_wait(backend: Backend) {
    let env = Env::start_customized(
        backend,
        std::sync::Arc::new(|mut state: tosspayments_server::AppState| {
            state.limits = tosspayments_server::limits::Limits::per_minute(3, true);
            state
        }),
    )
    .await;
    let create = |client: &'static str| {
        let request = env
            .http
            .post(env.url("/api/orders"))
            .header("x-forwarded-for", client)
            .json(&json!({"lines": [{"productId": "tshirt", "quantity": 1}]}));
        async move { request.send().await.unwrap() }
    };
    for _ in 0..3 {
        assert_eq!(create("203.0.113.7").await.status().as_u16(), 201);
    }
    let limited = create("203.0.113.7").await;
    assert_eq!(limited.status().as_u16(), 429);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let (_, body) = support::read(limited).await;
    assert_eq!(body["code"], "RATE_LIMITED");
    // Another client is not affected, and neither are Toss's webhooks or the health checks.
    assert_eq!(create("198.51.100.2").await.status().as_u16(), 201);
    assert_eq!(env.get("/healthz").await.0, 200);
    for _ in 0..5 {
        let (status, _) = env
            .post("/api/webhooks/toss", json!({"eventType": "X"}))
            .await;
        assert_eq!(status, 200);
    }
}

async fn a_billing_method_is_deleted_by_its_owner_only(backend: Backend) {
    let env = Env::start_with(backend, KeyPairKind::ApiIndividual, 1).await;
    let customer = "cust-delete-billing-1";
    let (_, registered) = env.register_card(customer).await;
    let token = registered["accessToken"].as_str().unwrap().to_owned();
    let path = format!("/api/billing/methods/{customer}");
    let delete = |token: Option<String>| {
        let mut request = env.http.delete(env.url(&path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    // Someone who knows only the customer key, or holds another token, deletes nothing.
    assert_eq!(delete(None).await, 401);
    assert_eq!(delete(Some("0".repeat(64))).await, 403);
    assert_eq!(env.sandbox.count(Endpoint::BillingDelete), 0);
    assert_eq!(env.charge(customer, &token).await.0, 200);
    // The owner deletes it: at Toss, and here; the token charges nothing any more.
    assert_eq!(delete(Some(token.clone())).await, 204);
    assert_eq!(env.sandbox.applied(Endpoint::BillingDelete), 1);
    assert_eq!(env.charge(customer, &token).await.0, 403);
    assert_eq!(delete(Some(token)).await, 403, "nothing left to delete");
    // The customer can register a new card afterwards, with a new token.
    let (status, again) = env.register_card(customer).await;
    assert_eq!(status, 200, "{again}");
    assert!(again["accessToken"].is_string());
}

async fn a_signed_in_buyer_owns_their_orders_without_tokens(backend: Backend) {
    use reqwest::Method;
    let env = support::with_sessions(backend).await;
    let (cookie, customer) = support::sign_in(&env).await;
    let (status, me) = send_with(&env, Method::GET, "/api/session", Some(&cookie), None).await;
    assert_eq!(
        (status, me["customerKey"].as_str()),
        (200, Some(customer.as_str()))
    );
    // A second sign-in keeps the customer.
    let again = env
        .http
        .post(env.url("/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        support::read(again).await.1["customerKey"],
        customer.as_str()
    );
    let (_, nobody) = send_with(&env, Method::GET, "/api/session", None, None).await;
    assert!(nobody["customerKey"].is_null(), "{nobody}");
    // A changed cookie names nobody.
    let forged = cookie.replace(&customer, "cust-mallory-01");
    let (_, forged_me) = send_with(&env, Method::GET, "/api/session", Some(&forged), None).await;
    assert!(forged_me["customerKey"].is_null(), "{forged_me}");

    let lines = json!({"lines": [{"productId": "tshirt", "quantity": 1}, {"productId": "mug", "quantity": 1}]});
    let (status, created) = send_with(
        &env,
        Method::POST,
        "/api/orders",
        Some(&cookie),
        Some(lines.clone()),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["customerKey"],
        customer.as_str(),
        "the order is the buyer's"
    );
    // Someone else's key is refused for a signed-in buyer.
    let mut others = lines.clone();
    others["customerKey"] = json!("cust-someone-else-1");
    let (status, body) = send_with(
        &env,
        Method::POST,
        "/api/orders",
        Some(&cookie),
        Some(others),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED")),
        "{body}"
    );

    // The customer key is shown to its customer only.
    let order: OrderView = serde_json::from_value(created).unwrap();
    let path = format!("/api/orders/{}", order.order_id);
    let (_, shown) = send_with(&env, Method::GET, &path, Some(&cookie), None).await;
    assert_eq!(shown["customerKey"], customer.as_str());
    let (_, hidden) = send_with(&env, Method::GET, &path, None, None).await;
    assert!(hidden.get("customerKey").is_none(), "{hidden}");
    let token = order.access_token.as_ref().unwrap().as_str();
    let with_token = env
        .http
        .get(env.url(&path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        support::read(with_token).await.1["customerKey"],
        customer.as_str()
    );

    let key = env.authenticate(&order, 23_000, "CARD").await;
    let (status, confirmed) = env.confirm(&key, &order, 23_000).await;
    assert_eq!(status, 200, "{confirmed}");
    assert!(
        confirmed.get("customerKey").is_none(),
        "a replayed successUrl shows no key"
    );

    // Cancel: nobody gets 401, another signed-in buyer 403, the buyer's session cancels.
    let cancel = format!("/api/orders/{}/cancel", order.order_id);
    let reason = json!({"reason": "단순 변심"});
    let (status, body) = send_with(&env, Method::POST, &cancel, None, Some(reason.clone())).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("ACCESS_TOKEN_REQUIRED")),
        "{body}"
    );
    let (stranger, _) = support::sign_in(&env).await;
    let (status, body) = send_with(
        &env,
        Method::POST,
        &cancel,
        Some(&stranger),
        Some(reason.clone()),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("ACCESS_DENIED")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::Cancel), 0);
    let (status, body) = send_with(&env, Method::POST, &cancel, Some(&cookie), Some(reason)).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );

    // Sign-out ends the cookie in the browser.
    let out = env
        .http
        .delete(env.url("/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let cleared = out.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cleared.starts_with("ltp_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
}

async fn a_signed_in_customer_charges_and_deletes_their_method_without_tokens(backend: Backend) {
    use reqwest::Method;
    let env = support::with_sessions(backend).await;
    let (cookie, customer) = support::sign_in(&env).await;
    let (status, registered) = env.register_card(&customer).await;
    assert_eq!(status, 200, "{registered}");
    let plan =
        json!({"customerKey": customer, "lines": [{"productId": "plan-monthly", "quantity": 1}]});
    let (status, body) = send_with(
        &env,
        Method::POST,
        "/api/billing/charge",
        None,
        Some(plan.clone()),
    )
    .await;
    assert_eq!(status, 401, "{body}");
    let (status, charged) = send_with(
        &env,
        Method::POST,
        "/api/billing/charge",
        Some(&cookie),
        Some(plan.clone()),
    )
    .await;
    assert_eq!(
        (status, charged["status"].as_str()),
        (200, Some("paid")),
        "{charged}"
    );
    let method = format!("/api/billing/methods/{customer}");
    let (stranger, _) = support::sign_in(&env).await;
    let (status, body) = send_with(&env, Method::DELETE, &method, Some(&stranger), None).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = send_with(&env, Method::DELETE, &method, Some(&cookie), None).await;
    assert_eq!(status, 204, "{body}");
    // Gone: the customer is told so.
    let (status, body) = send_with(
        &env,
        Method::POST,
        "/api/billing/charge",
        Some(&cookie),
        Some(plan),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("NOT_FOUND")),
        "{body}"
    );
    assert_eq!(env.sandbox.count(Endpoint::BillingCharge), 1);
}

#[tokio::test]
async fn sessions_are_off_unless_configured() {
    let env = Env::start(Backend::Sqlite).await;
    let (status, body) = env.get("/api/session").await;
    assert_eq!(status, 404, "{body}");
}
