//! Orders: creation (priced by the server), the state machine, how Toss's truth is applied,
//! and what the browser is shown.

use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::{
    CreateOrderRequest, OrderStatus, OrderView, VirtualAccountView,
};
use leptos_tosspayments::{AccessToken, Amount, CustomerKey, OrderId};

use crate::access::{self, Proof};
use crate::db::{Changes, Db, OrderKind, OrderRow, now_ms};
use crate::error::AppError;
use crate::provider::{ProviderId, ProviderPayment};
use crate::state::AppState;

pub use crate::transitions::allowed;

/// Prices the cart and stores a new order (`normal` for checkout, `billing` for a charge).
/// Returns it with its access token, which only this answer ever carries. `charge_key` is the
/// browser's `Idempotency-Key` of a billing charge (unique per customer).
pub async fn create(
    state: &AppState,
    req: &CreateOrderRequest,
    kind: OrderKind,
    customer_key: CustomerKey,
    charge_key: Option<&str>,
    provider: Option<ProviderId>,
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
        order_id: req.order_id.clone().unwrap_or_else(OrderId::generate),
        order_name: priced.name.clone(),
        amount: priced.amount.value() as i64,
        balance: priced.amount.value() as i64,
        currency: "KRW".to_owned(),
        customer_key,
        kind,
        status: OrderStatus::Created,
        // A billing charge is its billing method's provider's from the start; a checkout's
        // provider is the one whose payment is claimed for it.
        provider,
        payment_id: None,
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
pub async fn load(db: &Db, order_id: &OrderId) -> Result<OrderRow, AppError> {
    db.order(order_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no order {order_id:?}")))
}

/// What the browser sees of an order, for someone who may see its customer key (its customer,
/// the holder of its access token, staff): see [`view_for`] for anyone else.
pub fn view(row: &OrderRow) -> Result<OrderView, AppError> {
    let corrupt = |what: &'static str| {
        AppError::Db(crate::db::DbError::Corrupt(row.order_id.to_string(), what))
    };
    Ok(OrderView {
        order_id: row.order_id.clone(),
        order_name: row.order_name.clone(),
        amount: Amount::krw(row.amount).map_err(|_| corrupt("amount"))?,
        balance: Amount::krw(row.balance).map_err(|_| corrupt("balance"))?,
        status: row.status,
        customer_key: Some(row.customer_key.clone()),
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

/// What `proof` may see of an order: without the customer key, unless it is the signed-in
/// customer's or `proof` carries the order's access token.
pub fn view_for(row: &OrderRow, proof: &Proof) -> Result<OrderView, AppError> {
    let mut view = view(row)?;
    if !proof.shows(&row.customer_key, row.access_hash.as_deref()) {
        view.customer_key = None;
    }
    Ok(view)
}

/// Applies a provider's view of a payment (fetched by us from the provider, never taken from a
/// browser or a webhook body) to the order it belongs to. Ignores a payment of another order or
/// another payment, and refuses one whose amount differs from the order's. Returns the order as
/// it now stands.
pub async fn apply_truth(
    db: &Db,
    order: &OrderRow,
    payment: &ProviderPayment,
    cause: &str,
) -> Result<OrderRow, AppError> {
    if payment.order_id != order.order_id.as_str()
        || order
            .provider
            .as_ref()
            .is_some_and(|p| *p != payment.provider)
        || order
            .payment_id
            .as_ref()
            .is_some_and(|id| *id != payment.payment_id)
    {
        tracing::warn!(order_id = %order.order_id, cause, "ignored a payment that is not this order's");
        return Ok(order.clone());
    }
    if payment
        .currency
        .as_deref()
        .is_some_and(|c| c != order.currency)
    {
        tracing::error!(order_id = %order.order_id, provider = ?payment.currency, ours = %order.currency, "currency differs from the order");
        return Err(AppError::conflict(
            ErrorCode::AmountMismatch,
            "the provider's currency for this payment differs from the order's",
        ));
    }
    if payment.total_amount != order.amount {
        tracing::error!(order_id = %order.order_id, provider = payment.total_amount, ours = order.amount, "amount differs from the order");
        return Err(AppError::conflict(
            ErrorCode::AmountMismatch,
            "the provider's amount for this payment differs from the order's",
        ));
    }
    let Some(target) = payment.settled else {
        return Ok(order.clone());
    };
    let current = order.status;
    if current == target && order.balance == payment.balance {
        return Ok(order.clone());
    }
    // So a webhook about a cancel (Toss's CANCEL_STATUS_CHANGED carries a Cancel object, with
    // no paymentKey) finds this order. Only when something changed: every new cancel lowers
    // the balance, so an unchanged answer (a repeated webhook, a refresh) has no cancel this
    // order does not know yet.
    db.remember_cancels(&order.order_id, &payment.cancel_ids)
        .await?;
    let changes = Changes {
        payment: Some((payment.provider.clone(), payment.payment_id.clone())),
        method: payment.method.clone(),
        approved_at: payment.approved_at.clone(),
        balance: Some(payment.balance),
        virtual_account: payment
            .virtual_account
            .as_ref()
            .map(|va| (va.bank.clone(), va.account_number.clone(), va.due.clone())),
        deposit_secret: payment.deposit_secret.clone(),
        failure_code: payment.failure_code.clone(),
        confirm_started_at: None,
        clear_payment: false,
    };
    if current != target && !allowed(current, target) {
        return mismatch(db, order, payment, target, cause).await;
    }
    // The audit trail says what the provider answered, with the money: the amount taken and
    // what is left of it.
    let detail = format!(
        "{}; amount {} {}, balance {}",
        payment.provider_status,
        payment.total_amount,
        payment.currency.as_deref().unwrap_or("KRW"),
        payment.balance
    );
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
        // Someone else moved it meanwhile, or the answer is older than what is stored (it
        // would raise the balance): report what is stored.
        None => load(db, &order.order_id).await,
    }
}

/// The provider verified a state our state machine does not allow from where the order is
/// (the provider says DONE, we say expired or cancelled). Nothing is changed, but nothing is
/// dropped silently either: a `mismatch` event, an error in the log, and the merchant's
/// attention ([`Db::mismatches`]).
async fn mismatch(
    db: &Db,
    order: &OrderRow,
    payment: &ProviderPayment,
    target: OrderStatus,
    cause: &str,
) -> Result<OrderRow, AppError> {
    let detail = format!(
        "{} says {} ({}, balance {}) after {cause}; the order is {}",
        payment.provider,
        target.as_str(),
        payment.provider_status,
        payment.balance,
        order.status.as_str()
    );
    tracing::error!(order_id = %order.order_id, provider = %payment.provider, provider_state = target.as_str(), ours = order.status.as_str(), cause, "the provider's verified state is one our state machine refuses: recorded as a mismatch");
    db.record_event(&order.order_id, order.status, "mismatch", &detail)
        .await?;
    Ok(order.clone())
}
