//! Automatic billing through PortOne: the buyer registers a card in PortOne's billing window
//! (`IMP.request_pay` with `customer_uid`, which charges nothing), the server checks the key
//! exists (`GET /subscribe/customers/{customer_uid}`) and keeps it as the customer's billing
//! method, and charges go through the same routes as Toss's billing
//! ([`crate::billing::charge`]) with `POST /subscribe/payments/again`.
//!
//! The `customer_uid` is derived from the customer key
//! ([`leptos_tosspayments::domain::portone::customer_uid_for`]), so the browser never names
//! another customer's key. A charge's `merchant_uid` is its order id: PortOne refuses a second
//! payment for a paid `merchant_uid`, which makes a retried `again` charge once, and an answer in
//! doubt is read back with `GET /payments/find/{merchant_uid}`.

use std::time::Duration;

use leptos_tosspayments::CustomerKey;
use leptos_tosspayments::domain::portone::customer_uid_for;
use leptos_tosspayments::domain::server_api::BillingView;
use serde_json::json;

use crate::access::{self, Proof};
use crate::db::{BillingKeyRow, OrderRow};
use crate::error::AppError;
use crate::orders::apply_truth;
use crate::portone::{PortOneClient, PortOneError};
use crate::provider::ProviderError;
use crate::provider::portone::ledger_payment;
use crate::state::AppState;

/// How a PortOne billing method is kept among the billing keys: `portone:{customer_uid}`.
const PREFIX: &str = "portone:";

/// The `customer_uid` of a stored billing key, if it is PortOne's.
pub fn customer_uid_of(billing_key: &str) -> Option<&str> {
    billing_key.strip_prefix(PREFIX)
}

fn client(state: &AppState) -> Result<&PortOneClient, AppError> {
    state.portone_client.as_ref().ok_or_else(|| {
        AppError::conflict(
            leptos_tosspayments::domain::error_code::ErrorCode::ProviderUnavailable,
            "this server takes no PortOne payments (set PORTONE_API_KEY)",
        )
    })
}

fn upstream(e: PortOneError) -> AppError {
    match e {
        PortOneError::NotFound(_) => AppError::NotFound(
            "PortOne has no billing key for this customer: register a card in PortOne's billing window first"
                .to_owned(),
        ),
        other => AppError::Upstream(other.into()),
    }
}

/// `POST /api/portone/billing/issue`: keeps the customer's PortOne billing key (registered in
/// PortOne's window) as their billing method; the answer carries the access token that
/// charges it, for a new registration only. The same rules as Toss's: the caller may act for
/// the customer, and replacing another method needs the signed-in customer or its token.
pub async fn issue(
    state: &AppState,
    proof: &Proof,
    customer: &CustomerKey,
) -> Result<BillingView, AppError> {
    proof.caller.may_act_for(customer)?;
    let uid = customer_uid_for(customer);
    let found = client(state)?.customer(&uid).await.map_err(upstream)?;
    let billing_key = format!("{PREFIX}{uid}");
    let card_number = found
        .get("card_number")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    if let Some(existing) = state.db.billing_key(customer).await? {
        if existing.billing_key == billing_key {
            return Ok(BillingView {
                customer_key: customer.clone(),
                method: existing.method,
                card_number: existing.card_number,
                access_token: None,
            });
        }
        if !proof.shows(customer, existing.access_hash.as_deref()) {
            return Err(AppError::Forbidden(
                "this customer already has a billing method: replacing it needs the signed-in \
                 customer or the current method's access token"
                    .to_owned(),
            ));
        }
    }
    let (token, access_hash) = access::issue();
    let row = BillingKeyRow {
        billing_key,
        method: "카드 (PortOne)".to_owned(),
        card_number,
        access_hash: Some(access_hash),
    };
    state.db.put_billing_key(customer, &row).await?;
    Ok(BillingView {
        customer_key: customer.clone(),
        method: row.method,
        card_number: row.card_number,
        access_token: Some(token),
    })
}

/// Charges a `confirming` billing order to `customer_uid` with `again` (its order id as the
/// `merchant_uid`) and settles it as far as PortOne's answers allow. Also used by the
/// reconciler.
pub async fn run_charge(
    state: &AppState,
    order: &OrderRow,
    customer_uid: &str,
) -> Result<OrderRow, AppError> {
    let client = client(state)?;
    let body = json!({
        "customer_uid": customer_uid,
        "merchant_uid": order.order_id,
        "amount": order.amount,
        "name": order.order_name.as_str().chars().take(40).collect::<String>(),
    });
    let mut attempt = 0;
    loop {
        let error = match client.again(&body).await {
            // `code: 0` is only "the card company was reached": the status says the rest.
            Ok(payment) => return apply(state, order, &payment, "billing-charge").await,
            Err(e) => e,
        };
        // Never conclude from the charge's error alone: look the order's payment up first.
        match client.find(order.order_id.as_str()).await {
            Ok(payment) => return apply(state, order, &payment, "billing-charge:checked").await,
            Err(PortOneError::NotFound(_)) if !error.is_in_doubt() => {
                let code = match &error {
                    PortOneError::Refused { code, .. } => format!("PORTONE_{code}"),
                    _ => "PORTONE_REFUSED".to_owned(),
                };
                return crate::billing::refused(state, order, Some(&code), &error.to_string())
                    .await;
            }
            // PortOne has no payment yet and may not have heard: charge again (PortOne refuses
            // a second payment for a paid merchant_uid), then leave it to the reconciler.
            Err(PortOneError::NotFound(_)) if attempt < state.settings.confirm_retries => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            _ => return Ok(order.clone()),
        }
    }
}

async fn apply(
    state: &AppState,
    order: &OrderRow,
    payment: &serde_json::Value,
    cause: &str,
) -> Result<OrderRow, AppError> {
    let payment = ledger_payment(payment).map_err(AppError::Upstream)?;
    apply_truth(&state.db, order, &payment, cause).await
}

/// Deletes the customer's PortOne billing key at PortOne (`DELETE
/// /subscribe/customers/{customer_uid}`); a key PortOne no longer knows is gone already.
pub async fn delete(state: &AppState, customer_uid: &str) -> Result<(), AppError> {
    match client(state)?.delete_customer(customer_uid).await {
        Ok(_) | Err(PortOneError::NotFound(_)) => Ok(()),
        Err(e) => {
            let e: ProviderError = e.into();
            state.metrics.provider_error(&e);
            Err(AppError::Upstream(e))
        }
    }
}
