//! The reliability and security suite at quick scale (part of `cargo xtask test`): each test
//! fails when a figure misses its target. `cargo xtask reliability` runs the same scenarios at
//! full scale and prints the figures.

mod suite;
mod support;

use suite::{Scale, assert_met, crash, faults, forgery, fuzz, load, secrets, storm, takeover};
use support::Backend;

on_both_databases!(
    fault_matrix,
    crash_recovery,
    forgeries,
    fuzzed_endpoints,
    load
);

async fn fault_matrix(backend: Backend) {
    assert_met(&faults::matrix(backend, Scale::QUICK.per_cell).await);
}

async fn crash_recovery(backend: Backend) {
    assert_met(&crash::crash_recovery(backend, Scale::QUICK.crash_orders).await);
}

async fn forgeries(backend: Backend) {
    assert_met(&forgery::forgeries(backend).await);
    assert_met(&takeover::attacks(backend).await);
}

async fn fuzzed_endpoints(backend: Backend) {
    assert_met(&fuzz::endpoints(backend, Scale::QUICK.fuzz_inputs).await);
}

async fn load(backend: Backend) {
    let s = Scale::QUICK;
    assert_met(&load::load(backend, s.load_requests, s.load_concurrency).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_storm_across_two_processes() {
    let s = Scale::QUICK;
    assert_met(&storm::duplicate_storm(s.storm_orders, s.storm_clicks).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_toss_pay_storm_across_two_processes() {
    let s = Scale::QUICK;
    assert_met(
        &storm::tosspay_storm(storm::TossPayFlow::Web, s.storm_orders, s.storm_clicks).await,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_portone_storm_across_two_processes() {
    let s = Scale::QUICK;
    assert_met(&storm::portone_storm(s.storm_orders, s.storm_clicks).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_apps_in_toss_storm_across_two_processes() {
    let s = Scale::QUICK;
    assert_met(
        &storm::tosspay_storm(storm::TossPayFlow::InApp, s.storm_orders, s.storm_clicks).await,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_the_server_down_gracefully() {
    let env = support::Env::start(Backend::Sqlite).await;
    let keys = support::KeyPairKind::Widget.pair();
    let mut server =
        suite::process::ServerProcess::start(env.sandbox.base_url(), &env.db.url, keys, &[]).await;
    let code = server.terminate(std::time::Duration::from_secs(10));
    assert_eq!(code, Some(0), "{}", server.log_text());
    assert!(
        server.log_text().contains("shutting down"),
        "{}",
        server.log_text()
    );
}

#[test]
fn fuzzed_parsers_never_panic() {
    let (tried, panics) = fuzz::parsers(Scale::QUICK.fuzz_inputs);
    assert_met(&[suite::Figure::zero("fuzz", "parser panics", panics, tried)]);
}

#[test]
fn mismatched_keys_are_refused_at_start() {
    assert_met(&secrets::refusals());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_response_or_log_holds_the_secret() {
    // Traffic of its own (a payment, a tampered confirm, a process log), then the scans.
    forgery::forgeries(Backend::Sqlite).await;
    crash::crash_recovery(Backend::Sqlite, 2).await;
    let figures = secrets::scans();
    assert!(
        support::RESPONSES_SCANNED.load(std::sync::atomic::Ordering::Relaxed) > 10,
        "responses were scanned"
    );
    assert_met(&figures);
}
