//! Toss's webhooks. None of them is trusted as it arrives:
//!
//! * `PAYMENT_STATUS_CHANGED` (`data` is a Payment): only `data.paymentKey` is read from the
//!   body; the payment is fetched from Toss and that is applied. Toss sends it for every
//!   status change, cancels and partial cancels included.
//! * `CANCEL_STATUS_CHANGED` (`data` is a Cancel object; sent only for foreign easy-pay
//!   cancels): `data.transactionKey` finds the order among the cancels Toss reported before;
//!   its payment is fetched and applied. A body with a `data.paymentKey` is treated like
//!   `PAYMENT_STATUS_CHANGED`.
//! * `DEPOSIT_CALLBACK` (flat, no `eventType`): matched by `orderId`, its `secret` compared with
//!   the one stored at confirm time, then the payment is fetched from Toss and applied.
//!
//! A webhook is stored before it is answered (200 at once) and worked off from the inbox, so a
//! crash loses nothing and a slow Toss lookup never delays the answer. Applying Toss's truth
//! is idempotent, so duplicates are harmless.

use leptos_tosspayments::domain::error_code::ErrorCode;
use std::time::Duration;

use leptos_tosspayments::{OrderId, PaymentKey};
use serde_json::Value;

use crate::db::InboxRow;
use crate::error::AppError;
use crate::orders::{self, apply_toss_truth};
use crate::state::AppState;
use crate::toss::TossError;

/// The largest webhook body accepted (a Payment object is a few KB).
pub const MAX_BODY: usize = 256 * 1024;

/// Attempts after which a webhook is given up (logged as such).
const MAX_ATTEMPTS: i64 = 25;

/// `POST /api/webhooks/toss`: stores the body and answers at once.
pub async fn receive(state: &AppState, body: &[u8]) -> Result<(), AppError> {
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
    state.db.inbox_push(text).await?;
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

/// Settles one webhook; `Err` means "try again later" (Toss or storage unavailable).
async fn process(state: &AppState, row: &InboxRow) -> Result<String, AppError> {
    let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    match body.get("eventType").and_then(Value::as_str) {
        Some("CANCEL_STATUS_CHANGED") if body.pointer("/data/paymentKey").is_none() => {
            cancel_status_changed(state, &body).await
        }
        Some(kind @ ("PAYMENT_STATUS_CHANGED" | "CANCEL_STATUS_CHANGED")) => {
            let Some(key) = body.pointer("/data/paymentKey").and_then(Value::as_str) else {
                return Ok(format!("ignored {kind}: no data.paymentKey"));
            };
            let Ok(key) = PaymentKey::parse(key) else {
                return Ok(format!("ignored {kind}: malformed paymentKey"));
            };
            let payment = match state.toss.payment(key.as_str()).await {
                Ok(p) => p,
                Err(TossError::Api { status: 404, .. }) => {
                    return Ok(format!("ignored {kind}: Toss has no such payment"));
                }
                Err(e) => return Err(AppError::Upstream(e)),
            };
            let Some(order) = state.db.order(&payment.order_id).await? else {
                return Ok(format!("ignored {kind}: no order {}", payment.order_id));
            };
            let after =
                apply_toss_truth(&state.db, &order, &payment, &format!("webhook:{kind}")).await?;
            Ok(format!("applied {kind}: {}", after.status))
        }
        Some(other) => Ok(format!("ignored event {other}")),
        None => deposit_callback(state, &body).await,
    }
}

/// `CANCEL_STATUS_CHANGED` with a Cancel object: found by its `transactionKey`.
async fn cancel_status_changed(state: &AppState, body: &Value) -> Result<String, AppError> {
    const KIND: &str = "CANCEL_STATUS_CHANGED";
    let Some(tx) = body.pointer("/data/transactionKey").and_then(Value::as_str) else {
        return Ok(format!("ignored {KIND}: no data.transactionKey"));
    };
    if tx.is_empty() || tx.len() > 200 || !tx.chars().all(|c| c.is_ascii_graphic()) {
        return Ok(format!("ignored {KIND}: malformed transactionKey"));
    }
    let Some(order_id) = state.db.order_of_cancel(tx).await? else {
        return Ok(format!("ignored {KIND}: no cancel {tx} of ours"));
    };
    let order = orders::load(&state.db, &order_id).await?;
    let Some(payment_key) = order.payment_key.clone() else {
        return Ok(format!("ignored {KIND}: the order has no payment"));
    };
    let payment = state
        .toss
        .payment(&payment_key)
        .await
        .map_err(AppError::Upstream)?;
    let after = apply_toss_truth(&state.db, &order, &payment, &format!("webhook:{KIND}")).await?;
    Ok(format!("applied {KIND}: {}", after.status))
}

async fn deposit_callback(state: &AppState, body: &Value) -> Result<String, AppError> {
    let (Some(order_id), Some(secret)) = (
        body.get("orderId").and_then(Value::as_str),
        body.get("secret").and_then(Value::as_str),
    ) else {
        return Ok("ignored: neither an event nor a DEPOSIT_CALLBACK".to_owned());
    };
    // Parsed before it reaches storage: no order has an id that is not an OrderId (and
    // PostgreSQL refuses text with a NUL, which would otherwise retry forever).
    let Ok(order_id) = OrderId::parse(order_id) else {
        return Ok("ignored DEPOSIT_CALLBACK: malformed orderId".to_owned());
    };
    let order_id = order_id.as_str();
    let Some(order) = state.db.order(order_id).await? else {
        return Ok(format!("ignored DEPOSIT_CALLBACK: no order {order_id}"));
    };
    // Toss sends a callback when it issues the account, often before the confirm's answer
    // (which carries the secret) is stored: the confirm in flight, or the reconciler after it,
    // applies the same state, so this one is not needed.
    let Some(stored) = order.deposit_secret.as_deref() else {
        return Ok(format!(
            "ignored DEPOSIT_CALLBACK: order {order_id} has no virtual account secret yet"
        ));
    };
    let matches = crate::access::constant_time_eq(stored.as_bytes(), secret.as_bytes());
    if !matches {
        tracing::warn!(order_id, "DEPOSIT_CALLBACK with a wrong secret rejected");
        return Ok("rejected DEPOSIT_CALLBACK: secret mismatch".to_owned());
    }
    let Some(payment_key) = order.payment_key.clone() else {
        return Ok("ignored DEPOSIT_CALLBACK: the order has no payment".to_owned());
    };
    let payment = state
        .toss
        .payment(&payment_key)
        .await
        .map_err(AppError::Upstream)?;
    let after = apply_toss_truth(&state.db, &order, &payment, "webhook:DEPOSIT_CALLBACK").await?;
    Ok(format!("applied DEPOSIT_CALLBACK: {}", after.status))
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
