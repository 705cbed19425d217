//! The reconciler: brings orders left in between (a timeout, a lost answer, a crash between
//! the call to Toss and the database write) to Toss's true state. It asks Toss first and
//! re-issues a confirm or charge only when Toss still has the payment in progress — with the
//! same `Idempotency-Key`, so nothing is ever charged twice.

use std::time::Duration;

use leptos_tosspayments::domain::server_api::OrderStatus;

use crate::db::{Changes, OrderRow, now_ms};
use crate::error::AppError;
use crate::orders::{apply_toss_truth, status_for};
use crate::state::AppState;
use crate::toss::TossCode;
use crate::{billing, confirm};

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// In-between orders looked at.
    pub examined: usize,
    /// Orders that left `confirming` or `waiting_for_deposit`.
    pub settled: usize,
}

/// One pass over orders older than the grace period.
pub async fn reconcile_once(state: &AppState) -> Result<Report, AppError> {
    let before = now_ms() - state.settings.reconcile_grace.as_millis() as i64;
    let mut report = Report::default();
    for order in state.db.stale(OrderStatus::Confirming, before, 100).await? {
        if !state
            .db
            .lease_confirm(&order.order_id, order.confirm_started_at, now_ms())
            .await?
        {
            continue; // another instance has it
        }
        report.examined += 1;
        match settle_confirming(state, &order).await {
            Ok(after) if after.status != order.status => report.settled += 1,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(order_id = %order.order_id, error = %e, "reconcile: will try again")
            }
        }
    }
    for order in state
        .db
        .stale(OrderStatus::WaitingForDeposit, before, 100)
        .await?
    {
        report.examined += 1;
        let Some(key) = order.payment_key.as_deref() else {
            continue;
        };
        if let Ok(payment) = state.toss.payment(key).await
            && let Ok(after) = apply_toss_truth(&state.db, &order, &payment, "reconcile").await
            && after.status != order.status
        {
            report.settled += 1;
        }
    }
    Ok(report)
}

async fn settle_confirming(state: &AppState, order: &OrderRow) -> Result<OrderRow, AppError> {
    if order.kind == "billing" && order.payment_key.is_none() {
        return match state.db.billing_key(&order.customer_key).await? {
            Some(billing) => billing::run_charge(state, order, &billing.billing_key).await,
            None => fail(state, order, "NO_BILLING_KEY").await,
        };
    }
    let Some(key) = order.payment_key.as_deref() else {
        return fail(state, order, "NO_PAYMENT").await;
    };
    match state.toss.payment(key).await {
        // A paymentKey of another order: `confirm::run` finds that out and fails the claim.
        Ok(payment) if payment.order_id != order.order_id => confirm::run(state, order).await,
        Ok(payment) if status_for(&payment).is_some() => {
            apply_toss_truth(&state.db, order, &payment, "reconcile").await
        }
        // Toss never got (or never finished) the confirm: send it again, same key.
        Ok(_) => confirm::run(state, order).await,
        Err(e) if e.toss_code() == Some(TossCode::NotFoundPayment) => {
            fail(state, order, "NOT_FOUND_PAYMENT").await
        }
        Err(e) => Err(AppError::Upstream(e)),
    }
}

async fn fail(state: &AppState, order: &OrderRow, code: &str) -> Result<OrderRow, AppError> {
    let changes = Changes {
        failure_code: Some(code.to_owned()),
        ..Changes::default()
    };
    Ok(state
        .db
        .transition(
            &order.order_id,
            &[OrderStatus::Confirming],
            OrderStatus::Failed,
            changes,
            "reconcile",
            Some(code),
        )
        .await?
        .unwrap_or_else(|| order.clone()))
}

/// Runs [`reconcile_once`] every `every`.
pub fn spawn(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match reconcile_once(&state).await {
                Ok(r) if r.examined > 0 => {
                    tracing::info!(examined = r.examined, settled = r.settled, "reconciled")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reconcile pass failed"),
            }
            tokio::time::sleep(every).await;
        }
    })
}
