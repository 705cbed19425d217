//! The merchant console's API: store staff find orders, read their timelines, see mismatches,
//! and refund — any time, without the buyer's token. Every route needs the staff credential
//! (`ADMIN_TOKEN`, at least 32 characters) as `Authorization: Bearer <token>`, compared in
//! constant time and never logged; without one configured, the console is off (404).

use std::sync::Arc;

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::{
    CancelOrderRequest, OrderStatus, OrderView, StaffEventView, StaffHealthView, StaffOrderView,
    StaffWebhookView,
};
use leptos_tosspayments::{CustomerKey, IdempotencyKey, OrderId};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::access::constant_time_eq;
use crate::cancel::{self, Actor};
use crate::db::{EventRow, OrderFilter};
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::idempotency;
use crate::orders;
use crate::provider::{ProviderId, WebhookSubject};
use crate::state::AppState;

/// The staff credential. Its `Debug` shows nothing of it.
#[derive(Clone)]
pub struct StaffToken(SecretString);

impl std::fmt::Debug for StaffToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaffToken([redacted])")
    }
}

impl StaffToken {
    /// At least 32 printable ASCII characters (a random token, not a password).
    pub fn parse(token: &str) -> Result<StaffToken, String> {
        if token.len() < 32 || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("ADMIN_TOKEN must have at least 32 printable ASCII characters".to_owned());
        }
        Ok(StaffToken(SecretString::from(token.to_owned())))
    }

    fn matches(&self, sent: &str) -> bool {
        constant_time_eq(self.0.expose_secret().as_bytes(), sent.as_bytes())
    }
}

/// Extractor: the request is store staff's (a 404 when the console is off, 401/403 otherwise).
#[derive(Debug, Clone, Copy)]
pub struct Staff;

impl FromRequestParts<Arc<AppState>> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, AppError> {
        let Some(expected) = &state.staff_token else {
            return Err(AppError::NotFound(
                "the merchant console is off (set ADMIN_TOKEN)".to_owned(),
            ));
        };
        let sent = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or_else(|| {
                AppError::Unauthenticated(
                    "send the staff token as Authorization: Bearer <token>".to_owned(),
                )
            })?;
        if expected.matches(sent) {
            Ok(Staff)
        } else {
            tracing::warn!("merchant console: a wrong staff token was refused");
            Err(AppError::Forbidden(
                "this is not the staff token".to_owned(),
            ))
        }
    }
}

/// `GET /api/admin/orders` filters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct OrderQuery {
    /// Only orders in this status (`paid`, `confirming`, …).
    pub status: Option<String>,
    /// Only this customer's orders.
    pub customer_key: Option<String>,
    /// Only orders created at or after this time (ms since the epoch).
    pub from: Option<i64>,
    /// Only orders created before this time (ms since the epoch).
    pub to: Option<i64>,
    /// Only orders left in between: `confirming` for longer than the reconciler's grace.
    #[serde(default)]
    pub stuck: bool,
    /// At most this many, newest first (default 50, at most 500).
    pub limit: Option<i64>,
}

impl From<EventRow> for StaffEventView {
    fn from(e: EventRow) -> Self {
        StaffEventView {
            order_id: e.order_id,
            from_status: e.from_status,
            to_status: e.to_status,
            cause: e.cause,
            detail: e.detail,
        }
    }
}

/// `GET /api/admin/orders`.
#[utoipa::path(get, path = "/api/admin/orders", tag = "console", params(OrderQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Orders, newest first", body = Vec<StaffOrderView>),
              (status = 401, description = "ACCESS_TOKEN_REQUIRED"), (status = 403, description = "ACCESS_DENIED"),
              (status = 404, description = "The console is off")))]
pub async fn list_orders(
    State(state): State<Arc<AppState>>,
    _: Staff,
    AppQuery(q): AppQuery<OrderQuery>,
) -> Result<Json<Vec<StaffOrderView>>, AppError> {
    let status = match q.status.as_deref() {
        Some(s) => Some(OrderStatus::parse(s).ok_or_else(|| {
            AppError::bad(ErrorCode::InvalidQuery, format!("no order status {s:?}"))
        })?),
        None => None,
    };
    let customer = match q.customer_key.as_deref() {
        Some(c) => Some(
            CustomerKey::parse(c)
                .map_err(|e| AppError::bad(ErrorCode::InvalidQuery, e.to_string()))?,
        ),
        None => None,
    };
    let filter = OrderFilter {
        status: if q.stuck {
            Some(OrderStatus::Confirming)
        } else {
            status
        },
        customer,
        from: q.from,
        to: q.to,
        changed_before: q
            .stuck
            .then(|| crate::db::now_ms() - state.settings.reconcile_grace.as_millis() as i64),
        limit: q.limit.unwrap_or(50).clamp(1, 500),
    };
    let rows = state.db.list_orders(&filter).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(StaffOrderView {
            order: orders::view(&row)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
            provider: row.provider.map(|p| p.to_string()),
        });
    }
    Ok(Json(out))
}

/// `GET /api/admin/orders/{order_id}/events`.
#[utoipa::path(get, path = "/api/admin/orders/{order_id}/events", tag = "console",
    params(("order_id" = String, Path, description = "The order id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The order's timeline, oldest first", body = Vec<StaffEventView>),
              (status = 404, description = "No such order, or the console is off")))]
pub async fn order_events(
    State(state): State<Arc<AppState>>,
    _: Staff,
    AppPath(raw): AppPath<String>,
) -> Result<Json<Vec<StaffEventView>>, AppError> {
    let id = parse_order_id(&raw)?;
    orders::load(&state.db, &id).await?;
    let events = state.db.events(&id).await?;
    Ok(Json(events.into_iter().map(StaffEventView::from).collect()))
}

/// `GET /api/admin/mismatches`.
#[utoipa::path(get, path = "/api/admin/mismatches", tag = "console",
    security(("bearer" = [])),
    responses((status = 200, description = "States the provider verified that our state machine refused, newest first", body = Vec<StaffEventView>)))]
pub async fn mismatches(
    State(state): State<Arc<AppState>>,
    _: Staff,
) -> Result<Json<Vec<StaffEventView>>, AppError> {
    let events = state.db.mismatches(200).await?;
    Ok(Json(events.into_iter().map(StaffEventView::from).collect()))
}

/// `POST /api/admin/orders/{order_id}/cancel`: a refund by staff, full or partial, at any time
/// (the refund policy binds buyers only); a deposited virtual account is refunded to the
/// account the request names.
#[utoipa::path(post, path = "/api/admin/orders/{order_id}/cancel", tag = "console",
    request_body = CancelOrderRequest,
    params(("order_id" = String, Path, description = "The order id"),
           ("Idempotency-Key" = String, Header, description = "Required: one per intended refund")),
    security(("bearer" = [])),
    responses((status = 200, description = "The order after the refund", body = OrderView),
              (status = 400, description = "Bad input"), (status = 409, description = "NOT_CANCELLABLE, CANCEL_REFUSED")))]
pub async fn cancel_order(
    State(state): State<Arc<AppState>>,
    _: Staff,
    AppPath(raw): AppPath<String>,
    idempotency::Required(key): idempotency::Required,
    AppJson(req): AppJson<CancelOrderRequest>,
) -> Result<Json<OrderView>, AppError> {
    let id = parse_order_id(&raw)?;
    let key: IdempotencyKey = key;
    Ok(Json(
        cancel::cancel(&state, &id, &Actor::Staff, &req, &key).await?,
    ))
}

/// `GET /api/admin/webhooks` filters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct WebhookQuery {
    /// At most this many, newest first (default 50, at most 500).
    pub limit: Option<i64>,
}

/// `GET /api/admin/webhooks`: the webhook inbox and what became of each webhook.
#[utoipa::path(get, path = "/api/admin/webhooks", tag = "console", params(WebhookQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Webhooks, newest first (without their bodies)", body = Vec<StaffWebhookView>)))]
pub async fn webhooks(
    State(state): State<Arc<AppState>>,
    _: Staff,
    AppQuery(q): AppQuery<WebhookQuery>,
) -> Result<Json<Vec<StaffWebhookView>>, AppError> {
    let rows = state
        .db
        .inbox_recent(q.limit.unwrap_or(50).clamp(1, 500))
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| StaffWebhookView {
                subject: subject(&state, &row.provider, &row.body),
                id: row.id,
                provider: row.provider,
                received_at: row.received_at,
                attempts: row.attempts,
                processed_at: row.processed_at,
                outcome: row.outcome,
            })
            .collect(),
    ))
}

/// What a stored webhook names, as its provider reads it (never its secret).
fn subject(state: &AppState, provider: &str, body: &str) -> String {
    let Some(reader) = ProviderId::parse(provider)
        .ok()
        .and_then(|id| state.providers.get(&id).cloned())
    else {
        return format!("from {provider}, which this server no longer takes payments through");
    };
    let Ok(value) = serde_json::from_str(body) else {
        return "not JSON".to_owned();
    };
    match reader.webhook_subject(&value) {
        WebhookSubject::Payment(id) => format!("payment {id}"),
        WebhookSubject::Cancel(id) => format!("cancel {id}"),
        WebhookSubject::Deposit { order_id, .. } => format!("deposit for order {order_id}"),
        WebhookSubject::Ignore(why) => format!("ignored: {why}"),
    }
}

/// `GET /api/admin/health`: readiness, the workers' last beats and the backlog.
#[utoipa::path(get, path = "/api/admin/health", tag = "console",
    security(("bearer" = [])),
    responses((status = 200, description = "The background work's health", body = StaffHealthView)))]
pub async fn health(
    State(state): State<Arc<AppState>>,
    _: Staff,
) -> Result<Json<StaffHealthView>, AppError> {
    let (database, stale) = crate::health::readiness(&state).await;
    let backlog = crate::health::backlog(&state.db).await?;
    let (reconciler, webhook_worker) = state.health.ages();
    Ok(Json(StaffHealthView {
        ready: database && stale.is_empty(),
        database,
        stale_workers: stale.into_iter().map(str::to_owned).collect(),
        reconciler_beat_ms_ago: reconciler,
        webhook_worker_beat_ms_ago: webhook_worker,
        webhook_backlog: backlog.webhooks,
        oldest_confirming_seconds: backlog.oldest_confirming_seconds,
        mismatches: backlog.mismatches,
    }))
}

fn parse_order_id(raw: &str) -> Result<OrderId, AppError> {
    OrderId::parse(raw).map_err(|e| AppError::bad(ErrorCode::InvalidOrderId, e.to_string()))
}
