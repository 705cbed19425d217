//! The secret key appears in no log line and no response, and a test key next to a live key
//! stops the server at start.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use serde_json::json;
use support::{Backend, Env};
use tosspayments_sandbox::{Endpoint, Fault, docs_keys};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn forbidden() -> Vec<String> {
    let secret = docs_keys::WIDGET_SECRET;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let body = secret.split('_').next_back().unwrap().to_owned();
    vec![
        secret.to_owned(),
        body,
        b64(&format!("{secret}:")),
        b64(secret),
    ]
}

// One thread: every task (server, sandbox, client) logs through the captured subscriber.
#[tokio::test(flavor = "current_thread")]
async fn the_secret_key_is_in_no_log_line_and_no_response() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let env = Env::start(Backend::Sqlite).await;
    let mut responses = Vec::new();
    // A payment, a failing one, a tampered one, a cancel, a refresh, webhooks and bad input.
    let order = env.order().await;
    let key = env.authenticate(&order, 23_000, "CARD").await;
    responses.push(env.confirm(&key, &order, 23_000).await.1);
    responses.push(
        env.get(&format!("/api/orders/{}?refresh=true", order.order_id))
            .await
            .1,
    );
    responses.push(
        env.cancel(&order, json!({"reason": "x", "amount": 1000}))
            .await
            .1,
    );
    let failing = env.order().await;
    let key = env.authenticate(&failing, 23_000, "CARD").await;
    env.sandbox.inject(Endpoint::Confirm, Fault::RejectCard, 1);
    responses.push(env.confirm(&key, &failing, 23_000).await.1);
    let tampered = env.order().await;
    let key = env.authenticate(&tampered, 10, "CARD").await;
    responses.push(env.confirm(&key, &tampered, 10).await.1);
    responses.push(
        env.post(
            "/api/webhooks/toss",
            json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": key}}),
        )
        .await
        .1,
    );
    responses.push(env.post("/api/orders", json!({"lines": 5})).await.1);
    responses.push(env.get("/api/config").await.1);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.lines().count() > 10, "the logs were captured:\n{logs}");
    let answers = serde_json::to_string(&responses).unwrap();
    for needle in forbidden() {
        assert!(!logs.contains(&needle), "a log line contains {needle:?}");
        assert!(!answers.contains(&needle), "a response contains {needle:?}");
    }
}

#[test]
fn a_test_key_next_to_a_live_key_stops_the_server() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tosspayments-server"))
        .env("TOSS_CLIENT_KEY", "live_gck_abcdef123456")
        .env("TOSS_SECRET_KEY", docs_keys::WIDGET_SECRET)
        .env("DATABASE_URL", "sqlite::memory:")
        .env("BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("one environment"), "{stderr}");
    for needle in forbidden() {
        assert!(
            !stderr.contains(&needle) && !String::from_utf8_lossy(&out.stdout).contains(&needle)
        );
    }
}

#[test]
fn help_lists_every_environment_variable_the_server_reads() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tosspayments-server"))
        .arg("--help")
        .env_remove("TOSS_SECRET_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    // Every variable named in config.rs is in the help text.
    let source = include_str!("../src/config.rs");
    let mut named = 0;
    for var in source
        .split('"')
        .filter(|s| s.len() > 3 && s.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
    {
        named += 1;
        assert!(
            help.contains(var),
            "{var} is read but not in --help:\n{help}"
        );
    }
    assert!(named >= 8, "found only {named} variables in config.rs");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_tosspayments-server"))
        .arg("--port")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
