//! The `tosspayments-sandbox` binary starts, says where it listens, and serves the SDK and the
//! Core API there, as a storefront's CI would use it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn binary_serves_on_the_port_it_prints() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tosspayments-sandbox"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    // Keep the pipe open for the whole test: the binary prints more than one line, and a
    // closed pipe would kill it on the next print.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");

    let http = reqwest::Client::new();
    let health = http
        .get(format!("{base}/sandbox/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let sdk = http
        .get(format!("{base}/v2/standard"))
        .send()
        .await
        .unwrap();
    assert!(sdk.text().await.unwrap().contains("TossPayments"));
    let unauthorized = http
        .get(format!("{base}/v1/payments/x"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);

    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn bad_arguments_are_refused_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_tosspayments-sandbox"))
        .args(["--port", "not-a-number"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--port") && err.contains("invalid value"),
        "{err}"
    );
}

#[test]
fn help_lists_every_flag_with_its_environment_variable() {
    let out = Command::new(env!("CARGO_BIN_EXE_tosspayments-sandbox"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for (flag, env) in [
        ("--host", "TOSS_SANDBOX_HOST"),
        ("--port", "TOSS_SANDBOX_PORT"),
        ("--webhook-url", "TOSS_SANDBOX_WEBHOOK_URL"),
        ("--webhook-retry-ms", "TOSS_SANDBOX_WEBHOOK_RETRY_MS"),
        ("--session-window-secs", "TOSS_SANDBOX_SESSION_WINDOW_SECS"),
        (
            "--deposit-window-hours",
            "TOSS_SANDBOX_DEPOSIT_WINDOW_HOURS",
        ),
        (
            "--va-deadline-sets-expired",
            "TOSS_SANDBOX_VA_DEADLINE_SETS_EXPIRED",
        ),
    ] {
        assert!(
            help.contains(flag) && help.contains(env),
            "{flag} / {env} missing:\n{help}"
        );
    }
    assert!(
        help.contains("test_gck_docs_"),
        "the accepted keys are listed"
    );
}

#[tokio::test]
async fn the_port_comes_from_the_environment_too() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tosspayments-sandbox"))
        .env("TOSS_SANDBOX_PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && !base.ends_with(":8787"),
        "{line}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}
