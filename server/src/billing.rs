//! Automatic billing: exchanging the billing successUrl's `authKey` for a billing key (kept on
//! the server, never shown to the browser), and charging it for a server-priced cart.

use leptos_tosspayments::domain::error_code::ErrorCode;
use std::time::Duration;

use leptos_tosspayments::domain::server_api::{
    BillingView, ChargeBillingRequest, CreateOrderRequest, IssueBillingKeyRequest, OrderStatus,
    OrderView,
};

use leptos_tosspayments::{AccessToken, CustomerKey, IdempotencyKey, OrderId};

use crate::access;
use crate::access::Proof;
use crate::db::{BillingKeyRow, Changes, OrderKind, OrderRow, now_ms};
use crate::error::AppError;
use crate::orders::{self, apply_truth};
use crate::provider::toss::{ledger_payment, status_for};
use crate::state::AppState;
use crate::toss::{Payment, TossError};

/// `POST /api/billing/issue`: the billing method and, for a new registration only, the access
/// token that charges it.
///
/// A customer key travels (it is in the billing successUrl and in billing orders), so it
/// proves nothing: someone who runs Toss's billing flow with another customer's key must not
/// attach their card to that customer. A customer signed in as someone else is refused before
/// Toss is called, and *replacing* a registered method needs the signed-in customer
/// ([`crate::identity`]) or the current method's access token (`bearer`).
pub async fn issue(
    state: &AppState,
    proof: &Proof,
    req: &IssueBillingKeyRequest,
) -> Result<BillingView, AppError> {
    proof.caller.may_act_for(&req.customer_key)?;
    // Hashed: an authKey may have 300 characters, and an Idempotency-Key at most 300.
    let idempotency_key = format!("issue-{}", access::sha256_hex(req.auth_key.as_str()));
    let billing = state
        .toss
        .issue_billing_key(&req.auth_key, &req.customer_key, &idempotency_key)
        .await
        .map_err(|e| match e {
            TossError::Api { code, message, .. } => AppError::PaymentFailed { code, message },
            other => AppError::Upstream(other.into()),
        })?;
    if billing.customer_key != req.customer_key.as_str() {
        return Err(AppError::conflict(
            ErrorCode::CustomerMismatch,
            "the billing key belongs to another customer",
        ));
    }
    // A repeated issue (same authKey, so the same Idempotency-Key) is answered by Toss with
    // the first answer: the same billing key. That is a reload of the billing successUrl, or
    // someone replaying it: it gets the view and no new token, so the URL alone (in a history
    // or a log) cannot take over the method.
    if let Some(existing) = state.db.billing_key(&req.customer_key).await? {
        if existing.billing_key == billing.billing_key {
            return Ok(BillingView {
                customer_key: req.customer_key.clone(),
                method: existing.method,
                card_number: existing.card_number,
                access_token: None,
            });
        }
        // Another method (or an old billing successUrl replayed: Toss answers a reused
        // Idempotency-Key with its first billing key) would replace the registered one.
        if !proof.shows(&req.customer_key, existing.access_hash.as_deref()) {
            tracing::warn!(
                "billing method replacement refused: neither the signed-in customer nor the method's token"
            );
            return Err(AppError::Forbidden(
                "this customer already has a billing method: replacing it needs the signed-in \
                 customer or the current method's access token"
                    .to_owned(),
            ));
        }
    }
    let method = billing.method.clone().unwrap_or_else(|| "카드".to_owned());
    let card = billing
        .card
        .as_ref()
        .and_then(|c| c.get("number"))
        .and_then(|n| n.as_str())
        .map(str::to_owned);
    let (token, access_hash) = access::issue();
    let row = BillingKeyRow {
        billing_key: billing.billing_key,
        method,
        card_number: card,
        access_hash: Some(access_hash),
    };
    state.db.put_billing_key(&req.customer_key, &row).await?;
    Ok(BillingView {
        customer_key: req.customer_key.clone(),
        method: row.method,
        card_number: row.card_number,
        access_token: Some(token),
    })
}

/// The `Idempotency-Key` of an order's billing charge.
pub fn charge_key(order_id: &OrderId) -> String {
    format!("charge-{order_id}")
}

/// `POST /api/billing/charge`: a new order, priced here, charged to the customer's key.
/// The caller is the signed-in customer, or shows the access token the billing method was
/// registered with; the answer carries the order's own token.
///
/// `client_key` is the caller's `Idempotency-Key` (required): a request repeated with it (a
/// double click, or a retry after a lost answer) answers with the order the first one created, where it now is,
/// and a new token for it (the caller proved the billing token again), instead of charging
/// again.
pub async fn charge(
    state: &AppState,
    proof: &Proof,
    req: &ChargeBillingRequest,
    client_key: &IdempotencyKey,
) -> Result<OrderView, AppError> {
    let billing = registered(state, proof, &req.customer_key).await?;
    // The provider that charges: PortOne for a key registered through it, Toss otherwise.
    let provider = if crate::portone_billing::customer_uid_of(&billing.billing_key).is_some() {
        crate::provider::ProviderId::portone()
    } else {
        crate::provider::ProviderId::toss()
    };
    let (order, order_token) = charge_order(state, req, client_key.as_str(), provider).await?;
    let settled = settle_charge(state, order, &billing.billing_key).await?;
    match settled.status {
        OrderStatus::Failed => Err(AppError::PaymentFailed {
            code: settled
                .failure_code
                .clone()
                .unwrap_or_else(|| "PAYMENT_FAILED".to_owned()),
            message: "the billing charge was refused".to_owned(),
        }),
        _ => {
            let mut view = orders::view(&settled)?;
            view.access_token = Some(order_token);
            Ok(view)
        }
    }
}

/// The order this charge request is for: the one an earlier request with the same
/// `client_key` created (with a new token), or a new one.
async fn charge_order(
    state: &AppState,
    req: &ChargeBillingRequest,
    client_key: &str,
    provider: crate::provider::ProviderId,
) -> Result<(OrderRow, AccessToken), AppError> {
    let customer = &req.customer_key;
    if let Some(earlier) = repeated(state, customer, client_key).await? {
        return same_charge(state, req, earlier).await;
    }
    let create = CreateOrderRequest {
        lines: req.lines.clone(),
        ..CreateOrderRequest::default()
    };
    let created = orders::create(
        state,
        &create,
        OrderKind::Billing,
        req.customer_key.clone(),
        Some(client_key),
        Some(provider),
    )
    .await;
    match created {
        Ok(created) => Ok(created),
        // A twin request with the same key stored its order first.
        Err(e) => match repeated(state, customer, client_key).await? {
            Some(earlier) => same_charge(state, req, earlier).await,
            None => Err(e),
        },
    }
}

/// Claims a `created` billing order and charges it; an order already past `created` (a
/// repeated request) is answered where it is.
async fn settle_charge(
    state: &AppState,
    order: OrderRow,
    billing_key: &str,
) -> Result<OrderRow, AppError> {
    if order.status != OrderStatus::Created {
        return Ok(order);
    }
    let claim = Changes {
        confirm_started_at: Some(now_ms()),
        ..Changes::default()
    };
    let claimed = state
        .db
        .transition(
            &order.order_id,
            &[OrderStatus::Created],
            OrderStatus::Confirming,
            claim,
            "billing-charge",
            None,
        )
        .await?;
    match claimed {
        // From here only the order's token lets the buyer cancel it, so every outcome that is
        // not a refusal answers with the order and its token: while the charge is in doubt,
        // `confirming` (the reconciler settles it, the order page polls).
        Some(mine) => match run_charge(state, &mine, billing_key).await {
            Ok(row) => Ok(row),
            Err(e) => {
                tracing::warn!(order_id = %mine.order_id, error = %e, "billing charge in doubt; left to the reconciler");
                Ok(mine)
            }
        },
        // A twin request claimed it: answer with where it is.
        None => orders::load(&state.db, &order.order_id).await,
    }
}

/// The order an earlier request with `client_key` created, if any.
async fn repeated(
    state: &AppState,
    customer: &CustomerKey,
    client_key: &str,
) -> Result<Option<OrderRow>, AppError> {
    Ok(state.db.order_by_charge_key(customer, client_key).await?)
}

/// Checks that a repeated request asks for what the first one did, and gives the order a new
/// access token for it (the caller proved the billing token again; the first answer, with the
/// first token, may never have arrived).
async fn same_charge(
    state: &AppState,
    req: &ChargeBillingRequest,
    earlier: OrderRow,
) -> Result<(OrderRow, AccessToken), AppError> {
    let priced = state.pricing.price(&req.lines, None).await?;
    if priced.amount.value() as i64 != earlier.amount {
        return Err(AppError::conflict(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used for another charge",
        ));
    }
    let (token, hash) = access::issue();
    state.db.set_access_hash(&earlier.order_id, &hash).await?;
    Ok((earlier, token))
}

/// Charges (or re-charges, with the same `Idempotency-Key`) a `confirming` billing order and
/// settles it as far as Toss's answers allow. Also used by the reconciler.
pub async fn run_charge(
    state: &AppState,
    order: &OrderRow,
    billing_key: &str,
) -> Result<OrderRow, AppError> {
    if let Some(customer_uid) = crate::portone_billing::customer_uid_of(billing_key) {
        return crate::portone_billing::run_charge(state, order, customer_uid).await;
    }
    let body = serde_json::json!({
        "customerKey": order.customer_key,
        "amount": order.amount,
        "orderId": order.order_id,
        "orderName": order.order_name,
    });
    let mut attempt = 0;
    loop {
        let error = match state
            .toss
            .charge_billing_key(billing_key, &body, &charge_key(&order.order_id))
            .await
        {
            Ok(payment) => return apply(state, order, payment, "billing-charge").await,
            Err(e) => e,
        };
        // Never conclude from the charge's error alone: look the order's payment up first.
        match state.toss.payment_by_order(&order.order_id).await {
            Ok(payment) if status_for(&payment).is_some() => {
                return apply(state, order, payment, "billing-charge:checked").await;
            }
            Err(TossError::Api { status: 404, .. }) if !error.is_in_doubt() => {
                return refused(state, order, error.code(), &error.to_string()).await;
            }
            // Toss has no charge yet and may not have heard: charge again (same
            // Idempotency-Key) a few times, then leave it to the reconciler.
            Err(TossError::Api { status: 404, .. }) if attempt < state.settings.confirm_retries => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            _ => return Ok(order.clone()),
        }
    }
}

/// A `confirming` billing charge the provider refused and has no payment of: failed, with the
/// provider's `code` and what it said.
pub(crate) async fn refused(
    state: &AppState,
    order: &OrderRow,
    code: Option<&str>,
    detail: &str,
) -> Result<OrderRow, AppError> {
    let changes = Changes {
        failure_code: code.map(str::to_owned),
        ..Changes::default()
    };
    Ok(state
        .db
        .transition(
            &order.order_id,
            &[OrderStatus::Confirming],
            OrderStatus::Failed,
            changes,
            "billing-charge",
            Some(detail),
        )
        .await?
        .unwrap_or_else(|| order.clone()))
}

/// Applies Toss's answer about a billing charge to its order.
async fn apply(
    state: &AppState,
    order: &OrderRow,
    payment: Payment,
    cause: &str,
) -> Result<OrderRow, AppError> {
    let payment = ledger_payment(payment).map_err(AppError::Upstream)?;
    apply_truth(&state.db, order, &payment, cause).await
}

/// `DELETE /api/billing/methods/{customerKey}`: deletes the customer's billing method, at Toss
/// (`DELETE /v1/billing/{billingKey}`) and here, for the signed-in customer or the holder of
/// the method's access token. A key Toss no longer knows (`INVALID_BILL_KEY_REQUEST`) is gone
/// already; an answer in doubt keeps the method, so the request can be sent again.
pub async fn delete(
    state: &AppState,
    proof: &Proof,
    customer: &CustomerKey,
) -> Result<(), AppError> {
    proof.caller.may_act_for(customer)?;
    let method = registered(state, proof, customer).await?;
    if let Some(customer_uid) = crate::portone_billing::customer_uid_of(&method.billing_key) {
        crate::portone_billing::delete(state, customer_uid).await?;
        state
            .db
            .delete_billing_key(customer, &method.billing_key)
            .await?;
        return Ok(());
    }
    match state.toss.delete_billing_key(&method.billing_key).await {
        Ok(()) => {}
        Err(e) if e.code() == Some("INVALID_BILL_KEY_REQUEST") => {
            tracing::info!("billing key already unknown at Toss; forgetting it here");
        }
        Err(e) => {
            let e: crate::provider::ProviderError = e.into();
            state.metrics.provider_error(&e);
            return Err(AppError::Upstream(e));
        }
    }
    state
        .db
        .delete_billing_key(customer, &method.billing_key)
        .await?;
    Ok(())
}

/// The customer's registered billing method, for the signed-in customer or the holder of the
/// method's access token. For anyone else no method and a wrong token answer alike (403), so
/// customer keys cannot be probed; the signed-in customer without one is told so (404).
async fn registered(
    state: &AppState,
    proof: &Proof,
    customer: &CustomerKey,
) -> Result<BillingKeyRow, AppError> {
    let stored = state.db.billing_key(customer).await?;
    let hash = stored.as_ref().and_then(|b| b.access_hash.as_deref());
    proof.opens(customer, hash, "a billing method of this customer")?;
    stored.ok_or_else(|| {
        AppError::NotFound("no billing method is registered for this customer".to_owned())
    })
}
