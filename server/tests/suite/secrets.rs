//! Secrets: every response the suites read and every server process's log is scanned for the
//! secret key (raw and as the Basic header's base64); a test key next to a live key, or keys
//! of two families, stop the binary at start without printing the secret. (`cargo xtask test`
//! also scans the built `dist/`, and `tests/secrets.rs` captures the in-process logs.)

use std::sync::atomic::Ordering;

use tosspayments_sandbox::docs_keys;

use super::Figure;
use super::process::{LOG_BYTES_SCANNED, LOGS_SCANNED, LOGS_WITH_SECRET, run_to_exit};
use crate::support::{RESPONSES_SCANNED, RESPONSES_WITH_SECRET};

/// What the scans found so far in this process (call it after the other suites).
pub fn scans() -> Vec<Figure> {
    let responses = RESPONSES_SCANNED.load(Ordering::Relaxed);
    let logs = LOGS_SCANNED.load(Ordering::Relaxed);
    vec![
        Figure::zero(
            "secrets",
            "responses holding the secret key",
            RESPONSES_WITH_SECRET.load(Ordering::Relaxed),
            responses,
        ),
        Figure::zero(
            "secrets",
            format!(
                "server logs holding the secret key ({} KB)",
                LOG_BYTES_SCANNED.load(Ordering::Relaxed) / 1024
            ),
            LOGS_WITH_SECRET.load(Ordering::Relaxed),
            logs,
        ),
    ]
}

/// Starts the binary with key pairs it must refuse.
pub fn refusals() -> Vec<Figure> {
    // A made-up live secret key: the server must stop before it could use it.
    let live_secret = "live_gsk_Zx8bq2Lr0dNs5Ke1Wm7Yp3Tv";
    let cases: [(&str, &str, &str); 3] = [
        ("test key + live key", docs_keys::WIDGET_CLIENT, live_secret),
        (
            "live key + test key",
            "live_gck_Ovk5rk1EwkEbP0W43n07xlzm",
            docs_keys::WIDGET_SECRET,
        ),
        (
            "widget key + API secret key",
            docs_keys::WIDGET_CLIENT,
            docs_keys::API_SECRET,
        ),
    ];
    let mut refused = 0;
    let mut leaked = 0;
    for (_, client, secret) in cases {
        let (code, output) = run_to_exit(&[
            ("TOSS_CLIENT_KEY", client),
            ("TOSS_SECRET_KEY", secret),
            ("TOSS_API_BASE", "http://127.0.0.1:9"),
        ]);
        if code.is_some_and(|c| c != 0) && output.contains("do not belong together") {
            refused += 1;
        } else {
            eprintln!("not refused ({code:?}): {output}");
        }
        if output.contains(secret) {
            leaked += 1;
        }
    }
    vec![
        Figure::all(
            "secrets",
            "mismatched key pairs refused at start",
            refused,
            cases.len(),
        ),
        Figure::zero(
            "secrets",
            "refusals printing the secret key",
            leaked,
            cases.len(),
        ),
    ]
}
