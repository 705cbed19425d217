//! Server benchmarks: confirm latency (p50/p99) and throughput on SQLite and PostgreSQL
//! against the sandbox with a fixed upstream latency, next to a bare pass-through (a minimal
//! reqwest forwarder to the same sandbox) measured in the same run; order creation and webhook
//! handling throughput; peak RSS. Prints a table and writes `target/bench/server.json`.
//!
//! Run with `cargo bench -p tosspayments-server --bench confirm` (or `cargo xtask bench`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use support::{Backend, Env};
use tosspayments_sandbox::{Latency, docs_keys};

const N: usize = 300;
const CONCURRENCY: usize = 16;
const UPSTREAM_MS: u64 = 20;

#[derive(Debug, Clone, serde::Serialize)]
struct Figures {
    p50_ms: f64,
    p99_ms: f64,
    per_second: f64,
    errors: usize,
}

fn figures(mut latencies: Vec<Duration>, wall: Duration, errors: usize) -> Figures {
    latencies.sort();
    let pick = |q: f64| {
        latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1e3
    };
    Figures {
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        per_second: latencies.len() as f64 / wall.as_secs_f64(),
        errors,
    }
}

/// Runs `jobs` with `CONCURRENCY` workers; each job returns whether it succeeded.
async fn load<F, Fut>(jobs: Vec<F>) -> Figures
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let queue = Arc::new(tokio::sync::Mutex::new(jobs));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let queue = queue.clone();
        workers.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let Some(job) = queue.lock().await.pop() else {
                    break;
                };
                let t = Instant::now();
                let ok = job().await;
                out.push((t.elapsed(), ok));
            }
            out
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for w in workers {
        for (d, ok) in w.await.unwrap() {
            latencies.push(d);
            errors += usize::from(!ok);
        }
    }
    figures(latencies, started.elapsed(), errors)
}

/// `N` orders with authenticated payments, ready to confirm.
async fn prepared(env: &Env) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(N);
    for _ in 0..N {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, "CARD").await;
        out.push((order.order_id.to_string(), key));
    }
    out
}

async fn server_confirms(env: &Env) -> Figures {
    confirm_load(env, env.url("/api/payments/confirm")).await
}

/// Confirms `N` fresh payments through `url` (the server, or the pass-through).
async fn confirm_load(env: &Env, url: String) -> Figures {
    let http = env.http.clone();
    let jobs = prepared(env)
        .await
        .into_iter()
        .map(|(order, key)| {
            let (http, url) = (http.clone(), url.clone());
            move || async move {
                let body = json!({"paymentKey": key, "orderId": order, "amount": 23_000});
                http.post(&url)
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
            }
        })
        .collect();
    load(jobs).await
}

/// The bare pass-through: forwards the confirm body to the sandbox with the secret key.
async fn passthrough_confirms(env: &Env) -> Figures {
    #[derive(Clone)]
    struct Fwd {
        http: reqwest::Client,
        upstream: String,
    }
    async fn forward(
        State(f): State<Fwd>,
        Json(body): Json<Value>,
    ) -> (axum::http::StatusCode, Json<Value>) {
        let r = f
            .http
            .post(&f.upstream)
            .basic_auth(docs_keys::WIDGET_SECRET, Some(""))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = axum::http::StatusCode::from_u16(r.status().as_u16()).unwrap();
        (status, Json(r.json().await.unwrap_or(Value::Null)))
    }
    let fwd = Fwd {
        http: reqwest::Client::new(),
        upstream: format!("{}/v1/payments/confirm", env.sandbox.base_url()),
    };
    let app = axum::Router::new()
        .route("/confirm", axum::routing::post(forward))
        .with_state(fwd);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/confirm", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    confirm_load(env, url).await
}

async fn order_creation(env: &Env) -> Figures {
    let (http, url) = (env.http.clone(), env.url("/api/orders"));
    let jobs = (0..N)
        .map(|_| {
            let (http, url) = (http.clone(), url.clone());
            move || async move {
                let body = json!({"lines": [{"productId": "tshirt", "quantity": 2}]});
                http.post(&url)
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
            }
        })
        .collect();
    load(jobs).await
}

/// Webhooks acknowledged per second, and how long the inbox took to drain (each webhook is
/// re-verified with the sandbox).
async fn webhooks(env: &Env) -> (Figures, Duration) {
    let paid = prepared(env).await;
    let (http, url) = (env.http.clone(), env.url("/api/webhooks/toss"));
    let started = Instant::now();
    let jobs = paid
        .into_iter()
        .map(|(_, key)| {
            let (http, url) = (http.clone(), url.clone());
            move || async move {
                let body = json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000", "data": {"paymentKey": key}});
                http.post(&url).json(&body).send().await.map(|r| r.status().is_success()).unwrap_or(false)
            }
        })
        .collect();
    let acked = load(jobs).await;
    while env.state().db.inbox_pending().await.unwrap() > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    (acked, started.elapsed())
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let report = rt.block_on(async {
        let mut report = serde_json::Map::new();
        println!("confirm: {N} payments, {CONCURRENCY} concurrent, sandbox latency {UPSTREAM_MS} ms, 2 worker threads\n");
        println!("{:<10} {:>22} {:>22} {:>12} {:>12} {:>10}", "database", "server p50/p99 ms", "pass-through p50/p99", "added p99", "tput ratio", "errors");
        for (name, backend) in [("sqlite", Backend::Sqlite), ("postgres", Backend::Postgres)] {
            let env = Env::start(backend).await;
            env.sandbox.set_latency(Latency::Fixed { ms: UPSTREAM_MS });
            let baseline = passthrough_confirms(&env).await;
            let ours = server_confirms(&env).await;
            env.sandbox.set_latency(Latency::None);
            let orders = order_creation(&env).await;
            let (hooks, drained) = webhooks(&env).await;
            println!(
                "{:<10} {:>10.2} / {:>9.2} {:>10.2} / {:>9.2} {:>10.2}ms {:>11.2}x {:>10}",
                name,
                ours.p50_ms,
                ours.p99_ms,
                baseline.p50_ms,
                baseline.p99_ms,
                ours.p99_ms - baseline.p99_ms,
                ours.per_second / baseline.per_second,
                ours.errors + baseline.errors
            );
            println!(
                "{:<10} orders {:.0}/s (p99 {:.2} ms); webhooks acknowledged {:.0}/s, {N} re-verified in {:.2} s",
                "",
                orders.per_second,
                orders.p99_ms,
                hooks.per_second,
                drained.as_secs_f64()
            );
            report.insert(
                name.to_owned(),
                json!({
                    "confirm": ours, "passthrough": baseline,
                    "added_p50_ms": ours.p50_ms - baseline.p50_ms,
                    "added_p99_ms": ours.p99_ms - baseline.p99_ms,
                    "throughput_ratio": ours.per_second / baseline.per_second,
                    "orders": orders, "webhooks_ack": hooks, "webhooks_drained_s": drained.as_secs_f64(),
                }),
            );
        }
        report.insert("peak_rss_kb".to_owned(), json!(peak_rss_kb()));
        report.insert("n".to_owned(), json!(N));
        report.insert("concurrency".to_owned(), json!(CONCURRENCY));
        report.insert("upstream_latency_ms".to_owned(), json!(UPSTREAM_MS));
        Value::Object(report)
    });
    println!(
        "\npeak RSS (server, sandbox and load generator in one process): {} MB",
        report["peak_rss_kb"].as_u64().unwrap_or(0) / 1024
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("server.json"),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    println!("wrote target/bench/server.json");
}
