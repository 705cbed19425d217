//! The reconciler: brings orders left in between (a timeout, a lost answer, a crash between
//! the call to the provider and the database write) to the provider's true state, for every
//! provider. It asks the provider first and re-issues a confirm or charge only when the
//! provider still has the payment in progress — with the same `Idempotency-Key`, so nothing is
//! ever charged twice.

use std::time::Duration;

use leptos_tosspayments::domain::server_api::OrderStatus;

use crate::db::{Changes, OrderKind, OrderRow, now_ms};
use crate::error::AppError;
use crate::orders::apply_truth;
use crate::state::AppState;
use crate::{billing, confirm};

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// In-between orders looked at.
    pub examined: usize,
    /// Orders that left `confirming` or `waiting_for_deposit`, or that a re-check changed.
    pub settled: usize,
    /// Paid and partially cancelled orders re-checked with the provider.
    pub rechecked: usize,
    /// Unpaid orders expired by retention.
    pub expired: usize,
    /// Unpaid orders found paid at a provider that approves by itself (PortOne), verified
    /// instead of expiring.
    pub found_paid: usize,
    /// Processed webhooks purged by retention.
    pub purged: u64,
}

/// One pass over orders older than the grace period.
pub async fn reconcile_once(state: &AppState) -> Result<Report, AppError> {
    let before = now_ms() - state.settings.reconcile_grace.as_millis() as i64;
    let mut report = Report::default();
    for order in state
        .db
        .stale(
            OrderStatus::Confirming,
            before,
            state.settings.reconcile_batch,
        )
        .await?
    {
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
    // Waiting virtual accounts, and settled orders within the re-check window (a cancel made
    // in the provider's dashboard while our webhooks were lost), due first, each backing off
    // while the provider has no news about it.
    let now = now_ms();
    let paid_after = now - state.settings.recheck_paid_for.as_millis() as i64;
    for (status, changed_after) in [
        (OrderStatus::WaitingForDeposit, 0),
        (OrderStatus::Paid, paid_after),
        (OrderStatus::PartiallyCancelled, paid_after),
    ] {
        let due = state
            .db
            .due(
                status,
                now,
                before,
                changed_after,
                state.settings.reconcile_batch,
            )
            .await?;
        for order in due {
            if status == OrderStatus::WaitingForDeposit {
                report.examined += 1;
            } else {
                report.rechecked += 1;
            }
            if recheck(state, &order).await {
                report.settled += 1;
            } else {
                state
                    .db
                    .check_later(
                        &order,
                        state.settings.reconcile_every,
                        state.settings.recheck_max,
                    )
                    .await?;
            }
        }
    }
    retention(state, &mut report).await?;
    Ok(report)
}

/// Retention: orders never paid within `unpaid_ttl` expire (a confirm then answers
/// ORDER_EXPIRED; an authorisation older than Toss's 10-minute confirm window could not be
/// confirmed anyway), and processed webhooks older than `inbox_retention` are deleted.
async fn retention(state: &AppState, report: &mut Report) -> Result<(), AppError> {
    let now = now_ms();
    let unpaid_before = now - state.settings.unpaid_ttl.as_millis() as i64;
    for status in [OrderStatus::Created, OrderStatus::Failed] {
        let old = state
            .db
            .stale(status, unpaid_before, state.settings.reconcile_batch)
            .await?;
        for order in old {
            match paid_on_its_own(state, &order).await {
                Found::Paid => {
                    report.found_paid += 1;
                    continue;
                }
                // Not known: kept for the next pass rather than expired.
                Found::InDoubt => continue,
                Found::Nothing => {}
            }
            let expired = state
                .db
                .transition(
                    &order.order_id,
                    &[status],
                    OrderStatus::Expired,
                    Changes::default(),
                    "retention",
                    Some("never paid within the retention time"),
                )
                .await?;
            report.expired += usize::from(expired.is_some());
        }
    }
    let purge_before = now - state.settings.inbox_retention.as_millis() as i64;
    report.purged = state.db.inbox_purge(purge_before).await?;
    Ok(())
}

/// What the providers that approve by themselves hold for an unpaid order.
enum Found {
    /// A payment, now verified (or refused as not this order's) through the ledger.
    Paid,
    /// Nothing.
    Nothing,
    /// A provider could not be asked.
    InDoubt,
}

/// Whether a provider that approves payments by itself (PortOne) made one for this unpaid
/// order, whose buyer never came back and whose webhook never arrived: then it is verified
/// through the ledger's claim instead of expiring with the money taken.
async fn paid_on_its_own(state: &AppState, order: &OrderRow) -> Found {
    for provider in state.providers.approving_on_their_own() {
        match provider.find_for_order(&order.order_id).await {
            Ok(Some(found)) if found.settled.is_some_and(|s| s != OrderStatus::Failed) => {
                return match crate::confirm::confirm_payment(
                    state,
                    provider,
                    &order.order_id,
                    &found.payment_id,
                    order.amount,
                )
                .await
                {
                    Ok(view) => {
                        tracing::warn!(order_id = %order.order_id, provider = %provider.id(), status = view.status.as_str(), "reconcile: an unpaid order was paid at the provider");
                        Found::Paid
                    }
                    Err(e) if e.code().is_retryable() => Found::InDoubt,
                    Err(e) => {
                        tracing::error!(order_id = %order.order_id, error = %e, "reconcile: a payment found at the provider is not this order's (the merchant must refund it)");
                        Found::Nothing
                    }
                };
            }
            Ok(_) => {}
            Err(e) => {
                state.metrics.provider_error(&e);
                // In doubt: keep the order for the next pass rather than expire it.
                tracing::warn!(order_id = %order.order_id, error = %e, "reconcile: could not ask the provider; checking again later");
                return Found::InDoubt;
            }
        }
    }
    Found::Nothing
}

/// Asks the provider about a waiting or settled order and applies its answer. Whether the
/// order changed.
async fn recheck(state: &AppState, order: &OrderRow) -> bool {
    let (Some(provider), Some(payment)) = (&order.provider, &order.payment_id) else {
        return false;
    };
    let Ok(provider) = state.provider(provider) else {
        tracing::warn!(order_id = %order.order_id, provider = %provider, "reconcile: no such provider configured");
        return false;
    };
    match provider.lookup(payment).await {
        Ok(found) => match apply_truth(&state.db, order, &found, "reconcile").await {
            Ok(after) => after.status != order.status || after.balance != order.balance,
            Err(e) => {
                tracing::warn!(order_id = %order.order_id, error = %e, "reconcile: could not apply");
                false
            }
        },
        Err(e) => {
            state.metrics.provider_error(&e);
            tracing::warn!(order_id = %order.order_id, error = %e, "reconcile: lookup failed; checking again later");
            false
        }
    }
}

async fn settle_confirming(state: &AppState, order: &OrderRow) -> Result<OrderRow, AppError> {
    // A billing charge whose answer was lost has no payment yet: charge again (same key).
    if order.kind == OrderKind::Billing && order.payment_id.is_none() {
        return match state.db.billing_key(&order.customer_key).await? {
            Some(billing) => billing::run_charge(state, order, &billing.billing_key).await,
            None => fail(state, order, "NO_BILLING_KEY").await,
        };
    }
    let (Some(provider), Some(payment)) = (&order.provider, &order.payment_id) else {
        return fail(state, order, "NO_PAYMENT").await;
    };
    let provider = state.provider(provider)?;
    match provider.lookup(payment).await {
        // A payment of another order: `confirm::run` finds that out and fails the claim.
        Ok(found) if found.order_id != order.order_id.as_str() => {
            confirm::run(state, provider, order).await
        }
        Ok(found) if found.settled.is_some() => {
            apply_truth(&state.db, order, &found, "reconcile").await
        }
        // The provider never got (or never finished) the confirm: send it again, same key.
        Ok(_) => confirm::run(state, provider, order).await,
        Err(e) if e.is_not_found() => fail(state, order, "NOT_FOUND_PAYMENT").await,
        // Bounded: a claim whose payment cannot be looked up for longer than the provider's
        // confirm window could be a stranger's junk payment id, which would otherwise block
        // the buyer's confirm (409) for good. Failing it lets the buyer pay again; should the
        // payment turn out approved after all, its webhook or a refresh reports the
        // difference as a mismatch (never silently).
        Err(e) if now_ms() - order.updated_at > state.settings.claim_timeout.as_millis() as i64 => {
            tracing::error!(order_id = %order.order_id, error = %e, "reconcile: the payment could not be looked up within the claim timeout; failing the claim");
            fail(state, order, "LOOKUP_EXHAUSTED").await
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
            state.health.beat(crate::health::Worker::Reconciler);
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
