//! The duplicate storm: two server processes on one PostgreSQL database, every order
//! confirmed many times at once through both (double clicks, reloads, retries). Toss must see
//! exactly one confirm per order, and every answer for an order must be the same. The same
//! storm runs on Toss Pay's execute (`tosspay_storm`).

use std::collections::HashMap;

use serde_json::{Value, json};
use tosspayments_sandbox::{Endpoint, Latency};
use tosspayments_server::confirm;

use super::Figure;
use super::process::ServerProcess;
use crate::support::{Backend, Env, KeyPairKind, join_all, read};

/// Runs the storm with `orders` orders and `clicks` confirm requests per order.
pub async fn duplicate_storm(orders: usize, clicks: usize) -> Vec<Figure> {
    let env = Env::start_with(Backend::Postgres, KeyPairKind::Widget, 1).await;
    env.sandbox.set_latency(Latency::Fixed { ms: 50 });
    let keys = KeyPairKind::Widget.pair();
    let a = ServerProcess::start(env.sandbox.base_url(), &env.db.url, keys, &[]).await;
    let b = ServerProcess::start(env.sandbox.base_url(), &env.db.url, keys, &[]).await;
    let ready = join_all((0..orders).map(|_| async {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, "CARD").await;
        (order, key)
    }))
    .await;
    let mut requests = Vec::new();
    for (order, key) in &ready {
        for _ in 0..clicks {
            let body = json!({"paymentKey": key, "orderId": order.order_id, "amount": 23_000});
            requests.push((order.order_id.to_string(), "/api/payments/confirm", body));
        }
    }
    let (disagreeing, not_paid) = storm(&env, [&a.url, &b.url], requests).await;
    let log = env.sandbox.requests();
    let mut upstream: HashMap<String, usize> = HashMap::new();
    for r in log.iter().filter(|r| r.endpoint == Endpoint::Confirm) {
        *upstream
            .entry(r.idempotency_key.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let exactly_once = ready
        .iter()
        .filter(|(order, key)| {
            let payment = tosspayments_server::provider::PaymentId::parse(key).unwrap();
            upstream.get(&confirm::idempotency_key(&order.order_id, &payment)) == Some(&1)
        })
        .count();
    let max = upstream.values().copied().max().unwrap_or(0);
    drop((a, b));
    vec![
        Figure::info(
            "storm",
            "confirm requests (2 processes, 1 PostgreSQL)",
            format!("{} ({orders} orders × {clicks})", orders * clicks),
        ),
        Figure::all(
            "storm",
            "orders confirmed at Toss exactly once",
            exactly_once,
            orders,
        ),
        Figure {
            suite: "storm",
            name: "most upstream confirms for one order".to_owned(),
            value: max.to_string(),
            target: "1".to_owned(),
            met: max == 1,
        },
        Figure::zero(
            "storm",
            "orders whose answers disagree",
            disagreeing,
            orders,
        ),
        Figure::zero("storm", "orders not paid", not_paid, orders),
    ]
}

/// Which Toss Pay flow a storm executes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TossPayFlow {
    /// `pay.toss.im`: the buyer is back from Toss Pay's page (`/api/tosspay/execute`).
    Web,
    /// Apps-in-Toss: `checkoutPayment` resolved in the mini-app (`/api/apps-in-toss/execute`).
    InApp,
}

/// [`duplicate_storm`] on Toss Pay: every approved order's execute sent `clicks` times at once
/// through two processes; Toss Pay must see one execute per order.
pub async fn tosspay_storm(flow: TossPayFlow, orders: usize, clicks: usize) -> Vec<Figure> {
    let env = Env::start_with(Backend::Postgres, KeyPairKind::Widget, 1).await;
    env.sandbox.set_latency(Latency::Fixed { ms: 50 });
    let keys = KeyPairKind::Widget.pair();
    let base = env.sandbox.base_url();
    let (label, endpoint, path, vars) = match flow {
        TossPayFlow::Web => (
            "Toss Pay",
            Endpoint::TossPayExecute,
            "/api/tosspay/execute",
            vec![
                (
                    "TOSSPAY_API_KEY",
                    tosspayments_sandbox::docs_keys::TOSSPAY_API_KEY,
                ),
                ("TOSSPAY_API_BASE", base),
            ],
        ),
        TossPayFlow::InApp => (
            "Apps-in-Toss",
            Endpoint::InAppExecute,
            "/api/apps-in-toss/execute",
            vec![("APPS_IN_TOSS_API_BASE", base)],
        ),
    };
    let a = ServerProcess::start(base, &env.db.url, keys, &vars).await;
    let b = ServerProcess::start(base, &env.db.url, keys, &vars).await;
    let ready = match flow {
        TossPayFlow::Web => super::faults::tosspay_orders_approved(&env, orders).await,
        TossPayFlow::InApp => super::faults::in_app_orders_approved(&env, orders).await,
    };
    let mut requests = Vec::new();
    for order in &ready {
        for _ in 0..clicks {
            let body = json!({"orderId": order.order_id});
            requests.push((order.order_id.to_string(), path, body));
        }
    }
    let (disagreeing, not_paid) = storm(&env, [&a.url, &b.url], requests).await;
    // The execute carries no Idempotency-Key: count Toss Pay's executes, and its executions.
    let upstream = env
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.endpoint == endpoint)
        .count();
    let executed_once = ready
        .iter()
        .filter(|o| {
            env.sandbox
                .tosspay_for_order(o.order_id.as_str())
                .is_some_and(|t| t.executions == 1)
        })
        .count();
    drop((a, b));
    vec![
        Figure::info(
            "storm",
            format!("{label} execute requests (2 processes, 1 PostgreSQL)"),
            format!("{} ({orders} orders × {clicks})", orders * clicks),
        ),
        Figure::all(
            "storm",
            format!("orders executed at {label} exactly once"),
            executed_once,
            orders,
        ),
        Figure {
            suite: "storm",
            name: format!("{label} execute calls per order"),
            value: format!("{upstream}/{orders}"),
            target: "1 each".to_owned(),
            met: upstream == orders,
        },
        Figure::zero(
            "storm",
            format!("{label} orders whose answers disagree"),
            disagreeing,
            orders,
        ),
        Figure::zero(
            "storm",
            format!("{label} orders not paid"),
            not_paid,
            orders,
        ),
    ]
}

/// Sends every `(order id, path, body)` request at once, alternating between the two servers,
/// and answers, per order, how many orders' answers disagree and how many are not `paid`.
async fn storm(
    env: &Env,
    servers: [&str; 2],
    requests: Vec<(String, &'static str, Value)>,
) -> (usize, usize) {
    let http = &env.http;
    let sent = requests
        .into_iter()
        .enumerate()
        .map(|(i, (id, path, body))| {
            let url = format!("{}{path}", servers[i % 2]);
            async move {
                let answer = match http.post(url).json(&body).send().await {
                    Ok(r) => read(r).await,
                    Err(e) => (0, Value::String(e.to_string())),
                };
                (id, answer)
            }
        });
    let answers = join_all(sent).await;
    let mut per_order: HashMap<String, Vec<(u16, Value)>> = HashMap::new();
    for (id, answer) in answers {
        per_order.entry(id).or_default().push(answer);
    }
    let disagreeing = per_order
        .values()
        .filter(|answers| answers.iter().any(|a| a != &answers[0]))
        .count();
    let not_paid = per_order
        .values()
        .filter(|answers| answers[0].0 != 200 || answers[0].1["status"] != "paid")
        .count();
    (disagreeing, not_paid)
}

/// [`duplicate_storm`] on PortOne: every order paid in PortOne's window is verified `clicks`
/// times at once through two processes (callback, notice, reloads), then cancelled `clicks`
/// times at once (double clicks on two consoles, each its own request). Every verification must
/// give one answer, and PortOne must see one cancel per order (the checksum and the ledger).
pub async fn portone_storm(orders: usize, clicks: usize) -> Vec<Figure> {
    let env = Env::start_with(Backend::Postgres, KeyPairKind::Widget, 1).await;
    env.sandbox.set_latency(Latency::Fixed { ms: 50 });
    let keys = KeyPairKind::Widget.pair();
    let base = env.sandbox.base_url();
    let sdk = format!("{base}/v1/iamport.js");
    let vars = [
        (
            "PORTONE_API_KEY",
            tosspayments_sandbox::docs_keys::PORTONE_API_KEY,
        ),
        (
            "PORTONE_API_SECRET",
            tosspayments_sandbox::docs_keys::PORTONE_API_SECRET,
        ),
        (
            "PORTONE_MERCHANT_CODE",
            tosspayments_sandbox::docs_keys::PORTONE_MERCHANT_CODE,
        ),
        ("PORTONE_API_BASE", base),
        ("PORTONE_SDK_URL", sdk.as_str()),
    ];
    let a = ServerProcess::start(base, &env.db.url, keys, &vars).await;
    let b = ServerProcess::start(base, &env.db.url, keys, &vars).await;
    let ready = super::faults::portone_orders_paid(&env, orders).await;
    let mut requests = Vec::new();
    for (order, imp_uid) in &ready {
        for _ in 0..clicks {
            let body = json!({"imp_uid": imp_uid, "merchant_uid": order.order_id});
            requests.push((order.order_id.to_string(), "/api/portone/verify", body));
        }
    }
    let (disagreeing, not_paid) = storm(&env, [&a.url, &b.url], requests).await;
    // Then the cancels: each click its own request (its own Idempotency-Key), half on each
    // process.
    let servers = [a.url.clone(), b.url.clone()];
    let http = &env.http;
    let cancels = ready.iter().flat_map(|(order, _)| {
        let servers = &servers;
        (0..clicks).map(move |i| {
            let url = format!("{}/api/orders/{}/cancel", servers[i % 2], order.order_id);
            let token = order.access_token.as_ref().unwrap().as_str().to_owned();
            async move {
                let _ = http
                    .post(url)
                    .bearer_auth(token)
                    .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                    .json(&json!({"reason": "storm"}))
                    .send()
                    .await;
            }
        })
    });
    join_all(cancels).await;
    let truths: Vec<_> = ready
        .iter()
        .filter_map(|(o, _)| env.sandbox.portone_for_order(o.order_id.as_str()))
        .collect();
    let cancelled_once = truths
        .iter()
        .filter(|t| t.status == "cancelled" && t.cancels == 1)
        .count();
    let most = truths.iter().map(|t| t.cancels).max().unwrap_or(0);
    drop((a, b));
    vec![
        Figure::info(
            "storm",
            "PortOne verify requests (2 processes, 1 PostgreSQL)",
            format!("{} ({orders} orders × {clicks})", orders * clicks),
        ),
        Figure::zero(
            "storm",
            "PortOne orders whose answers disagree",
            disagreeing,
            orders,
        ),
        Figure::zero("storm", "PortOne orders not paid", not_paid, orders),
        Figure::all(
            "storm",
            "PortOne orders cancelled exactly once",
            cancelled_once,
            orders,
        ),
        Figure {
            suite: "storm",
            name: "most PortOne cancels for one order".to_owned(),
            value: most.to_string(),
            target: "1".to_owned(),
            met: most == 1,
        },
    ]
}
