//! Load: the confirm and webhook endpoints under sustained concurrent load on loopback
//! (bounded: a fixed number of requests from a fixed number of clients), against the sandbox
//! with 20 ms of upstream latency. Target: no errors and no lost events; latencies and rates
//! are printed for information (`cargo xtask bench` compares them with a baseline).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tosspayments_sandbox::Latency;

use super::{Figure, db_name, inbox_drained};
use crate::support::{Backend, Env, join_all, read};

/// Runs `jobs` with `concurrency` workers; each returns whether it succeeded.
async fn run<F, Fut>(jobs: Vec<F>, concurrency: usize) -> (Vec<Duration>, usize, Duration)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let queue = Arc::new(std::sync::Mutex::new(jobs));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let queue = queue.clone();
            tokio::spawn(async move {
                let mut out = Vec::new();
                loop {
                    let job = queue.lock().unwrap().pop();
                    let Some(job) = job else { break };
                    let t = Instant::now();
                    let ok = job().await;
                    out.push((t.elapsed(), ok));
                }
                out
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for w in workers {
        for (d, ok) in w.await.unwrap() {
            latencies.push(d);
            errors += usize::from(!ok);
        }
    }
    (latencies, errors, started.elapsed())
}

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)].as_secs_f64() * 1e3
}

/// Loads the confirm endpoint, then the webhook endpoint, with `n` requests each.
pub async fn load(backend: Backend, n: usize, concurrency: usize) -> Vec<Figure> {
    let env = Arc::new(Env::start(backend).await);
    env.sandbox.set_latency(Latency::Fixed { ms: 20 });
    let ready = join_all((0..n).map(|_| async {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, "CARD").await;
        (order, key)
    }))
    .await;

    let jobs: Vec<_> = ready
        .iter()
        .map(|(order, key)| {
            let env = env.clone();
            let body = json!({"paymentKey": key, "orderId": order.order_id, "amount": 23_000});
            move || async move {
                let r = env
                    .http
                    .post(env.url("/api/payments/confirm"))
                    .json(&body)
                    .send()
                    .await;
                match r {
                    Ok(r) => {
                        let (status, body) = read(r).await;
                        status == 200 && body["status"] == "paid"
                    }
                    Err(_) => false,
                }
            }
        })
        .collect();
    let (mut confirm_lat, confirm_errors, confirm_wall) = run(jobs, concurrency).await;
    confirm_lat.sort();
    let paid = join_all(ready.iter().map(|(o, _)| env.status(o.order_id.as_str())))
        .await
        .iter()
        .filter(|s| *s == "paid")
        .count();

    // Every order's PAYMENT_STATUS_CHANGED again (as Toss's retries would), all at once.
    inbox_drained(&env, Duration::from_secs(30)).await;
    let outcomes_before = env.state().db.inbox_outcomes().await.unwrap().len();
    let jobs: Vec<_> = ready
        .iter()
        .map(|(order, key)| {
            let env = env.clone();
            let body = json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000",
                              "data": {"paymentKey": key, "orderId": order.order_id, "status": "DONE"}});
            move || async move {
                match env.http.post(env.url("/api/webhooks/toss")).json(&body).send().await {
                    Ok(r) => read(r).await.0 == 200,
                    Err(_) => false,
                }
            }
        })
        .collect();
    let (mut hook_lat, hook_errors, hook_wall) = run(jobs, concurrency).await;
    hook_lat.sort();
    let drain_started = Instant::now();
    inbox_drained(&env, Duration::from_secs(120)).await;
    let drained_in = drain_started.elapsed() + hook_wall;
    let outcomes = env.state().db.inbox_outcomes().await.unwrap();
    let new = &outcomes[outcomes_before.min(outcomes.len())..];
    let applied = new.iter().filter(|o| o.starts_with("applied")).count();
    let pending = env.state().db.inbox_pending().await.unwrap_or(-1).max(0) as usize;

    let db = db_name(backend);
    vec![
        Figure::info(
            "load",
            format!("confirm: p50 / p99 ms, per second ({concurrency} clients), on {db}"),
            format!(
                "{:.1} / {:.1}, {:.0}",
                quantile(&confirm_lat, 0.5),
                quantile(&confirm_lat, 0.99),
                n as f64 / confirm_wall.as_secs_f64()
            ),
        ),
        Figure::zero(
            "load",
            format!("confirm errors, on {db}"),
            confirm_errors,
            n,
        ),
        Figure::all(
            "load",
            format!("orders paid after the load, on {db}"),
            paid,
            n,
        ),
        Figure::info(
            "load",
            format!("webhook: p50 / p99 ms to answer, per second processed, on {db}"),
            format!(
                "{:.1} / {:.1}, {:.0}",
                quantile(&hook_lat, 0.5),
                quantile(&hook_lat, 0.99),
                n as f64 / drained_in.as_secs_f64()
            ),
        ),
        Figure::zero("load", format!("webhook errors, on {db}"), hook_errors, n),
        Figure::all(
            "load",
            format!("webhooks re-verified and applied, on {db}"),
            applied,
            n,
        ),
        Figure::zero(
            "load",
            format!("webhooks left in the inbox, on {db}"),
            pending,
            n,
        ),
    ]
}
