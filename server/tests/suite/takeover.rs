//! Attacks on accounts and on money already moved: a stranger who knows a customer key tries
//! to attach their card to it; a buyer refunds outside the store's refund policy; a partial
//! cancel is retried after a lost answer; a stranger who knows an order's id and amount claims
//! it with a junk paymentKey while Toss's query API is down. Targets: no takeover, no refund
//! outside the policy, one refund per intended cancel, and the real buyer still pays.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tosspayments_sandbox::{Endpoint, Fault};
use tosspayments_server::AppState;
use tosspayments_server::policy::WithinWindow;
use tosspayments_server::reconcile::reconcile_once;

use super::{Figure, db_name};
use crate::support::{Backend, Env};

/// Runs each attack once on one database.
pub async fn attacks(backend: Backend) -> Vec<Figure> {
    let db = db_name(backend);
    let env = Env::start_customized(
        backend,
        Arc::new(|mut state: AppState| {
            // Buyers may cancel for no time at all; a junk claim is failed at the first lookup
            // that fails.
            state.settings.claim_timeout = Duration::ZERO;
            state.with_refund_policy(Arc::new(WithinWindow(Duration::ZERO)))
        }),
    )
    .await;

    // A billing-method takeover: the attacker runs Toss's billing flow with the victim's key.
    let victim = "cust-takeover-victim";
    let (_, registered) = env.register_card(victim).await;
    let token = registered["accessToken"].as_str().unwrap().to_owned();
    let (status, _) = env.register_card(victim).await;
    let takeover_accepted = usize::from(status < 400);
    let victim_charges = usize::from(env.charge(victim, &token).await.0 == 200);

    // A buyer's refund outside the policy.
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    assert_eq!(env.confirm(&key, &order, 23_000).await.0, 200);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let cancels_before = env.sandbox.applied(Endpoint::Cancel);
    let (status, body) = env.cancel(&order, json!({"reason": "변심"})).await;
    let outside_policy_refunded =
        usize::from(status < 400) + (env.sandbox.applied(Endpoint::Cancel) - cancels_before);
    let outside_policy_clear = usize::from(body["code"] == "REFUND_NOT_ALLOWED");

    // A blocked-confirm attempt: a junk claim during a query outage, then the buyer.
    let blocked = env.order().await;
    env.sandbox.inject(Endpoint::Query, Fault::InternalError, 2);
    let _ = env.confirm("junk-claim-key-0001", &blocked, 23_000).await;
    reconcile_once(env.state()).await.unwrap();
    let buyer_key = env.authenticate(&blocked, 23_000, "CARD").await;
    let (status, answer) = env.confirm(&buyer_key, &blocked, 23_000).await;
    let buyer_pays = usize::from(status == 200 && answer["status"] == "paid");
    drop(env);

    // A partial cancel retried after a lost answer (the default policy lets the buyer cancel).
    let env = Env::start(backend).await;
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    assert_eq!(env.confirm(&key, &order, 23_000).await.0, 200);
    let cancels_before = env.sandbox.applied(Endpoint::Cancel);
    let partial = json!({"reason": "사이즈 교환", "amount": 3_000});
    for _ in 0..3 {
        env.cancel_with_key(&order, partial.clone(), "retried-cancel-1")
            .await;
    }
    let refunds = env.sandbox.applied(Endpoint::Cancel) - cancels_before;

    vec![
        Figure::zero(
            "takeover",
            format!("billing methods taken over with a known customer key, on {db}"),
            takeover_accepted,
            1,
        ),
        Figure::all(
            "takeover",
            format!("victim's token still charges its own card, on {db}"),
            victim_charges,
            1,
        ),
        Figure::zero(
            "takeover",
            format!("buyer refunds outside the refund policy, on {db}"),
            outside_policy_refunded,
            1,
        ),
        Figure::all(
            "takeover",
            format!("refusals outside the policy that say REFUND_NOT_ALLOWED, on {db}"),
            outside_policy_clear,
            1,
        ),
        Figure::all(
            "takeover",
            format!("real buyer pays after a junk claim during a query outage, on {db}"),
            buyer_pays,
            1,
        ),
        Figure::all(
            "takeover",
            format!("refunds for a partial cancel sent three times with one key, on {db}"),
            usize::from(refunds == 1),
            1,
        ),
    ]
}
