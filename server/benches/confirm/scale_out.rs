//! Scaling out: confirms through one `tosspayments-server` process, then through two processes
//! on the same PostgreSQL database (the load generator balancing round-robin), alternating in
//! rounds. The sandbox answers after 2 ms, so that the servers and the database, not Toss's
//! latency, bound the throughput. Each process's CPU time is read from `/proc/<pid>/stat`, and
//! the whole machine's (PostgreSQL and the load generator included) from `/proc/stat`.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tosspayments_sandbox::{Latency, docs_keys};

use super::support::{Backend, Env};
use super::{Arrivals, Sample, confirm_bodies, load_across, process_cpu};

/// Confirms each way per round, rounds, and the sandbox's answer time.
const PER_ROUND: usize = 150;
const ROUNDS: usize = 4;
const UPSTREAM_MS: u64 = 2;
/// The target for two processes against one.
const TARGET: f64 = 1.6;

/// A server process, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn pid(&self) -> String {
        self.child.id().to_string()
    }
}

/// Starts the server binary on `env`'s database and sandbox, and waits until it answers.
async fn spawn(env: &Env) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_tosspayments-server"))
        .env_clear()
        .env("TOSS_CLIENT_KEY", docs_keys::WIDGET_CLIENT)
        .env("TOSS_SECRET_KEY", docs_keys::WIDGET_SECRET)
        .env("TOSS_API_BASE", env.sandbox.base_url())
        .env("TOSS_SDK_URL", env.sandbox.sdk_url())
        .env("DATABASE_URL", &env.db.url)
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("RATE_LIMIT_PER_MINUTE", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the tosspayments-server binary starts");
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        let up = env
            .http
            .get(format!("{url}/api/config"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if up {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server process did not answer on {url} within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server { child, url }
}

/// Busy CPU time of the whole machine so far (every core), from `/proc/stat`.
fn machine_cpu() -> Duration {
    let ticks = std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|s| {
            let line = s.lines().next()?.to_owned();
            let fields: Vec<u64> = line
                .split_whitespace()
                .skip(1)
                .filter_map(|f| f.parse().ok())
                .collect();
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
            Some(fields.iter().take(8).sum::<u64>() - fields.get(3)? - fields.get(4)?)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// One side's figures: throughput, and CPU per confirm in the server processes and machine.
#[derive(Default)]
struct Side {
    sample: Sample,
    server_cpu: Duration,
    machine_cpu: Duration,
}

async fn round(env: &Env, servers: &[&Server], side: &mut Side) {
    let bodies = confirm_bodies(env, PER_ROUND).await;
    let urls: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/api/payments/confirm", s.url))
        .collect();
    let cpu = |servers: &[&Server]| {
        servers
            .iter()
            .map(|s| process_cpu(&s.pid()))
            .sum::<Duration>()
    };
    let (before, machine) = (cpu(servers), machine_cpu());
    let sample = load_across(&env.http, &urls, bodies, Arrivals::Spread).await;
    side.server_cpu += cpu(servers).saturating_sub(before);
    side.machine_cpu += machine_cpu().saturating_sub(machine);
    side.sample.add(sample);
}

fn summary(side: Side) -> Value {
    let n = side.sample.latencies.len() as f64;
    let per_ms = |d: Duration| d.as_secs_f64() * 1e3 / n;
    let (server_cpu, machine_cpu) = (per_ms(side.server_cpu), per_ms(side.machine_cpu));
    let figures = side.sample.figures();
    json!({
        "confirms_per_second": figures.per_second,
        "p50_ms": figures.p50_ms,
        "p99_ms": figures.p99_ms,
        "errors": figures.errors,
        "server_cpu_ms_per_confirm": server_cpu,
        "machine_cpu_ms_per_confirm": machine_cpu,
    })
}

/// One process against two, on one PostgreSQL; printed, and as JSON.
pub(crate) async fn measure() -> Value {
    let env = Env::start(Backend::Postgres).await;
    let (a, b) = (spawn(&env).await, spawn(&env).await);
    env.sandbox.set_latency(Latency::Fixed { ms: UPSTREAM_MS });
    // Warm-up: both processes' pools and caches.
    round(&env, &[&a, &b], &mut Side::default()).await;
    let (mut one, mut two) = (Side::default(), Side::default());
    for r in 0..ROUNDS {
        if r % 2 == 0 {
            round(&env, &[&a], &mut one).await;
            round(&env, &[&a, &b], &mut two).await;
        } else {
            round(&env, &[&a, &b], &mut two).await;
            round(&env, &[&a], &mut one).await;
        }
    }
    env.sandbox.set_latency(Latency::None);
    let (one, two) = (summary(one), summary(two));
    let ratio = two["confirms_per_second"].as_f64().unwrap_or(0.0)
        / one["confirms_per_second"].as_f64().unwrap_or(1.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\nscaling out (PostgreSQL, sandbox {UPSTREAM_MS} ms, {} confirms each way): one process {:.0}/s (p50 {:.2} ms, p99 {:.2} ms), two processes {:.0}/s (p50 {:.2} ms, p99 {:.2} ms): {ratio:.2}x (target ≥ {TARGET}x: {})",
        PER_ROUND * ROUNDS,
        one["confirms_per_second"].as_f64().unwrap_or(0.0),
        one["p50_ms"].as_f64().unwrap_or(0.0),
        one["p99_ms"].as_f64().unwrap_or(0.0),
        two["confirms_per_second"].as_f64().unwrap_or(0.0),
        two["p50_ms"].as_f64().unwrap_or(0.0),
        two["p99_ms"].as_f64().unwrap_or(0.0),
        if ratio >= TARGET { "met" } else { "MISSED" }
    );
    println!(
        "  CPU per confirm, server processes / whole machine ({cores} cores, PostgreSQL, sandbox and load generator included): one {:.2} / {:.2} ms, two {:.2} / {:.2} ms",
        one["server_cpu_ms_per_confirm"].as_f64().unwrap_or(0.0),
        one["machine_cpu_ms_per_confirm"].as_f64().unwrap_or(0.0),
        two["server_cpu_ms_per_confirm"].as_f64().unwrap_or(0.0),
        two["machine_cpu_ms_per_confirm"].as_f64().unwrap_or(0.0),
    );
    json!({
        "one_process": one, "two_processes": two, "ratio": ratio, "target": TARGET,
        "cores": cores, "upstream_latency_ms": UPSTREAM_MS,
        "verdict": if ratio >= TARGET { "met" } else { "MISSED" },
    })
}
