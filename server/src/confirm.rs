//! Confirming a payment exactly once.
//!
//! 1. The successUrl values are checked against the stored order: a different amount is a
//!    400 and Toss is never called.
//! 2. The order moves `created`/`failed` → `confirming` in the database, guarded by its
//!    status (and, for the usual first attempt, by its amount, in the same statement); only
//!    the request (or server instance) that moved it calls Toss. Duplicates wait for it and
//!    answer the same.
//! 3. Toss is called with an `Idempotency-Key` derived from the order id and payment key, so
//!    a retry (here, after a crash, or from another instance) can never confirm twice.
//! 4. Any failure is checked with the query API before the order is called failed; an
//!    outcome still unknown leaves the order `confirming` for the reconciler.
//! 5. A paymentKey that Toss does not know, or that is another order's (a tampered successUrl),
//!    changes nothing: the claim is released, the order is as it was, and the caller gets a 400.

use leptos_tosspayments::domain::error_code::ErrorCode;
use std::time::{Duration, Instant};

use leptos_tosspayments::domain::server_api::{ConfirmPaymentRequest, OrderStatus, OrderView};

use crate::db::{Changes, OrderRow, now_ms};
use crate::error::AppError;
use crate::orders::{self, apply_toss_truth, status_for};
use crate::state::AppState;
use crate::toss::{TossCode, TossError};

/// The `Idempotency-Key` of a payment's confirm: one per (order, payment), the same on every
/// retry. The order id is part of it so that a tampered request (someone's paymentKey sent
/// with another orderId) cannot make Toss remember a refusal under the key the real confirm
/// will use.
pub fn idempotency_key(order_id: &str, payment_key: &str) -> String {
    format!("confirm-{order_id}-{payment_key}")
}

/// `POST /api/payments/confirm`.
pub async fn confirm(state: &AppState, req: &ConfirmPaymentRequest) -> Result<OrderView, AppError> {
    let payment_key = req.payment_key.as_str();
    let amount = req.amount.value() as i64;
    // The usual case, in one statement: an order waiting for its first payment, with this
    // amount. (A `created` order has no paymentKey: a released claim clears it.)
    if let Some(mine) = state
        .db
        .transition_if_amount(
            req.order_id.as_str(),
            &[OrderStatus::Created],
            amount,
            OrderStatus::Confirming,
            claim(payment_key),
            "confirm",
        )
        .await?
    {
        return claimed(state, &mine, OrderStatus::Created, None).await;
    }
    // Everything else: look at the order and decide.
    let mut order = orders::load(&state.db, req.order_id.as_str()).await?;
    if amount != order.amount {
        tracing::warn!(order_id = %order.order_id, "confirm refused: the amount differs from the order");
        return Err(AppError::bad(
            ErrorCode::AmountMismatch,
            "the paid amount differs from the order's amount; the payment was not confirmed",
        ));
    }
    for _ in 0..3 {
        let status = order.status()?;
        match status {
            OrderStatus::Paid
            | OrderStatus::WaitingForDeposit
            | OrderStatus::PartiallyCancelled
            | OrderStatus::Cancelled => {
                return if order.payment_key.as_deref() == Some(payment_key) {
                    orders::view(&order)
                } else {
                    Err(AppError::conflict(
                        ErrorCode::AlreadyPaid,
                        "this order is already paid with another payment",
                    ))
                };
            }
            OrderStatus::Expired => {
                return Err(AppError::conflict(
                    ErrorCode::OrderExpired,
                    "this order has expired",
                ));
            }
            OrderStatus::Confirming => {
                if order.payment_key.as_deref() != Some(payment_key) {
                    return Err(AppError::conflict(
                        ErrorCode::ConfirmInProgress,
                        "another payment of this order is being confirmed",
                    ));
                }
                return follow(state, &order.order_id).await;
            }
            OrderStatus::Created | OrderStatus::Failed => {
                let claimed_row = state
                    .db
                    .transition(
                        &order.order_id,
                        &[status],
                        OrderStatus::Confirming,
                        claim(payment_key),
                        "confirm",
                        None,
                    )
                    .await?;
                match claimed_row {
                    Some(mine) => {
                        return claimed(state, &mine, status, order.payment_key.as_deref()).await;
                    }
                    None => order = orders::load(&state.db, &order.order_id).await?,
                }
            }
        }
    }
    Err(AppError::Pending)
}

/// What a claim sets besides the status.
fn claim(payment_key: &str) -> Changes {
    Changes {
        payment_key: Some(payment_key.to_owned()),
        confirm_started_at: Some(now_ms()),
        ..Changes::default()
    }
}

/// Confirms an order this request has claimed; `before` and `before_key` are its status and
/// paymentKey before the claim, restored if the paymentKey turns out not to be its payment.
async fn claimed(
    state: &AppState,
    mine: &OrderRow,
    before: OrderStatus,
    before_key: Option<&str>,
) -> Result<OrderView, AppError> {
    match settle(state, mine).await? {
        Settled::Row(settled) => outcome(&settled),
        Settled::NotThisOrder(why) => {
            release(state, &mine.order_id, before, before_key).await?;
            Err(AppError::bad(ErrorCode::PaymentNotForOrder, why))
        }
    }
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
            ErrorCode::OrderExpired,
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

/// How a claimed confirm ended.
enum Settled {
    /// As far as Toss's answers allow (possibly still `confirming`).
    Row(Box<OrderRow>),
    /// Toss does not know the paymentKey, or it is another order's payment: nothing happened.
    NotThisOrder(String),
}

/// Puts an order whose claim turned out to be for a foreign paymentKey back as it was before
/// the claim: status `before`, paymentKey `before_key`.
async fn release(
    state: &AppState,
    order_id: &str,
    before: OrderStatus,
    before_key: Option<&str>,
) -> Result<(), AppError> {
    let changes = Changes {
        payment_key: before_key.map(str::to_owned),
        clear_payment_key: before_key.is_none(),
        ..Changes::default()
    };
    state
        .db
        .transition(
            order_id,
            &[OrderStatus::Confirming],
            before,
            changes,
            "confirm:released",
            Some("the paymentKey is not a payment of this order"),
        )
        .await?;
    Ok(())
}

/// Calls Toss for an order this process has claimed (`confirming`) and settles it as far as
/// Toss's answers allow. Used by the reconciler, which fails an order whose paymentKey turns
/// out not to be its own (a tampered request that was claimed when the server stopped).
pub async fn run(state: &AppState, order: &OrderRow) -> Result<OrderRow, AppError> {
    match settle(state, order).await? {
        Settled::Row(row) => Ok(*row),
        Settled::NotThisOrder(why) => {
            let error = TossError::Api {
                status: 404,
                code: "NOT_FOUND_PAYMENT".to_owned(),
                message: why,
            };
            fail(state, order, &error).await
        }
    }
}

async fn settle(state: &AppState, order: &OrderRow) -> Result<Settled, AppError> {
    let Some(payment_key) = order.payment_key.clone() else {
        return Ok(Settled::Row(Box::new(order.clone())));
    };
    let key = idempotency_key(&order.order_id, &payment_key);
    let mut attempt = 0;
    loop {
        let error = match state
            .toss
            .confirm(&payment_key, &order.order_id, order.amount, &key)
            .await
        {
            // An earlier confirm of this paymentKey for another order, replayed by Toss
            // for the same Idempotency-Key: not this order's payment.
            Ok(payment) if payment.order_id != order.order_id => {
                tracing::warn!(order_id = %order.order_id, "confirm refused: the paymentKey is another order's payment");
                return Ok(Settled::NotThisOrder(
                    "this paymentKey is a payment of another order; nothing was changed".to_owned(),
                ));
            }
            Ok(payment) => {
                return apply_toss_truth(&state.db, order, &payment, "confirm")
                    .await
                    .map(|row| Settled::Row(Box::new(row)));
            }
            Err(e) => e,
        };
        tracing::warn!(order_id = %order.order_id, error = %error, "confirm did not succeed; asking Toss for the payment");
        // Never conclude from the confirm's error alone: look the payment up first.
        match state.toss.payment(&payment_key).await {
            Ok(payment) if payment.order_id != order.order_id => {
                tracing::warn!(order_id = %order.order_id, "confirm refused: the paymentKey is another order's payment");
                return Ok(Settled::NotThisOrder(
                    "this paymentKey is a payment of another order; nothing was changed".to_owned(),
                ));
            }
            Ok(payment) if status_for(&payment).is_some() => {
                return apply_toss_truth(&state.db, order, &payment, "confirm:checked")
                    .await
                    .map(|row| Settled::Row(Box::new(row)));
            }
            Ok(_) => {
                // Toss still has it in progress.
                if error.is_in_doubt() && attempt < state.settings.confirm_retries {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
                    continue;
                }
                if error.is_in_doubt() {
                    return Ok(Settled::Row(Box::new(order.clone())));
                }
                return fail(state, order, &error)
                    .await
                    .map(|row| Settled::Row(Box::new(row)));
            }
            Err(e @ TossError::Api { .. })
                if e.toss_code() == Some(TossCode::NotFoundPayment) && !error.is_in_doubt() =>
            {
                tracing::warn!(order_id = %order.order_id, "confirm refused: Toss does not know the paymentKey");
                return Ok(Settled::NotThisOrder(
                    "Toss has no payment with this paymentKey; nothing was changed".to_owned(),
                ));
            }
            Err(lookup) => {
                tracing::warn!(order_id = %order.order_id, error = %lookup, "payment lookup failed; the reconciler will settle the order");
                return Ok(Settled::Row(Box::new(order.clone())));
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
