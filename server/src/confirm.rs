//! Confirming a payment exactly once.
//!
//! 1. The successUrl values are checked against the stored order: a different amount is a
//!    400 and Toss is never called.
//! 2. The order moves `created`/`failed` → `confirming` in the database, guarded by its
//!    status; only the request (or server instance) that moved it calls Toss. Duplicates wait
//!    for it and answer the same.
//! 3. Toss is called with an `Idempotency-Key` derived from the payment key, so a retry (here,
//!    after a crash, or from another instance) can never confirm twice.
//! 4. Any failure is checked with the query API before the order is called failed; an
//!    outcome still unknown leaves the order `confirming` for the reconciler.

use std::time::{Duration, Instant};

use leptos_tosspayments::domain::server_api::{ConfirmPaymentRequest, OrderStatus, OrderView};

use crate::db::{Changes, OrderRow, now_ms};
use crate::error::AppError;
use crate::orders::{self, apply_toss_truth, status_for};
use crate::state::AppState;
use crate::toss::TossError;

/// The `Idempotency-Key` of a payment's confirm: one per payment, the same on every retry.
pub fn idempotency_key(payment_key: &str) -> String {
    format!("confirm-{payment_key}")
}

/// `POST /api/payments/confirm`.
pub async fn confirm(state: &AppState, req: &ConfirmPaymentRequest) -> Result<OrderView, AppError> {
    let mut order = orders::load(&state.db, req.order_id.as_str()).await?;
    if req.amount.value() as i64 != order.amount {
        tracing::warn!(order_id = %order.order_id, "confirm refused: the amount differs from the order");
        return Err(AppError::bad(
            "AMOUNT_MISMATCH",
            "the paid amount differs from the order's amount; the payment was not confirmed",
        ));
    }
    let payment_key = req.payment_key.as_str();
    for _ in 0..3 {
        match order.status()? {
            OrderStatus::Paid
            | OrderStatus::WaitingForDeposit
            | OrderStatus::PartiallyCancelled
            | OrderStatus::Cancelled => {
                return if order.payment_key.as_deref() == Some(payment_key) {
                    orders::view(&order)
                } else {
                    Err(AppError::conflict(
                        "ALREADY_PAID",
                        "this order is already paid with another payment",
                    ))
                };
            }
            OrderStatus::Expired => {
                return Err(AppError::conflict(
                    "ORDER_EXPIRED",
                    "this order has expired",
                ));
            }
            OrderStatus::Confirming => {
                if order.payment_key.as_deref() != Some(payment_key) {
                    return Err(AppError::conflict(
                        "CONFIRM_IN_PROGRESS",
                        "another payment of this order is being confirmed",
                    ));
                }
                return follow(state, &order.order_id).await;
            }
            OrderStatus::Created | OrderStatus::Failed => {
                let claim = Changes {
                    payment_key: Some(payment_key.to_owned()),
                    confirm_started_at: Some(now_ms()),
                    ..Changes::default()
                };
                let claimed = state
                    .db
                    .transition(
                        &order.order_id,
                        &[OrderStatus::Created, OrderStatus::Failed],
                        OrderStatus::Confirming,
                        claim,
                        "confirm",
                        None,
                    )
                    .await?;
                match claimed {
                    Some(mine) => {
                        let settled = run(state, &mine).await?;
                        return outcome(&settled);
                    }
                    None => order = orders::load(&state.db, &order.order_id).await?,
                }
            }
        }
    }
    Err(AppError::Pending)
}

/// What a settled (or unsettled) order means for the caller.
fn outcome(order: &OrderRow) -> Result<OrderView, AppError> {
    match order.status()? {
        OrderStatus::Failed => Err(AppError::PaymentFailed {
            code: order
                .failure_code
                .clone()
                .unwrap_or_else(|| "PAYMENT_FAILED".to_owned()),
            message: "Toss did not approve the payment".to_owned(),
        }),
        OrderStatus::Expired => Err(AppError::conflict(
            "ORDER_EXPIRED",
            "the payment window expired",
        )),
        OrderStatus::Confirming => Err(AppError::Pending),
        _ => orders::view(order),
    }
}

/// A duplicate request: waits for the one that is confirming, then answers the same.
async fn follow(state: &AppState, order_id: &str) -> Result<OrderView, AppError> {
    let started = Instant::now();
    loop {
        let order = orders::load(&state.db, order_id).await?;
        if order.status()? != OrderStatus::Confirming
            || started.elapsed() >= state.settings.follower_wait
        {
            return outcome(&order);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Calls Toss for an order this process has claimed (`confirming`) and settles it as far as
/// Toss's answers allow. Also used by the reconciler.
pub async fn run(state: &AppState, order: &OrderRow) -> Result<OrderRow, AppError> {
    let Some(payment_key) = order.payment_key.clone() else {
        return Ok(order.clone());
    };
    let key = idempotency_key(&payment_key);
    let mut attempt = 0;
    loop {
        let error = match state
            .toss
            .confirm(&payment_key, &order.order_id, order.amount, &key)
            .await
        {
            Ok(payment) => return apply_toss_truth(&state.db, order, &payment, "confirm").await,
            Err(e) => e,
        };
        tracing::warn!(order_id = %order.order_id, error = %error, "confirm did not succeed; asking Toss for the payment");
        // Never conclude from the confirm's error alone: look the payment up first.
        match state.toss.payment(&payment_key).await {
            Ok(payment) if status_for(&payment).is_some() => {
                return apply_toss_truth(&state.db, order, &payment, "confirm:checked").await;
            }
            Ok(_) => {
                // Toss still has it in progress.
                if error.is_in_doubt() && attempt < state.settings.confirm_retries {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
                    continue;
                }
                if error.is_in_doubt() {
                    return Ok(order.clone());
                }
                return fail(state, order, &error).await;
            }
            Err(TossError::Api { code, .. })
                if code == "NOT_FOUND_PAYMENT" && !error.is_in_doubt() =>
            {
                return fail(state, order, &error).await;
            }
            Err(lookup) => {
                tracing::warn!(order_id = %order.order_id, error = %lookup, "payment lookup failed; the reconciler will settle the order");
                return Ok(order.clone());
            }
        }
    }
}

async fn fail(state: &AppState, order: &OrderRow, error: &TossError) -> Result<OrderRow, AppError> {
    let code = error.code().unwrap_or("PAYMENT_FAILED").to_owned();
    let changes = Changes {
        failure_code: Some(code.clone()),
        ..Changes::default()
    };
    let detail = error.to_string();
    match state
        .db
        .transition(
            &order.order_id,
            &[OrderStatus::Confirming],
            OrderStatus::Failed,
            changes,
            "confirm",
            Some(&detail),
        )
        .await?
    {
        Some(row) => Ok(row),
        None => orders::load(&state.db, &order.order_id).await,
    }
}
