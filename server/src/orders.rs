//! Orders: creation (priced by the server), the state machine, how Toss's truth is applied,
//! and what the browser is shown.

use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::{
    CreateOrderRequest, OrderStatus, OrderView, VirtualAccountView,
};
use leptos_tosspayments::{AccessToken, Amount, CustomerKey, OrderId, OrderName, PaymentStatus};

use crate::access;
use crate::db::{Changes, Db, OrderRow, now_ms};
use crate::error::AppError;
use crate::state::AppState;
use crate::toss::Payment;

pub use crate::transitions::allowed;

/// Prices the cart and stores a new order (`normal` for checkout, `billing` for a charge).
/// Returns it with its access token, which only this answer ever carries. `charge_key` is the
/// browser's `Idempotency-Key` of a billing charge (unique per customer).
pub async fn create(
    state: &AppState,
    req: &CreateOrderRequest,
    kind: &str,
    customer_key: CustomerKey,
    charge_key: Option<&str>,
) -> Result<(OrderRow, AccessToken), AppError> {
    let priced = state
        .pricing
        .price(&req.lines, req.coupon.as_deref())
        .await?;
    if priced.amount.is_zero() {
        return Err(AppError::bad(
            ErrorCode::InvalidCart,
            "the total is 0 won: nothing to pay",
        ));
    }
    let now = now_ms();
    let (token, access_hash) = access::issue();
    let row = OrderRow {
        order_id: req
            .order_id
            .clone()
            .unwrap_or_else(OrderId::generate)
            .to_string(),
        order_name: priced.name.to_string(),
        amount: priced.amount.value() as i64,
        balance: priced.amount.value() as i64,
        currency: "KRW".to_owned(),
        customer_key: customer_key.to_string(),
        kind: kind.to_owned(),
        status: OrderStatus::Created.as_str().to_owned(),
        payment_key: None,
        method: None,
        approved_at: None,
        va_bank: None,
        va_account: None,
        va_due: None,
        deposit_secret: None,
        failure_code: None,
        confirm_started_at: None,
        version: 0,
        created_at: now,
        updated_at: now,
        access_hash: Some(access_hash),
        charge_key: charge_key.map(str::to_owned),
    };
    match state.db.insert_order(&row).await {
        Ok(()) => Ok((row, token)),
        // Only a storefront's own id can collide (a generated one has 122 random bits).
        Err(crate::db::DbError::Sql(sqlx::Error::Database(e)))
            if e.is_unique_violation() && req.order_id.is_some() =>
        {
            Err(AppError::conflict(
                ErrorCode::OrderIdTaken,
                format!("order id {} is already taken: use a new one", row.order_id),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The order, or a 404.
pub async fn load(db: &Db, order_id: &str) -> Result<OrderRow, AppError> {
    db.order(order_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no order {order_id:?}")))
}

/// What the browser sees of an order.
pub fn view(row: &OrderRow) -> Result<OrderView, AppError> {
    let corrupt =
        |what: &'static str| AppError::Db(crate::db::DbError::Corrupt(row.order_id.clone(), what));
    Ok(OrderView {
        order_id: OrderId::parse(&row.order_id).map_err(|_| corrupt("order_id"))?,
        order_name: OrderName::parse(&row.order_name).map_err(|_| corrupt("order_name"))?,
        amount: Amount::krw(row.amount).map_err(|_| corrupt("amount"))?,
        balance: Amount::krw(row.balance).map_err(|_| corrupt("balance"))?,
        status: row.status()?,
        customer_key: CustomerKey::parse(&row.customer_key).map_err(|_| corrupt("customer_key"))?,
        method: row.method.clone(),
        approved_at: row.approved_at.clone(),
        virtual_account: match (&row.va_bank, &row.va_account, &row.va_due) {
            (Some(bank), Some(account), Some(due)) => Some(VirtualAccountView {
                bank_code: bank.clone(),
                account_number: account.clone(),
                due_date: due.clone(),
            }),
            _ => None,
        },
        failure_code: row.failure_code.clone(),
        access_token: None,
    })
}

/// The order status Toss's payment status means, if it settles anything.
///
/// At a virtual account's deadline Toss leaves the payment `WAITING_FOR_DEPOSIT` and sends no
/// webhook (웹훅 이벤트: "입금 기한 만료 → WAITING_FOR_DEPOSIT", noWebhook), and a deposit after
/// it fails ("`dueDate`이 지난 시점에 입금을 시도하면 실패합니다"). So a waiting payment whose
/// account is `expired`, or whose `dueDate` has passed, means an expired order.
pub fn status_for(payment: &Payment) -> Option<OrderStatus> {
    Some(match payment.status {
        PaymentStatus::Done => OrderStatus::Paid,
        PaymentStatus::WaitingForDeposit if deadline_passed(payment) => OrderStatus::Expired,
        PaymentStatus::WaitingForDeposit => OrderStatus::WaitingForDeposit,
        PaymentStatus::PartialCanceled => OrderStatus::PartiallyCancelled,
        PaymentStatus::Canceled => OrderStatus::Cancelled,
        PaymentStatus::Aborted => OrderStatus::Failed,
        PaymentStatus::Expired => OrderStatus::Expired,
        _ => return None,
    })
}

/// Whether a virtual account's deadline has passed: Toss says `expired`, or its `dueDate`
/// (RFC 3339, `2024-02-28T23:59:59+09:00`) is behind us.
fn deadline_passed(payment: &Payment) -> bool {
    let Some(va) = &payment.virtual_account else {
        return false;
    };
    va.expired
        || time::OffsetDateTime::parse(&va.due_date, &time::format_description::well_known::Rfc3339)
            .is_ok_and(|due| due <= time::OffsetDateTime::now_utc())
}

/// Applies Toss's view of a payment (fetched by us from Toss, never taken from a webhook body)
/// to the order it belongs to. Ignores a payment of another order or another payment key, and
/// refuses one whose amount differs from the order's. Returns the order as it now stands.
pub async fn apply_toss_truth(
    db: &Db,
    order: &OrderRow,
    payment: &Payment,
    cause: &str,
) -> Result<OrderRow, AppError> {
    if payment.order_id != order.order_id
        || order
            .payment_key
            .as_deref()
            .is_some_and(|k| k != payment.payment_key)
    {
        tracing::warn!(order_id = %order.order_id, cause, "ignored a payment that is not this order's");
        return Ok(order.clone());
    }
    if payment.total_amount != order.amount {
        tracing::error!(order_id = %order.order_id, toss = payment.total_amount, ours = order.amount, "amount differs from the order");
        return Err(AppError::conflict(
            ErrorCode::AmountMismatch,
            "Toss's amount for this payment differs from the order's",
        ));
    }
    let Some(target) = status_for(payment) else {
        return Ok(order.clone());
    };
    let current = order.status()?;
    if current == target && order.balance == payment.balance_amount {
        return Ok(order.clone());
    }
    // So a CANCEL_STATUS_CHANGED (a Cancel object, with no paymentKey) finds this order. Only
    // when something changed: every new cancel lowers the balance, so an unchanged answer (a
    // repeated webhook, a refresh) has no cancel this order does not know yet.
    if let Some(cancels) = &payment.cancels {
        let keys: Vec<&str> = cancels.iter().map(|c| c.transaction_key.as_str()).collect();
        db.remember_cancels(&order.order_id, &keys).await?;
    }
    let changes = Changes {
        payment_key: Some(payment.payment_key.clone()),
        method: payment.method.clone().filter(|m| !m.is_empty()),
        approved_at: payment.approved_at.clone(),
        balance: Some(payment.balance_amount),
        virtual_account: payment.virtual_account.as_ref().map(|va| {
            (
                va.bank_code.clone(),
                va.account_number.clone(),
                va.due_date.clone(),
            )
        }),
        deposit_secret: payment.secret.clone(),
        failure_code: payment
            .failure
            .as_ref()
            .and_then(|f| f.get("code"))
            .and_then(|c| c.as_str())
            .map(str::to_owned),
        confirm_started_at: None,
        clear_payment_key: false,
    };
    let detail = format!("toss status {}", payment.status);
    match db
        .transition(
            &order.order_id,
            &[current],
            target,
            changes,
            cause,
            Some(&detail),
        )
        .await?
    {
        Some(row) => Ok(row),
        // Someone else moved it meanwhile (or the move is not allowed): report what is stored.
        None => load(db, &order.order_id).await,
    }
}
