//! Providers' webhooks. None of them is trusted as it arrives: the provider reads what the
//! body names ([`PaymentProvider::webhook_subject`]), and the payment is then fetched from the
//! provider and applied.
//!
//! * a payment (Toss's `PAYMENT_STATUS_CHANGED`): only its id is read from the body;
//! * a cancel (Toss's `CANCEL_STATUS_CHANGED` with a Cancel object): its id finds the order
//!   among the cancels the provider reported before;
//! * a deposit callback (Toss's `DEPOSIT_CALLBACK`): matched by order id, its `secret`
//!   compared with the one stored at confirm time.
//!
//! See [`crate::provider::toss::TossCore`] for how Toss's bodies are read.
//!
//! A webhook is stored before it is answered (200 at once) and worked off from the inbox, so a
//! crash loses nothing and a slow Toss lookup never delays the answer. Applying Toss's truth
//! is idempotent, so duplicates are harmless.

use std::sync::Arc;
use std::time::Duration;

use leptos_tosspayments::OrderId;
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::OrderStatus;
use serde_json::Value;

use crate::db::{InboxRow, OrderRow};
use crate::error::AppError;
use crate::orders::{self, apply_truth};
use crate::provider::{PaymentProvider, ProviderId, WebhookSubject};
use crate::state::AppState;

/// The largest webhook body accepted (a Payment object is a few KB).
pub const MAX_BODY: usize = 256 * 1024;

/// Attempts after which a webhook is given up (logged as such).
const MAX_ATTEMPTS: i64 = 25;

/// A provider's webhook route (`POST /api/webhooks/toss` for Toss): stores the body and
/// answers at once.
pub async fn receive(state: &AppState, provider: &ProviderId, body: &[u8]) -> Result<(), AppError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| AppError::bad(ErrorCode::InvalidBody, "the webhook body is not UTF-8"))?;
    if serde_json::from_str::<Value>(text)
        .map(|v| !v.is_object())
        .unwrap_or(true)
    {
        return Err(AppError::bad(
            ErrorCode::InvalidBody,
            "the webhook body is not a JSON object",
        ));
    }
    state.db.inbox_push(provider, text).await?;
    state.webhook_wake.notify_one();
    Ok(())
}

/// Works off every stored webhook that is due. Returns how many were settled.
pub async fn drain(state: &AppState) -> Result<usize, AppError> {
    let mut settled = 0;
    while let Some(row) = state.db.inbox_take(30_000).await? {
        match process(state, &row).await {
            Ok(outcome) => {
                tracing::info!(webhook = row.id, %outcome, "webhook processed");
                state.db.inbox_done(row.id, &outcome).await?;
                settled += 1;
            }
            Err(e) if row.attempts + 1 >= MAX_ATTEMPTS => {
                tracing::error!(webhook = row.id, error = %e, "webhook given up");
                state
                    .db
                    .inbox_done(row.id, &format!("gave up: {e}"))
                    .await?;
            }
            Err(e) => {
                // Toss (or storage) is unavailable: try this one again later, backing off, and
                // stop this drain rather than hammer Toss with the rest.
                let backoff = retry_delay(state.settings.webhook_retry, row.attempts + 1);
                tracing::warn!(webhook = row.id, error = %e, retry_in_ms = backoff.as_millis() as u64, "webhook will be retried");
                state
                    .db
                    .inbox_retry_at(row.id, crate::db::now_ms() + backoff.as_millis() as i64)
                    .await?;
                break;
            }
        }
    }
    Ok(settled)
}

/// The wait before attempt `attempts + 1`: `base`, doubling per attempt, at most 10 minutes.
fn retry_delay(base: Duration, attempts: i64) -> Duration {
    let doublings = attempts.clamp(1, 20) as u32 - 1;
    base.saturating_mul(1 << doublings.min(16))
        .min(Duration::from_secs(600))
}

/// Runs [`drain`] whenever a webhook arrives, and every `every` for retries.
pub fn spawn_worker(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            state.health.beat(crate::health::Worker::Webhooks);
            if let Err(e) = drain(&state).await {
                tracing::warn!(error = %e, "webhook worker");
            }
            tokio::select! {
                _ = state.webhook_wake.notified() => {}
                _ = tokio::time::sleep(every) => {}
            }
        }
    })
}

/// Settles one webhook; `Err` means "try again later" (the provider or storage unavailable).
async fn process(state: &AppState, row: &InboxRow) -> Result<String, AppError> {
    let Ok(provider_id) = ProviderId::parse(&row.provider) else {
        return Ok(format!("ignored: unknown provider {:?}", row.provider));
    };
    let Some(provider) = state.providers.get(&provider_id) else {
        return Ok(format!(
            "ignored: this server has no provider {provider_id}"
        ));
    };
    let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    let subject = provider.webhook_subject(&body);
    let label = webhook_label(&body, &subject);
    let cause = format!("webhook:{label}");
    match subject {
        WebhookSubject::Ignore(why) => Ok(why),
        WebhookSubject::Payment(payment) => {
            let found = match provider.lookup(&payment).await {
                Ok(found) => found,
                Err(e) if e.is_not_found() => {
                    return Ok(format!(
                        "ignored {label}: {provider_id} has no such payment"
                    ));
                }
                Err(e) => return Err(AppError::Upstream(e)),
            };
            let Ok(order_id) = OrderId::parse(&found.order_id) else {
                return Ok(format!("ignored {label}: no order {}", found.order_id));
            };
            let Some(order) = state.db.order(&order_id).await? else {
                return Ok(format!("ignored {label}: no order {order_id}"));
            };
            // An order of a provider whose webhooks come through this route (Toss BrandPay's
            // through Toss's) is looked up again by its own provider.
            if order.provider.as_ref().is_some_and(|p| *p != provider_id) {
                return reverify(state, provider, &order, &label, &cause).await;
            }
            // A payment the provider approved by itself (PortOne's window) whose buyer never
            // came back: verified through the claim, exactly as the buyer's return would be.
            if provider.approves_on_its_own()
                && matches!(order.status, OrderStatus::Created | OrderStatus::Failed)
                && found.settled.is_some_and(|s| s != OrderStatus::Failed)
            {
                let verified = crate::confirm::confirm_payment(
                    state,
                    provider,
                    &order.order_id,
                    &found.payment_id,
                    order.amount,
                )
                .await;
                return match verified {
                    Ok(view) => Ok(format!("verified {label}: {}", view.status.as_str())),
                    // Settled for good (an amount that differs, an order expired): no retry.
                    Err(e) if !e.code().is_retryable() => Ok(format!("refused {label}: {e}")),
                    Err(e) => Err(e),
                };
            }
            let after = apply_truth(&state.db, &order, &found, &cause).await?;
            Ok(format!("applied {label}: {}", after.status.as_str()))
        }
        WebhookSubject::Cancel(cancel) => {
            let Some(order_id) = state.db.order_of_cancel(&cancel).await? else {
                return Ok(format!("ignored {label}: no cancel {cancel} of ours"));
            };
            let order = orders::load(&state.db, &order_id).await?;
            reverify(state, provider, &order, &label, &cause).await
        }
        WebhookSubject::Deposit { order_id, secret } => {
            let Some(order) = state.db.order(&order_id).await? else {
                return Ok(format!("ignored {label}: no order {order_id}"));
            };
            // Toss sends a callback when it issues the account, often before the confirm's
            // answer (which carries the secret) is stored: the confirm in flight, or the
            // reconciler after it, applies the same state, so this one is not needed.
            let Some(stored) = order.deposit_secret.as_deref() else {
                return Ok(format!(
                    "ignored {label}: order {order_id} has no virtual account secret yet"
                ));
            };
            if !crate::access::constant_time_eq(stored.as_bytes(), secret.as_bytes()) {
                tracing::warn!(%order_id, "DEPOSIT_CALLBACK with a wrong secret rejected");
                return Ok(format!("rejected {label}: secret mismatch"));
            }
            reverify(state, provider, &order, &label, &cause).await
        }
    }
}

/// The event's name for outcomes and the audit trail: the body's `eventType` (Toss's), else
/// `DEPOSIT_CALLBACK` for a deposit callback, else `webhook`.
fn webhook_label(body: &Value, subject: &WebhookSubject) -> String {
    match (body.get("eventType").and_then(Value::as_str), subject) {
        (Some(kind), _) => kind
            .chars()
            .filter(char::is_ascii_graphic)
            .take(64)
            .collect(),
        (None, WebhookSubject::Deposit { .. }) => "DEPOSIT_CALLBACK".to_owned(),
        (None, _) => "webhook".to_owned(),
    }
}

/// Fetches an order's payment from its provider and applies it. `route` is the provider whose
/// route the webhook came in by: the order's own, or one whose webhooks it carries
/// ([`PaymentProvider::webhooks_via`]).
async fn reverify(
    state: &AppState,
    route: &Arc<dyn PaymentProvider>,
    order: &OrderRow,
    label: &str,
    cause: &str,
) -> Result<String, AppError> {
    let provider = match &order.provider {
        Some(own) if *own == route.id() => Some(route),
        Some(own) => state
            .providers
            .get(own)
            .filter(|p| p.webhooks_via() == route.id()),
        None => None,
    };
    let Some(provider) = provider else {
        return Ok(format!(
            "ignored {label}: the order is not paid through {}",
            route.id()
        ));
    };
    let Some(payment) = &order.payment_id else {
        return Ok(format!("ignored {label}: the order has no payment"));
    };
    let found = provider.lookup(payment).await.map_err(AppError::Upstream)?;
    let after = apply_truth(&state.db, order, &found, cause).await?;
    Ok(format!("applied {label}: {}", after.status.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_are_capped() {
        let base = Duration::from_millis(100);
        assert_eq!(retry_delay(base, 1), base);
        assert_eq!(retry_delay(base, 3), Duration::from_millis(400));
        assert_eq!(retry_delay(base, 24), Duration::from_secs(600));
    }
}
