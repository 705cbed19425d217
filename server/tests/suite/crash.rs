//! Crash recovery: the server binary is killed with SIGKILL while its confirms are in the
//! window between Toss approving them and the server writing that down (the sandbox's `Slow`
//! fault holds every answer after the approval). A new process on the same database must bring
//! every order to Toss's true state through its reconciler alone (webhooks are off), without
//! approving anything twice.

use std::time::{Duration, Instant};

use tosspayments_sandbox::{Endpoint, Fault, SandboxConfig};

use super::process::ServerProcess;
use super::{Figure, db_name, stored_orders, tally};
use crate::support::{Backend, Env, KeyPairKind, join_all, sandbox_config};

/// Runs the scenario with `n` orders.
pub async fn crash_recovery(backend: Backend, n: usize) -> Vec<Figure> {
    let env = Env::start_custom(
        backend,
        KeyPairKind::Widget,
        1,
        SandboxConfig {
            slow_for: Duration::from_secs(4),
            ..sandbox_config()
        },
    )
    .await;
    env.sandbox.set_webhook_url(None);
    let keys = KeyPairKind::Widget.pair();
    let quiet = [("RECONCILE_EVERY_MS", "3600000")];
    let mut first = ServerProcess::start(env.sandbox.base_url(), &env.db.url, keys, &quiet).await;

    let orders = join_all((0..n).map(|_| async {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, "CARD").await;
        (order, key)
    }))
    .await;
    env.sandbox.inject(Endpoint::Confirm, Fault::Slow, n);
    let http = env.http.clone();
    for (order, key) in &orders {
        let body =
            serde_json::json!({"paymentKey": key, "orderId": order.order_id, "amount": 23_000});
        let (http, url) = (http.clone(), format!("{}/api/payments/confirm", first.url));
        tokio::spawn(async move {
            let _ = http.post(url).json(&body).send().await;
        });
    }
    // Wait until Toss has approved every one (the answers are still being held), then kill.
    let approved = || {
        orders
            .iter()
            .filter(|(o, _)| {
                env.sandbox
                    .payments_for_order(o.order_id.as_str())
                    .iter()
                    .any(|p| p.approved_at.is_some())
            })
            .count()
    };
    let started = Instant::now();
    while approved() < n && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.kill9();
    let approved_at_kill = approved();
    let in_between = stored_orders(&env.db.url)
        .await
        .iter()
        .filter(|o| o.status == "confirming")
        .count();

    let recover = [("RECONCILE_EVERY_MS", "200"), ("RECONCILE_GRACE_MS", "0")];
    let second = ServerProcess::start(env.sandbox.base_url(), &env.db.url, keys, &recover).await;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let left = stored_orders(&env.db.url)
            .await
            .iter()
            .filter(|o| o.status == "confirming")
            .count();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (good, all, doubles) = tally(&env).await;
    let confirms_sent = env.sandbox.count(Endpoint::Confirm);
    drop(second);
    let db = db_name(backend);
    vec![
        Figure::info(
            "crash",
            format!("approved by Toss when killed, on {db}"),
            format!("{approved_at_kill}/{n}"),
        ),
        Figure::info(
            "crash",
            format!("orders left in between by the kill, on {db}"),
            format!("{in_between}/{n}"),
        ),
        Figure::all(
            "crash",
            format!("orders in Toss's true state after restart, on {db}"),
            good,
            all,
        ),
        Figure::zero("crash", format!("second charges, on {db}"), doubles, all),
        Figure::info(
            "crash",
            format!("confirm calls to Toss (incl. reconciler's), on {db}"),
            confirms_sent.to_string(),
        ),
        Figure {
            suite: "crash",
            name: format!("kill landed in the window (in between ≥ 1), on {db}"),
            value: in_between.to_string(),
            target: "≥ 1".to_owned(),
            met: in_between >= 1,
        },
    ]
}
