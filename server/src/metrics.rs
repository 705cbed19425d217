//! Prometheus metrics (`GET /metrics`, text format, behind the staff token like the merchant
//! console): what an operator watches.
//!
//! | metric | type | what |
//! |---|---|---|
//! | `tosspayments_orders{status}` | gauge | orders by status, read from the database at scrape time |
//! | `tosspayments_confirm_duration_seconds` | histogram | one confirm request, claim to answer |
//! | `tosspayments_provider_errors_total{provider,code}` | counter | failed calls to a provider, by its code (`IN_DOUBT` for timeouts and lost answers) |
//! | `tosspayments_webhook_backlog` | gauge | stored webhooks not yet worked off |
//! | `tosspayments_reconciler_lag_seconds` | gauge | age of the oldest order left `confirming` |
//! | `tosspayments_mismatches_total` | gauge | mismatch events on record ([`crate::db::Db::mismatches`]) |

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos_tosspayments::domain::server_api::OrderStatus;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::error::AppError;
use crate::provider::ProviderError;
use crate::staff::Staff;
use crate::state::AppState;

/// `{status}`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: &'static str,
}

/// `{provider, code}`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabel {
    provider: String,
    code: String,
}

/// The server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Mutex<Registry>,
    orders: Family<StatusLabel, Gauge>,
    confirm_seconds: Histogram,
    provider_errors: Family<ErrorLabel, Counter>,
    webhook_backlog: Gauge,
    reconciler_lag: Gauge<f64, AtomicU64>,
    mismatches: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("tosspayments");
        let orders = Family::<StatusLabel, Gauge>::default();
        registry.register("orders", "Orders by status", orders.clone());
        // 5 ms to about 40 s.
        let confirm_seconds = Histogram::new(exponential_buckets(0.005, 2.0, 14));
        registry.register(
            "confirm_duration_seconds",
            "One confirm request, claim to answer",
            confirm_seconds.clone(),
        );
        let provider_errors = Family::<ErrorLabel, Counter>::default();
        registry.register(
            "provider_errors",
            "Failed calls to a payment provider, by its code",
            provider_errors.clone(),
        );
        let webhook_backlog = Gauge::default();
        registry.register(
            "webhook_backlog",
            "Stored webhooks not yet worked off",
            webhook_backlog.clone(),
        );
        let reconciler_lag = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "reconciler_lag_seconds",
            "Age of the oldest order left confirming",
            reconciler_lag.clone(),
        );
        let mismatches = Gauge::default();
        registry.register(
            "mismatches_total",
            "Mismatch events on record (the provider verified a state our machine refused)",
            mismatches.clone(),
        );
        Metrics {
            registry: Mutex::new(registry),
            orders,
            confirm_seconds,
            provider_errors,
            webhook_backlog,
            reconciler_lag,
            mismatches,
        }
    }
}

impl Metrics {
    /// A confirm took `seconds`.
    pub fn confirm_took(&self, seconds: f64) {
        self.confirm_seconds.observe(seconds);
    }

    /// A call to a provider failed.
    pub fn provider_error(&self, error: &ProviderError) {
        let (provider, code) = match error {
            ProviderError::Refused { provider, code, .. }
            | ProviderError::NotFound { provider, code, .. } => (provider, code.clone()),
            ProviderError::InDoubt { provider, code, .. } => (
                provider,
                code.clone().unwrap_or_else(|| "IN_DOUBT".to_owned()),
            ),
        };
        // Codes are the provider's documented constants; anything else is folded so a
        // misbehaving upstream cannot grow the label set without bound.
        let code = if code.len() <= 64
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            code
        } else {
            "OTHER".to_owned()
        };
        self.provider_errors
            .get_or_create(&ErrorLabel {
                provider: provider.to_string(),
                code,
            })
            .inc();
    }
}

/// `GET /metrics`.
#[utoipa::path(get, path = "/metrics", tag = "console", security(("bearer" = [])),
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain"),
              (status = 404, description = "Off (no staff token configured)")))]
pub async fn serve(State(state): State<Arc<AppState>>, _: Staff) -> Result<Response, AppError> {
    let counts = state.db.orders_by_status().await?;
    for status in OrderStatus::ALL {
        let n = counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n);
        state
            .metrics
            .orders
            .get_or_create(&StatusLabel {
                status: status.as_str(),
            })
            .set(n);
    }
    let backlog = crate::health::backlog(&state.db).await?;
    state.metrics.webhook_backlog.set(backlog.webhooks);
    state
        .metrics
        .reconciler_lag
        .set(backlog.oldest_confirming_seconds);
    state.metrics.mismatches.set(backlog.mismatches);
    let mut text = String::new();
    {
        let registry = state
            .metrics
            .registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        encode(&mut text, &registry)
            .map_err(|e| AppError::Internal(format!("metrics could not be encoded: {e}")))?;
    }
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
