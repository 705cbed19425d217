//! Cancels and refunds, full or partial, through the provider the order was paid with.

use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::{CancelOrderRequest, OrderStatus, OrderView};

use leptos_tosspayments::{IdempotencyKey, OrderId};

use crate::access::Proof;
use crate::error::AppError;
use crate::orders::{self, apply_truth};
use crate::provider::{CancelRequest, RefundAccount};
use crate::state::AppState;

/// Who asks for a cancel.
#[derive(Debug, Clone)]
pub enum Actor {
    /// The buyer, signed in as the order's customer or with its access token
    /// ([`crate::access`]), within the storefront's refund policy ([`crate::policy`]).
    Buyer(Proof),
    /// Store staff, through the merchant console ([`crate::staff`]): any time.
    Staff,
}

impl Actor {
    fn name(&self) -> &'static str {
        match self {
            Actor::Buyer(_) => "buyer",
            Actor::Staff => "staff",
        }
    }
}

/// `POST /api/orders/{orderId}/cancel` (the buyer) and `POST /api/admin/orders/{orderId}/cancel`
/// (staff). `client_key` is the caller's `Idempotency-Key` (required): repeating a request with
/// it, after a lost answer or concurrently, cancels once. Who asked, how much and why are in
/// the order's audit trail.
pub async fn cancel(
    state: &AppState,
    order_id: &OrderId,
    actor: &Actor,
    req: &CancelOrderRequest,
    client_key: &IdempotencyKey,
) -> Result<OrderView, AppError> {
    let order = orders::load(&state.db, order_id).await?;
    if let Actor::Buyer(proof) = actor {
        proof.opens(
            &order.customer_key,
            order.access_hash.as_deref(),
            "this order",
        )?;
    }
    let status = order.status;
    let reason_len = req.reason.chars().count();
    if reason_len == 0 || reason_len > 200 || req.reason.chars().any(char::is_control) {
        return Err(AppError::bad(
            ErrorCode::InvalidReason,
            "reason must have 1 to 200 characters and no control characters",
        ));
    }
    if !matches!(
        status,
        OrderStatus::Paid | OrderStatus::PartiallyCancelled | OrderStatus::WaitingForDeposit
    ) {
        return Err(AppError::conflict(
            ErrorCode::NotCancellable,
            format!("a {} order cannot be cancelled", status.as_str()),
        ));
    }
    let amount = req.amount.map(|a| a.value() as i64);
    if let Some(a) = amount {
        if a == 0 {
            return Err(AppError::bad(
                ErrorCode::InvalidAmount,
                "the amount to cancel must be positive",
            ));
        }
        if a > order.balance {
            return Err(AppError::bad(
                ErrorCode::CancelAmountTooLarge,
                format!(
                    "{a} won is more than the {} won left to cancel",
                    order.balance
                ),
            ));
        }
        if status == OrderStatus::WaitingForDeposit {
            return Err(AppError::bad(
                ErrorCode::PartialCancelUnpaid,
                "an unpaid virtual account is cancelled in full",
            ));
        }
    }
    let deposited_va =
        order.method.as_deref() == Some("가상계좌") && status != OrderStatus::WaitingForDeposit;
    let refund_account = match (&req.refund_account, deposited_va) {
        (None, true) => {
            return Err(AppError::bad(
                ErrorCode::RefundAccountRequired,
                "a deposited virtual account needs refund_account",
            ));
        }
        (Some(acct), _) => {
            let digits = !acct.account_number.is_empty()
                && acct.account_number.len() <= 20
                && acct.account_number.bytes().all(|b| b.is_ascii_digit());
            if !digits
                || acct.holder_name.is_empty()
                || acct.holder_name.chars().count() > 60
                || acct.holder_name.chars().any(char::is_control)
                || acct.bank.is_empty()
                || !acct.bank.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(AppError::bad(
                    ErrorCode::InvalidRefundAccount,
                    "refund_account: account_number is 1-20 digits, holder_name 1-60 characters, bank a code",
                ));
            }
            Some(RefundAccount {
                bank: acct.bank.clone(),
                account_number: acct.account_number.clone(),
                holder_name: acct.holder_name.clone(),
            })
        }
        (None, false) => None,
    };
    let (Some(provider), Some(payment)) = (&order.provider, &order.payment_id) else {
        return Err(AppError::conflict(
            ErrorCode::NotCancellable,
            "the order has no payment",
        ));
    };
    if matches!(actor, Actor::Buyer(_))
        && let Err(why) = state.refund_policy.buyer_may_cancel(&order).await
    {
        return Err(AppError::conflict(ErrorCode::RefundNotAllowed, why));
    }
    let provider = state.provider(provider)?;
    // The order id keeps one caller's key from naming another order's cancel at Toss.
    let idempotency_key = format!("cancel-{order_id}-{client_key}");
    let request = CancelRequest {
        reason: &req.reason,
        amount,
        refund_account,
        idempotency_key: &idempotency_key,
    };
    let cause = format!("cancel:{}", actor.name());
    let asked = format!(
        "{} asked to cancel {} (reason: {})",
        actor.name(),
        amount.map_or("everything left".to_owned(), |a| format!("{a} won")),
        req.reason
    );
    state
        .db
        .record_event(&order.order_id, status, "cancel-requested", &asked)
        .await?;
    let settled = match provider.cancel(payment, &request).await {
        Ok(after) => apply_truth(&state.db, &order, &after, &cause).await?,
        Err(error) => {
            state.metrics.provider_error(&error);
            // The provider may have cancelled even so: its payment is the truth.
            let truth = provider.lookup(payment).await.map_err(|_| {
                if error.is_in_doubt() {
                    AppError::Pending
                } else {
                    AppError::Upstream(error.clone())
                }
            })?;
            let after = apply_truth(&state.db, &order, &truth, &format!("{cause}:checked")).await?;
            if after.balance == order.balance {
                return Err(if error.is_in_doubt() {
                    AppError::Pending
                } else {
                    AppError::conflict(ErrorCode::CancelRefused, error.to_string())
                });
            }
            after
        }
    };
    orders::view(&settled)
}
