//! Server benchmarks: confirm latency (p50/p99), throughput and CPU per request on SQLite and
//! PostgreSQL against the sandbox with a fixed upstream latency, next to a bare pass-through (a
//! minimal reqwest forwarder to the same sandbox) measured in the same run; the same for
//! BrandPay's confirm, Toss Pay's execute and PortOne's verification; two server processes on
//! one PostgreSQL against one; order creation and webhook handling throughput; peak RSS.
//! Prints a table and writes `target/bench/server.json`.
//!
//! The two sides alternate in rounds after a warm-up, each under two arrival patterns: spread
//! (independent buyers) and burst (16 requests at once, kept in step by the fixed latency).
//!
//! Run with `cargo bench -p tosspayments-server --bench confirm` (or `cargo xtask bench`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Backend, Env};
use tosspayments_sandbox::{Latency, docs_keys};

#[path = "confirm/flows.rs"]
mod flows;
#[path = "confirm/passthrough.rs"]
mod passthrough;
#[path = "confirm/scale_out.rs"]
mod scale_out;

const N: usize = 300;
const CONCURRENCY: usize = 16;
const UPSTREAM_MS: u64 = 20;
/// The confirms alternate between the server and the pass-through in this many rounds (each
/// side `N / ROUNDS` per round), so a slow minute of the shared machine hits both alike.
const ROUNDS: usize = 6;

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Figures {
    p50_ms: f64,
    p99_ms: f64,
    per_second: f64,
    /// This process's CPU time (server, sandbox, load generator) per request, in ms; a
    /// database server's own CPU is not in it.
    cpu_ms: f64,
    errors: usize,
}

/// This process's user + system CPU time so far.
fn cpu_time() -> Duration {
    process_cpu("self")
}

/// The user + system CPU time so far of the process `pid` (`"self"` for this one).
pub(crate) fn process_cpu(pid: &str) -> Duration {
    let ticks = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // The fields after the command name, which is in parentheses.
            let rest = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .collect::<Vec<_>>();
            Some(rest.get(11)?.parse::<u64>().ok()? + rest.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

/// Latencies and wall time of one or more load runs.
#[derive(Debug, Default)]
pub(crate) struct Sample {
    latencies: Vec<Duration>,
    wall: Duration,
    cpu: Duration,
    errors: usize,
}

impl Sample {
    pub(crate) fn add(&mut self, other: Sample) {
        self.latencies.extend(other.latencies);
        self.wall += other.wall;
        self.cpu += other.cpu;
        self.errors += other.errors;
    }

    pub(crate) fn figures(mut self) -> Figures {
        self.latencies.sort();
        let pick = |q: f64| {
            self.latencies
                [((self.latencies.len() as f64 * q) as usize).min(self.latencies.len() - 1)]
            .as_secs_f64()
                * 1e3
        };
        Figures {
            p50_ms: pick(0.50),
            p99_ms: pick(0.99),
            per_second: self.latencies.len() as f64 / self.wall.as_secs_f64(),
            cpu_ms: self.cpu.as_secs_f64() * 1e3 / self.latencies.len() as f64,
            errors: self.errors,
        }
    }
}

/// How the `CONCURRENCY` workers start.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arrivals {
    /// Spread over one upstream latency (worker `i` starts `i * UPSTREAM_MS / CONCURRENCY`
    /// ms in), so requests arrive evenly, as independent buyers' do.
    Spread,
    /// All at once, and with the fixed upstream latency they stay in step: bursts of
    /// `CONCURRENCY` simultaneous requests, the worst case for a shared database.
    Burst,
}

/// POSTs each of `bodies` to `url` with `CONCURRENCY` workers; a request succeeded if it was
/// answered with a 2xx.
pub(crate) async fn load(
    http: &reqwest::Client,
    url: &str,
    bodies: Vec<Value>,
    arrivals: Arrivals,
) -> Sample {
    load_across(http, &[url.to_owned()], bodies, arrivals).await
}

/// [`load`] with the workers spread over `urls` (worker `i` sends to `urls[i % len]`): one
/// server or several behind a round-robin balancer.
pub(crate) async fn load_across(
    http: &reqwest::Client,
    urls: &[String],
    bodies: Vec<Value>,
    arrivals: Arrivals,
) -> Sample {
    let queue = Arc::new(tokio::sync::Mutex::new(bodies));
    let started = Instant::now();
    let cpu = cpu_time();
    let mut workers = Vec::new();
    for i in 0..CONCURRENCY {
        let (queue, http, url) = (queue.clone(), http.clone(), urls[i % urls.len()].clone());
        let delay = match arrivals {
            Arrivals::Spread => {
                Duration::from_micros(i as u64 * UPSTREAM_MS * 1000 / CONCURRENCY as u64)
            }
            Arrivals::Burst => Duration::ZERO,
        };
        workers.push(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let mut out = Vec::new();
            loop {
                let Some(body) = queue.lock().await.pop() else {
                    break;
                };
                let t = Instant::now();
                let ok = http
                    .post(&url)
                    .json(&body)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                out.push((t.elapsed(), ok));
            }
            out
        }));
    }
    let mut sample = Sample::default();
    for w in workers {
        for (d, ok) in w.await.unwrap() {
            sample.latencies.push(d);
            sample.errors += usize::from(!ok);
        }
    }
    sample.wall = started.elapsed();
    sample.cpu = cpu_time().saturating_sub(cpu);
    sample
}

/// `n` orders with authenticated payments, ready to confirm.
async fn prepared(env: &Env, n: usize) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, "CARD").await;
        out.push((order.order_id.to_string(), key));
    }
    out
}

/// The confirm requests of `n` fresh payments.
pub(crate) async fn confirm_bodies(env: &Env, n: usize) -> Vec<Value> {
    prepared(env, n)
        .await
        .into_iter()
        .map(|(order, key)| json!({"paymentKey": key, "orderId": order, "amount": 23_000}))
        .collect()
}

/// Confirms `n` fresh payments through `url` (the server, or the pass-through).
async fn confirm_load(env: &Env, url: &str, n: usize, arrivals: Arrivals) -> Sample {
    load(&env.http, url, confirm_bodies(env, n).await, arrivals).await
}

/// `N` confirms through the server and `N` through the pass-through, alternating in
/// `ROUNDS` rounds (which side goes first alternates too), after a warm-up round of each.
async fn confirms(env: &Env, passthrough: &str, arrivals: Arrivals) -> (Figures, Figures) {
    let server = env.url("/api/payments/confirm");
    confirm_load(env, passthrough, CONCURRENCY, arrivals).await;
    confirm_load(env, &server, CONCURRENCY, arrivals).await;
    let (mut ours, mut baseline) = (Sample::default(), Sample::default());
    for round in 0..ROUNDS {
        for side in [round % 2, 1 - round % 2] {
            if side == 0 {
                baseline.add(confirm_load(env, passthrough, N / ROUNDS, arrivals).await);
            } else {
                ours.add(confirm_load(env, &server, N / ROUNDS, arrivals).await);
            }
        }
    }
    (ours.figures(), baseline.figures())
}

async fn order_creation(env: &Env) -> Figures {
    let body = json!({"lines": [{"productId": "tshirt", "quantity": 2}]});
    let url = env.url("/api/orders");
    load(&env.http, &url, vec![body; N], Arrivals::Burst)
        .await
        .figures()
}

/// Webhooks acknowledged per second, and how long the inbox took to drain (each webhook is
/// re-verified with the sandbox).
async fn webhooks(env: &Env) -> (Figures, Duration) {
    let paid = prepared(env, N).await;
    let started = Instant::now();
    let bodies = paid
        .into_iter()
        .map(|(_, key)| json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000", "data": {"paymentKey": key}}))
        .collect();
    let acked = load(
        &env.http,
        &env.url("/api/webhooks/toss"),
        bodies,
        Arrivals::Burst,
    )
    .await
    .figures();
    while env.state().db.inbox_pending().await.unwrap() > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    (acked, started.elapsed())
}

/// Targets of issue #20 for a money-moving call against its pass-through, spread arrivals.
const TARGET_THROUGHPUT: f64 = 0.95;
const TARGET_ADDED_P50_MS: f64 = 1.0;
const TARGET_CPU_RATIO: f64 = 1.3;

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// One table row: ours against the pass-through.
pub(crate) fn print_row(label: &str, ours: &Figures, baseline: &Figures) {
    println!(
        "{:<16} {:>10.2} / {:>9.2} {:>10.2} / {:>9.2} {:>8.2}ms {:>8.2}ms {:>10.2}x {:>7.2} / {:>6.2} {:>8.2}x {:>7}",
        label,
        ours.p50_ms,
        ours.p99_ms,
        baseline.p50_ms,
        baseline.p99_ms,
        ours.p50_ms - baseline.p50_ms,
        ours.p99_ms - baseline.p99_ms,
        ours.per_second / baseline.per_second,
        ours.cpu_ms,
        baseline.cpu_ms,
        ours.cpu_ms / baseline.cpu_ms,
        ours.errors + baseline.errors
    );
}

/// The JSON of one comparison, with the targets' verdicts.
pub(crate) fn compared(what: &str, ours: &Figures, baseline: &Figures) -> Value {
    let throughput = ours.per_second / baseline.per_second;
    let added_p50 = ours.p50_ms - baseline.p50_ms;
    let cpu_ratio = ours.cpu_ms / baseline.cpu_ms;
    json!({
        what: ours, "passthrough": baseline,
        "added_p50_ms": added_p50,
        "added_p99_ms": ours.p99_ms - baseline.p99_ms,
        "throughput_ratio": throughput,
        "cpu_ratio": cpu_ratio,
        "targets": {
            "throughput_ratio_min": TARGET_THROUGHPUT,
            "throughput": verdict(throughput >= TARGET_THROUGHPUT),
            "added_p50_ms_max": TARGET_ADDED_P50_MS,
            "p50": verdict(added_p50 <= TARGET_ADDED_P50_MS),
            "cpu_ratio_max": TARGET_CPU_RATIO,
            "cpu": verdict(cpu_ratio <= TARGET_CPU_RATIO),
        },
    })
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
        println!("confirm: {N} payments each way, {CONCURRENCY} concurrent, sandbox latency {UPSTREAM_MS} ms, 2 worker threads;");
        println!("server and pass-through alternate in {ROUNDS} rounds. spread: arrivals spread over {UPSTREAM_MS} ms; burst: {CONCURRENCY} at once\n");
        println!("{:<16} {:>22} {:>22} {:>10} {:>10} {:>11} {:>16} {:>9} {:>7}", "database", "server p50/p99 ms", "pass-through p50/p99", "added p50", "added p99", "tput ratio", "cpu ms/req", "cpu ratio", "errors");
        for (name, backend) in [("sqlite", Backend::Sqlite), ("postgres", Backend::Postgres)] {
            let env = Env::start(backend).await;
            let passthrough = format!(
                "{}{}",
                passthrough::start(&env, docs_keys::WIDGET_SECRET).await,
                passthrough::CONFIRM
            );
            env.sandbox.set_latency(Latency::Fixed { ms: UPSTREAM_MS });
            let mut entry = serde_json::Map::new();
            for (mode, arrivals) in [("spread", Arrivals::Spread), ("burst", Arrivals::Burst)] {
                let (ours, baseline) = confirms(&env, &passthrough, arrivals).await;
                print_row(&format!("{name}, {mode}"), &ours, &baseline);
                entry.insert(mode.to_owned(), compared("confirm", &ours, &baseline));
            }
            let flows = flows::measure(backend).await;
            entry.insert("flows".to_owned(), flows);
            env.sandbox.set_latency(Latency::None);
            let orders = order_creation(&env).await;
            let (hooks, drained) = webhooks(&env).await;
            println!(
                "{:<16} orders {:.0}/s (p99 {:.2} ms); webhooks acknowledged {:.0}/s, {N} re-verified in {:.2} s",
                "",
                orders.per_second,
                orders.p99_ms,
                hooks.per_second,
                drained.as_secs_f64()
            );
            entry.insert("orders".to_owned(), json!(orders));
            entry.insert("webhooks_ack".to_owned(), json!(hooks));
            entry.insert("webhooks_drained_s".to_owned(), json!(drained.as_secs_f64()));
            report.insert(name.to_owned(), Value::Object(entry));
        }
        report.insert("scale_out".to_owned(), scale_out::measure().await);
        report.insert("peak_rss_kb".to_owned(), json!(peak_rss_kb()));
        report.insert("n".to_owned(), json!(N));
        report.insert("concurrency".to_owned(), json!(CONCURRENCY));
        report.insert("rounds".to_owned(), json!(ROUNDS));
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
