//! Confirming a payment exactly once.
//!
//! 1. The successUrl values are checked against the stored order: a different amount is a
//!    400 and Toss is never called.
//! 2. The order moves `created`/`failed` → `confirming` in the database, guarded by its
//!    status (and, for the usual first attempt, by its amount, in the same statement); only
//!    the request (or server instance) that moved it calls Toss. Duplicates wait for it and
//!    answer the same.
//! 3. The provider is called with an `Idempotency-Key` derived from the order id and payment
//!    id, so a retry (here, after a crash, or from another instance) can never confirm twice.
//! 4. Any failure is checked with the provider's query API before the order is called failed;
//!    an outcome still unknown leaves the order `confirming` for the reconciler.
//! 5. A payment id that the provider does not know, or that is another order's (a tampered
//!    successUrl), changes nothing: the claim is released, the order is as it was, and the
//!    caller gets a 400.
//!
//! Nothing here is Toss's: [`confirm_payment`] takes any [`PaymentProvider`]. The route
//! `POST /api/payments/confirm` ([`confirm`]) is Toss's Core API.

use std::sync::Arc;
use std::time::{Duration, Instant};

use leptos_tosspayments::OrderId;
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::{ConfirmPaymentRequest, OrderStatus, OrderView};

use crate::db::{Changes, OrderRow, now_ms};
use crate::error::AppError;
use crate::orders::{self, apply_truth};
use crate::provider::brandpay::TossBrandpay;
use crate::provider::{Approval, PaymentId, PaymentProvider, ProviderId};
use crate::state::AppState;
use leptos_tosspayments::domain::redirect::PaymentType;

/// The `Idempotency-Key` of a payment's confirm: one per (order, payment), the same on every
/// retry. The order id is part of it so that a tampered request (someone's paymentKey sent
/// with another orderId) cannot make the provider remember a refusal under the key the real
/// confirm will use.
pub fn idempotency_key(order_id: &OrderId, payment: &PaymentId) -> String {
    format!("confirm-{order_id}-{payment}")
}

/// `POST /api/payments/confirm`: a payment of Toss's Core API (the widget, the payment window)
/// or, with `paymentType: BRANDPAY`, of Toss BrandPay (`brandpay()`, the widget's BrandPay).
pub async fn confirm(state: &AppState, req: &ConfirmPaymentRequest) -> Result<OrderView, AppError> {
    let payment = PaymentId::parse(req.payment_key.as_str())
        .map_err(|e| AppError::bad(ErrorCode::PaymentNotForOrder, e.to_string()))?;
    let provider = match req.payment_type {
        Some(PaymentType::Brandpay) => TossBrandpay::id(),
        Some(PaymentType::Normal) | None => ProviderId::toss(),
    };
    let toss = state.provider(&provider)?;
    let started = Instant::now();
    let answer = confirm_payment(
        state,
        toss,
        &req.order_id,
        &payment,
        req.amount.value() as i64,
    )
    .await;
    state.metrics.confirm_took(started.elapsed().as_secs_f64());
    answer
}

/// Confirms `payment` of `provider` for the order `order_id`, whose amount the buyer's
/// redirect says is `amount` (compared with the stored one, never trusted), exactly once.
pub async fn confirm_payment(
    state: &AppState,
    provider: &Arc<dyn PaymentProvider>,
    order_id: &OrderId,
    payment: &PaymentId,
    amount: i64,
) -> Result<OrderView, AppError> {
    let provider_id = provider.id();
    // The usual case, in one statement: an order waiting for its first payment, with this
    // amount. (A `created` order has no payment: a released claim clears it.)
    if let Some(mine) = state
        .db
        .transition_if_amount(
            order_id,
            &[OrderStatus::Created],
            amount,
            OrderStatus::Confirming,
            claim(&provider_id, payment),
            "confirm",
        )
        .await?
    {
        return claimed(state, provider, &mine, OrderStatus::Created, None).await;
    }
    // Everything else: look at the order and decide.
    let mut order = orders::load(&state.db, order_id).await?;
    if amount != order.amount {
        tracing::warn!(order_id = %order.order_id, "confirm refused: the amount differs from the order");
        return Err(AppError::bad(
            ErrorCode::AmountMismatch,
            "the paid amount differs from the order's amount; the payment was not confirmed",
        ));
    }
    let is_this_payment = |order: &OrderRow| {
        order.payment_id.as_ref() == Some(payment) && order.provider.as_ref() == Some(&provider_id)
    };
    for _ in 0..3 {
        let status = order.status;
        match status {
            OrderStatus::Paid
            | OrderStatus::WaitingForDeposit
            | OrderStatus::PartiallyCancelled
            | OrderStatus::Cancelled => {
                return if is_this_payment(&order) {
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
                if !is_this_payment(&order) {
                    return Err(AppError::conflict(
                        ErrorCode::ConfirmInProgress,
                        "another payment of this order is being confirmed",
                    ));
                }
                return follow(state, &order.order_id).await;
            }
            OrderStatus::Created | OrderStatus::Failed => {
                let before = order.provider.clone().zip(order.payment_id.clone());
                let claimed_row = state
                    .db
                    .transition(
                        &order.order_id,
                        &[status],
                        OrderStatus::Confirming,
                        claim(&provider_id, payment),
                        "confirm",
                        None,
                    )
                    .await?;
                match claimed_row {
                    Some(mine) => {
                        return claimed(state, provider, &mine, status, before).await;
                    }
                    None => order = orders::load(&state.db, &order.order_id).await?,
                }
            }
        }
    }
    Err(AppError::Pending)
}

/// Confirms `payment` for the stored order `order_id` through `provider_id`, with the stored
/// amount (Toss Pay's execute, Apps-in-Toss', PortOne's verification), and answers the order
/// as `caller` may see it.
pub async fn confirm_stored(
    state: &AppState,
    caller: &crate::identity::Caller,
    provider_id: &ProviderId,
    order_id: &OrderId,
    payment: &PaymentId,
) -> Result<OrderView, AppError> {
    let provider = state.provider(provider_id)?.clone();
    let order = orders::load(&state.db, order_id).await?;
    let mut view =
        confirm_payment(state, &provider, &order.order_id, payment, order.amount).await?;
    view.customer_key = caller.own(view.customer_key);
    Ok(view)
}

/// What a claim sets besides the status.
fn claim(provider: &ProviderId, payment: &PaymentId) -> Changes {
    Changes {
        payment: Some((provider.clone(), payment.clone())),
        confirm_started_at: Some(now_ms()),
        ..Changes::default()
    }
}

/// Confirms an order this request has claimed; `before` and `before_payment` are its status
/// and payment before the claim, restored if the payment turns out not to be its own.
async fn claimed(
    state: &AppState,
    provider: &Arc<dyn PaymentProvider>,
    mine: &OrderRow,
    before: OrderStatus,
    before_payment: Option<(ProviderId, PaymentId)>,
) -> Result<OrderView, AppError> {
    match settle(state, provider, mine).await? {
        Settled::Row(settled) => outcome(&settled),
        Settled::NotThisOrder(why) => {
            release(state, &mine.order_id, before, before_payment).await?;
            Err(AppError::bad(ErrorCode::PaymentNotForOrder, why))
        }
        Settled::AmountDiffers(why) => {
            release(state, &mine.order_id, before, before_payment).await?;
            Err(AppError::conflict(ErrorCode::AmountMismatch, why))
        }
    }
}

/// What a settled (or unsettled) order means for the caller.
fn outcome(order: &OrderRow) -> Result<OrderView, AppError> {
    match order.status {
        OrderStatus::Failed => Err(AppError::PaymentFailed {
            code: order
                .failure_code
                .clone()
                .unwrap_or_else(|| "PAYMENT_FAILED".to_owned()),
            message: "the payment was not approved".to_owned(),
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
async fn follow(state: &AppState, order_id: &OrderId) -> Result<OrderView, AppError> {
    let started = Instant::now();
    loop {
        let order = orders::load(&state.db, order_id).await?;
        if order.status != OrderStatus::Confirming
            || started.elapsed() >= state.settings.follower_wait
        {
            return outcome(&order);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// How a claimed confirm ended.
enum Settled {
    /// As far as the provider's answers allow (possibly still `confirming`).
    Row(Box<OrderRow>),
    /// The provider does not know the payment, or it is another order's: nothing happened.
    NotThisOrder(String),
    /// A payment the provider approved by itself (PortOne's window) for another amount than
    /// the order's (an amount changed in the browser): never this order's payment.
    AmountDiffers(String),
}

/// Puts an order whose claim turned out to be for a foreign payment back as it was before the
/// claim: status `before`, payment `before_payment`.
async fn release(
    state: &AppState,
    order_id: &OrderId,
    before: OrderStatus,
    before_payment: Option<(ProviderId, PaymentId)>,
) -> Result<(), AppError> {
    let changes = Changes {
        clear_payment: before_payment.is_none(),
        payment: before_payment,
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
            Some("the payment is not a payment of this order (another order's, or another amount)"),
        )
        .await?;
    Ok(())
}

/// Calls the provider for an order this process has claimed (`confirming`) and settles it as
/// far as the provider's answers allow. Used by the reconciler, which fails an order whose
/// payment turns out not to be its own (a tampered request that was claimed when the server
/// stopped).
pub async fn run(
    state: &AppState,
    provider: &Arc<dyn PaymentProvider>,
    order: &OrderRow,
) -> Result<OrderRow, AppError> {
    match settle(state, provider, order).await? {
        Settled::Row(row) => Ok(*row),
        Settled::NotThisOrder(why) => fail(state, order, "NOT_FOUND_PAYMENT", &why).await,
        Settled::AmountDiffers(why) => fail(state, order, "AMOUNT_MISMATCH", &why).await,
    }
}

async fn settle(
    state: &AppState,
    provider: &Arc<dyn PaymentProvider>,
    order: &OrderRow,
) -> Result<Settled, AppError> {
    let Some(payment) = order.payment_id.clone() else {
        return Ok(Settled::Row(Box::new(order.clone())));
    };
    let key = idempotency_key(&order.order_id, &payment);
    let approval = Approval {
        order_id: &order.order_id,
        payment: &payment,
        amount: order.amount,
        customer_key: &order.customer_key,
        idempotency_key: &key,
    };
    let not_this_order = |why: &str| {
        tracing::warn!(order_id = %order.order_id, why, "confirm refused");
        Ok(Settled::NotThisOrder(format!("{why}; nothing was changed")))
    };
    let mut attempt = 0;
    loop {
        let error = match provider.approve(approval).await {
            // An earlier confirm of this payment for another order, replayed by the provider
            // for the same Idempotency-Key: not this order's payment.
            Ok(paid) if paid.order_id != order.order_id.as_str() => {
                return not_this_order("this payment is a payment of another order");
            }
            Ok(paid)
                if provider.approves_on_its_own()
                    && (paid.total_amount != order.amount
                        || paid
                            .currency
                            .as_deref()
                            .is_some_and(|c| c != order.currency)) =>
            {
                tracing::error!(order_id = %order.order_id, provider = paid.total_amount, ours = order.amount, "the payment's amount differs from the order's");
                return Ok(Settled::AmountDiffers(
                    "the payment's amount differs from the order's amount; the order was not paid"
                        .to_owned(),
                ));
            }
            Ok(paid) => {
                return apply_truth(&state.db, order, &paid, "confirm")
                    .await
                    .map(|row| Settled::Row(Box::new(row)));
            }
            Err(e) => e,
        };
        state.metrics.provider_error(&error);
        tracing::warn!(order_id = %order.order_id, error = %error, "confirm did not succeed; asking the provider for the payment");
        // Never conclude from the confirm's error alone: look the payment up first.
        match provider.lookup(&payment).await {
            Ok(found) if found.order_id != order.order_id.as_str() => {
                return not_this_order("this payment is a payment of another order");
            }
            Ok(found) if found.settled.is_some() => {
                return apply_truth(&state.db, order, &found, "confirm:checked")
                    .await
                    .map(|row| Settled::Row(Box::new(row)));
            }
            Ok(_) => {
                // The provider still has it in progress.
                if error.is_in_doubt() && attempt < state.settings.confirm_retries {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
                    continue;
                }
                if error.is_in_doubt() {
                    return Ok(Settled::Row(Box::new(order.clone())));
                }
                let code = error.code().unwrap_or("PAYMENT_FAILED").to_owned();
                return fail(state, order, &code, &error.to_string())
                    .await
                    .map(|row| Settled::Row(Box::new(row)));
            }
            Err(lookup) if lookup.is_not_found() && !error.is_in_doubt() => {
                return not_this_order("the provider has no payment with this id");
            }
            Err(lookup) => {
                state.metrics.provider_error(&lookup);
                tracing::warn!(order_id = %order.order_id, error = %lookup, "payment lookup failed; the reconciler will settle the order");
                return Ok(Settled::Row(Box::new(order.clone())));
            }
        }
    }
}

/// Fails a `confirming` order with the provider's `code`.
async fn fail(
    state: &AppState,
    order: &OrderRow,
    code: &str,
    detail: &str,
) -> Result<OrderRow, AppError> {
    let changes = Changes {
        failure_code: Some(code.to_owned()),
        ..Changes::default()
    };
    match state
        .db
        .transition(
            &order.order_id,
            &[OrderStatus::Confirming],
            OrderStatus::Failed,
            changes,
            "confirm",
            Some(detail),
        )
        .await?
    {
        Some(row) => Ok(row),
        None => orders::load(&state.db, &order.order_id).await,
    }
}
