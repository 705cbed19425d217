//! The reliability and security suite (issue #8): faults, crashes, duplicates, forgeries,
//! bad input, secrets and load, each printing figures against a target.
//!
//! One set of scenarios, two scales: `tests/reliability.rs` runs them small inside
//! `cargo xtask test` (and fails when a target is missed); `benches/reliability.rs` runs them
//! at full size for `cargo xtask reliability`, prints the table and writes
//! `target/reliability/report.json`.
#![allow(dead_code)]

pub mod crash;
pub mod faults;
pub mod forgery;
pub mod fuzz;
pub mod load;
pub mod process;
pub mod secrets;
pub mod storm;
pub mod takeover;

use std::time::Duration;

use serde::Serialize;
use sqlx::Row;

use crate::support::{Backend, Env};

/// How much of everything to run.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Orders per fault-matrix cell.
    pub per_cell: usize,
    /// Confirms in flight when the server binary is killed.
    pub crash_orders: usize,
    /// Orders in the duplicate storm, and confirm requests per order.
    pub storm_orders: usize,
    /// Confirm requests per order in the storm.
    pub storm_clicks: usize,
    /// Inputs per fuzzed parser, and requests per fuzzed endpoint.
    pub fuzz_inputs: usize,
    /// Requests per endpoint under load.
    pub load_requests: usize,
    /// Concurrent clients under load.
    pub load_concurrency: usize,
}

impl Scale {
    /// Inside the README's test command.
    pub const QUICK: Scale = Scale {
        per_cell: 2,
        crash_orders: 6,
        storm_orders: 4,
        storm_clicks: 8,
        fuzz_inputs: 300,
        load_requests: 60,
        load_concurrency: 8,
    };
    /// `cargo xtask reliability`.
    pub const FULL: Scale = Scale {
        per_cell: 10,
        crash_orders: 40,
        storm_orders: 30,
        storm_clicks: 20,
        fuzz_inputs: 5_000,
        load_requests: 1_000,
        load_concurrency: 32,
    };
}

/// One printed figure and whether it meets its target.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Which suite (`faults`, `crash`, ...).
    pub suite: &'static str,
    /// What was measured, e.g. `confirm × Hang on sqlite`.
    pub name: String,
    /// The measured value, as printed.
    pub value: String,
    /// The target, as printed.
    pub target: String,
    /// Whether the value meets the target.
    pub met: bool,
}

impl Figure {
    /// A count that must be zero.
    pub fn zero(suite: &'static str, name: impl Into<String>, count: usize, of: usize) -> Figure {
        Figure {
            suite,
            name: name.into(),
            value: format!("{count} of {of}"),
            target: "0".to_owned(),
            met: count == 0,
        }
    }

    /// A count that must equal its whole.
    pub fn all(suite: &'static str, name: impl Into<String>, good: usize, of: usize) -> Figure {
        Figure {
            suite,
            name: name.into(),
            value: format!("{good}/{of}"),
            target: "100%".to_owned(),
            met: good == of && of > 0,
        }
    }

    /// A figure with no target (shown for information).
    pub fn info(suite: &'static str, name: impl Into<String>, value: impl Into<String>) -> Figure {
        Figure {
            suite,
            name: name.into(),
            value: value.into(),
            target: "-".to_owned(),
            met: true,
        }
    }
}

/// Prints figures as a table.
pub fn print(figures: &[Figure]) {
    for f in figures {
        println!(
            "{:<10} {:<62} {:>16}  target {:<6} {}",
            f.suite,
            f.name,
            f.value,
            f.target,
            if f.met { "ok" } else { "MISSED" }
        );
    }
}

/// Panics with the table when a target is missed (the quick suite's assertion).
pub fn assert_met(figures: &[Figure]) {
    print(figures);
    let missed: Vec<_> = figures.iter().filter(|f| !f.met).collect();
    assert!(missed.is_empty(), "targets missed: {missed:#?}");
}

/// The backend's name in figures.
pub fn db_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// One stored order, as the comparisons need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The order id.
    pub order_id: String,
    /// `created`, `paid`, ...
    pub status: String,
    /// The payment the server holds.
    pub payment_key: Option<String>,
    /// What is left to refund.
    pub balance: i64,
    /// Why it failed.
    pub failure_code: Option<String>,
}

/// Every order in the database at `url`, read directly (not through the server).
pub async fn stored_orders(url: &str) -> Vec<Stored> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT order_id, status, payment_id, balance, failure_code FROM orders ORDER BY order_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows.iter()
        .map(|r| Stored {
            order_id: r.get(0),
            status: r.get(1),
            payment_key: r.get(2),
            balance: r.get(3),
            failure_code: r.get(4),
        })
        .collect()
}

/// What Toss holds for one order.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The latest payment's status (`None`: Toss never heard of the order).
    pub status: Option<&'static str>,
    /// The latest payment's balance.
    pub balance: u64,
    /// How many of its payments were approved (a second approval is a double charge).
    pub approvals: usize,
}

/// Toss's truth for `order_id`, from the sandbox: its Core API's payments, or else Toss Pay's
/// (in the Core API's words: `PAY_COMPLETE` is `DONE`, a refund `PARTIAL_CANCELED` or
/// `CANCELED`).
pub fn truth(env: &Env, order_id: &str) -> Truth {
    let payments = env.sandbox.payments_for_order(order_id);
    if payments.is_empty()
        && let Some(t) = env.sandbox.tosspay_for_order(order_id)
    {
        let status = match t.pay_status {
            "PAY_COMPLETE" => Some("DONE"),
            "REFUND_SUCCESS" if t.balance > 0 => Some("PARTIAL_CANCELED"),
            "REFUND_SUCCESS" => Some("CANCELED"),
            // Approved or left, never executed: not paid.
            _ => None,
        };
        return Truth {
            status,
            balance: t.balance.max(0) as u64,
            approvals: t.executions,
        };
    }
    if payments.is_empty()
        && let Some(p) = env.sandbox.portone_for_order(order_id)
    {
        let (balance, cancelled) = (p.balance, p.cancelled);
        let status = match p.status {
            "paid" if cancelled > 0 => Some("PARTIAL_CANCELED"),
            "paid" => Some("DONE"),
            "cancelled" => Some("CANCELED"),
            "failed" => Some("ABORTED"),
            _ => None,
        };
        // PortOne's window approves; the server never can: no double charge from it.
        return Truth {
            status,
            balance: balance.max(0) as u64,
            approvals: usize::from(status.is_some()),
        };
    }
    let last = payments.last();
    Truth {
        status: last.map(|p| p.status),
        balance: last.map_or(0, |p| p.balance_amount),
        approvals: payments.iter().filter(|p| p.approved_at.is_some()).count(),
    }
}

/// Whether the merchant's record of an order agrees with Toss's.
pub fn agrees(stored: &Stored, truth: &Truth) -> bool {
    let expected: &[&str] = match truth.status {
        Some("DONE") => &["paid"],
        Some("WAITING_FOR_DEPOSIT") => &["waiting_for_deposit"],
        Some("CANCELED") => &["cancelled"],
        Some("PARTIAL_CANCELED") => &["partially_cancelled"],
        Some("ABORTED") => &["failed"],
        Some("EXPIRED") => &["expired"],
        // Authenticated but never confirmed, or never seen: not paid, not in between.
        _ => &["created", "failed"],
    };
    let money_agrees = match truth.status {
        Some("DONE" | "CANCELED" | "PARTIAL_CANCELED") => stored.balance == truth.balance as i64,
        _ => true,
    };
    expected.contains(&stored.status.as_str()) && money_agrees
}

/// How many of the database's orders agree with Toss, of how many; and the double charges.
pub async fn tally(env: &Env) -> (usize, usize, usize) {
    let stored = stored_orders(&env.db.url).await;
    let mut good = 0;
    let mut doubles = 0;
    for s in &stored {
        let t = truth(env, &s.order_id);
        if agrees(s, &t) {
            good += 1;
        }
        doubles += t.approvals.saturating_sub(1);
    }
    (good, stored.len(), doubles)
}

/// Waits until the webhook inbox is empty (at most `limit`).
pub async fn inbox_drained(env: &Env, limit: Duration) {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if env.state().db.inbox_pending().await.unwrap_or(1) == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
