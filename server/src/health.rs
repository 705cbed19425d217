//! Liveness and readiness. `GET /healthz` says the process answers; `GET /readyz` says it can
//! do its work: the database answers and the background workers (the reconciler and the
//! webhook worker, when started) have been through their loop recently. A worker that died or
//! hangs makes it 503, so an orchestrator stops routing to the instance and restarts it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::db::{Db, DbError, now_ms};
use crate::state::AppState;
use leptos_tosspayments::domain::server_api::OrderStatus;

/// When each background worker last went through its loop.
#[derive(Debug, Default)]
pub struct Health {
    started: AtomicBool,
    reconciler: AtomicI64,
    webhooks: AtomicI64,
}

/// A background worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worker {
    /// [`crate::reconcile::spawn`].
    Reconciler,
    /// [`crate::webhooks::spawn_worker`].
    Webhooks,
}

impl Health {
    /// The background workers were started ([`crate::spawn_background`]): from now on they
    /// must beat.
    pub fn started(&self) {
        let now = now_ms();
        self.reconciler.store(now, Ordering::Relaxed);
        self.webhooks.store(now, Ordering::Relaxed);
        self.started.store(true, Ordering::Relaxed);
    }

    /// `worker` went through its loop.
    pub fn beat(&self, worker: Worker) {
        let slot = match worker {
            Worker::Reconciler => &self.reconciler,
            Worker::Webhooks => &self.webhooks,
        };
        slot.store(now_ms(), Ordering::Relaxed);
    }

    /// How long ago each worker (reconciler, webhook worker) last beat, in ms; none before
    /// they were started.
    pub fn ages(&self) -> (Option<i64>, Option<i64>) {
        if !self.started.load(Ordering::Relaxed) {
            return (None, None);
        }
        let now = now_ms();
        (
            Some(now - self.reconciler.load(Ordering::Relaxed)),
            Some(now - self.webhooks.load(Ordering::Relaxed)),
        )
    }

    /// The workers that have not beaten within `within`, by name.
    pub fn stale(&self, within: Duration) -> Vec<&'static str> {
        if !self.started.load(Ordering::Relaxed) {
            return Vec::new();
        }
        let oldest = now_ms() - within.as_millis() as i64;
        let mut stale = Vec::new();
        if self.reconciler.load(Ordering::Relaxed) < oldest {
            stale.push("reconciler");
        }
        if self.webhooks.load(Ordering::Relaxed) < oldest {
            stale.push("webhook worker");
        }
        stale
    }
}

/// `GET /readyz`.
#[utoipa::path(get, path = "/readyz", tag = "config",
    responses((status = 200, description = "Ready: the database answers and the background workers are alive"),
              (status = 503, description = "Not ready, and why")))]
pub async fn ready(State(state): State<Arc<AppState>>) -> (StatusCode, Json<Value>) {
    let (database, stale) = readiness(&state).await;
    let ok = database && stale.is_empty();
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({"ready": ok, "database": database, "staleWorkers": stale})),
    )
}

/// How far behind the work is: what the metrics and the merchant console show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backlog {
    /// Webhooks received and not yet worked off.
    pub webhooks: i64,
    /// How long the oldest order has been `confirming`, in seconds (0 when none is).
    pub oldest_confirming_seconds: f64,
    /// Mismatches recorded.
    pub mismatches: i64,
}

/// The backlog now.
pub async fn backlog(db: &Db) -> Result<Backlog, DbError> {
    let oldest_confirming_seconds = db
        .oldest_change(OrderStatus::Confirming)
        .await?
        .map_or(0.0, |at| (now_ms() - at).max(0) as f64 / 1000.0);
    Ok(Backlog {
        webhooks: db.inbox_pending().await?,
        oldest_confirming_seconds,
        mismatches: db.mismatch_count().await?,
    })
}

/// Whether the database answers, and which workers are stale.
pub async fn readiness(state: &AppState) -> (bool, Vec<&'static str>) {
    let database = state.db.ping().await.is_ok();
    // A pass may wait on the provider's timeout for each of its orders; three loops' worth.
    let within = state.settings.reconcile_every * 3 + state.settings.toss_timeout * 10;
    (database, state.health.stale(within))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_that_stops_beating_is_named() {
        let health = Health::default();
        assert!(
            health.stale(Duration::ZERO).is_empty(),
            "not started: nothing to check"
        );
        health.started();
        assert!(health.stale(Duration::from_secs(60)).is_empty());
        std::thread::sleep(Duration::from_millis(5));
        health.beat(Worker::Webhooks);
        assert_eq!(health.stale(Duration::from_millis(3)), ["reconciler"]);
    }
}
