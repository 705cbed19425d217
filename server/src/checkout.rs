//! Toss Pay's checkout: the server creates the payment of a stored order (`payToken`,
//! `checkoutPage`) and keeps it with the order; when the buyer is back, it executes that
//! payment exactly once through the ledger ([`crate::confirm::confirm_payment`]). Inside the
//! Toss app (Apps-in-Toss) the same, through the partner API, for the Toss user signed in. The
//! browser gives only the order id: never a payToken, never an amount, never a Toss user.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::{
    ApiErrorBody, AppsInTossCheckoutRequest, AppsInTossCheckoutView, OrderStatus, OrderView,
    TossPayCheckoutRequest, TossPayCheckoutView, TossPayExecuteRequest,
};
use serde_json::json;

use crate::access::Proof;
use crate::apps_in_toss::TossUser;
use crate::error::{AppError, AppJson};
use crate::identity::Caller;
use crate::orders;
use crate::provider::apps_in_toss::InAppPayment;
use crate::provider::{PaymentId, ProviderId};
use crate::state::AppState;
use crate::tosspay::{TossPayClient, TossPayError};

fn client(state: &AppState) -> Result<&TossPayClient, AppError> {
    state.tosspay.as_ref().ok_or_else(|| {
        AppError::conflict(
            ErrorCode::ProviderUnavailable,
            "this server takes no Toss Pay payments (set TOSSPAY_API_KEY)",
        )
    })
}

/// An absolute `http(s)` URL of at most 255 characters (Toss Pay's `retUrl` limit).
fn return_url(url: &str, what: &str) -> Result<String, AppError> {
    let absolute = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !absolute || url.chars().count() > 255 || url.chars().any(char::is_whitespace) {
        return Err(AppError::bad(
            ErrorCode::InvalidReturnUrl,
            format!("{what} must be an absolute http(s) URL of at most 255 characters"),
        ));
    }
    Ok(url.to_owned())
}

/// `productDesc` from the order's name: Toss Pay refuses a backslash and quotes (seed 003).
fn product_desc(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !matches!(c, '\\' | '"' | '\''))
        .take(255)
        .collect();
    if cleaned.trim().is_empty() {
        "주문".to_owned()
    } else {
        cleaned
    }
}

/// The stored order `order_id`, once `proof` opens it and it can be paid (created or
/// failed, and within Toss Pay's 7 digits).
async fn payable(
    state: &AppState,
    proof: &Proof,
    order_id: &leptos_tosspayments::OrderId,
) -> Result<crate::db::OrderRow, AppError> {
    let order = orders::load(&state.db, order_id).await?;
    proof.opens(
        &order.customer_key,
        order.access_hash.as_deref(),
        "this order",
    )?;
    if !matches!(order.status, OrderStatus::Created | OrderStatus::Failed) {
        return Err(AppError::conflict(
            ErrorCode::NotPayable,
            format!("a {} order cannot be paid", order.status.as_str()),
        ));
    }
    // Toss Pay's limit: 7 digits.
    if order.amount > 9_999_999 {
        return Err(AppError::bad(
            ErrorCode::InvalidAmount,
            "Toss Pay takes at most 9,999,999 won",
        ));
    }
    Ok(order)
}

/// Toss Pay's refusal to create a payment, as the buyer's error.
fn create_failed(e: TossPayError) -> AppError {
    match e {
        TossPayError::Refused { error_code, msg } => AppError::PaymentFailed {
            code: error_code,
            message: msg,
        },
        other => AppError::Upstream(other.into()),
    }
}

/// A text field of a create answer.
fn answered(created: &serde_json::Value, name: &str) -> Result<String, AppError> {
    created
        .get(name)
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| AppError::Internal(format!("Toss Pay's answer has no {name}")))
}

/// `POST /api/tosspay/checkout`.
#[utoipa::path(post, path = "/api/tosspay/checkout", tag = "tosspay", request_body = TossPayCheckoutRequest,
    responses((status = 200, description = "Toss Pay's payment for the order", body = TossPayCheckoutView),
              (status = 400, description = "Bad input", body = ApiErrorBody),
              (status = 401, description = "Not the order's customer or token holder", body = ApiErrorBody),
              (status = 409, description = "NOT_PAYABLE, PROVIDER_UNAVAILABLE", body = ApiErrorBody),
              (status = 402, description = "Toss Pay refused (its errorCode)", body = ApiErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    proof: Proof,
    AppJson(req): AppJson<TossPayCheckoutRequest>,
) -> Result<Json<TossPayCheckoutView>, AppError> {
    let client = client(&state)?;
    let ret_url = return_url(&req.return_url, "returnUrl")?;
    let ret_cancel_url = return_url(&req.cancel_url, "cancelUrl")?;
    let order = payable(&state, &proof, &req.order_id).await?;
    let created = client
        .create(&json!({
            "orderNo": order.order_id.as_str(),
            "amount": order.amount,
            "amountTaxFree": 0,
            "productDesc": product_desc(&order.order_name.to_string()),
            "retUrl": ret_url,
            "retCancelUrl": ret_cancel_url,
            // The server executes, exactly once, through the ledger's claim.
            "autoExecute": false,
        }))
        .await
        .map_err(create_failed)?;
    let pay_token = answered(&created, "payToken")?;
    let checkout_page = answered(&created, "checkoutPage")?;
    let payment = PaymentId::parse(&pay_token)
        .map_err(|e| AppError::Internal(format!("Toss Pay's payToken is unusable: {e}")))?;
    state
        .db
        .put_checkout(&order.order_id, &ProviderId::tosspay(), &payment)
        .await?;
    Ok(Json(TossPayCheckoutView {
        order_id: order.order_id,
        pay_token,
        checkout_page,
    }))
}

/// `POST /api/tosspay/execute`.
#[utoipa::path(post, path = "/api/tosspay/execute", tag = "tosspay", request_body = TossPayExecuteRequest,
    responses((status = 200, description = "Executed with Toss Pay (or already)", body = OrderView),
              (status = 402, description = "Toss Pay refused the payment", body = ApiErrorBody),
              (status = 404, description = "No Toss Pay checkout for this order", body = ApiErrorBody),
              (status = 409, description = "ALREADY_PAID, ORDER_EXPIRED, CONFIRM_IN_PROGRESS", body = ApiErrorBody),
              (status = 503, description = "CONFIRM_PENDING: the outcome is being checked", body = ApiErrorBody)))]
pub async fn execute(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    AppJson(req): AppJson<TossPayExecuteRequest>,
) -> Result<Json<OrderView>, AppError> {
    execute_checkout(&state, &caller, &req.order_id, ProviderId::tosspay()).await
}

/// Executes `provider_id`'s checkout of `order_id` exactly once, through the ledger: the
/// payment is the one the server kept, the amount the stored order's.
async fn execute_checkout(
    state: &AppState,
    caller: &Caller,
    order_id: &leptos_tosspayments::OrderId,
    provider_id: ProviderId,
) -> Result<Json<OrderView>, AppError> {
    let payment = state
        .db
        .checkout(order_id, &provider_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no {provider_id} checkout for this order")))?;
    crate::confirm::confirm_stored(state, caller, &provider_id, order_id, &payment)
        .await
        .map(Json)
}

/// `POST /api/apps-in-toss/checkout`: inside the Toss app, the in-app payment of a stored order
/// for the Toss user signed in (never a user the browser names), kept with the order.
#[utoipa::path(post, path = "/api/apps-in-toss/checkout", tag = "tosspay", request_body = AppsInTossCheckoutRequest,
    responses((status = 200, description = "The in-app payment for the order", body = AppsInTossCheckoutView),
              (status = 401, description = "TOSS_LOGIN_REQUIRED, or not the order's customer or token holder", body = ApiErrorBody),
              (status = 409, description = "NOT_PAYABLE, PROVIDER_UNAVAILABLE", body = ApiErrorBody),
              (status = 402, description = "Toss Pay refused (its errorCode)", body = ApiErrorBody)))]
pub async fn create_in_app(
    State(state): State<Arc<AppState>>,
    proof: Proof,
    TossUser(user): TossUser,
    AppJson(req): AppJson<AppsInTossCheckoutRequest>,
) -> Result<Json<AppsInTossCheckoutView>, AppError> {
    let client = state.apps_in_toss.as_ref().ok_or_else(|| {
        AppError::conflict(
            ErrorCode::ProviderUnavailable,
            "this server takes no Apps-in-Toss payments (set APPS_IN_TOSS_API_BASE)",
        )
    })?;
    let order = payable(&state, &proof, &req.order_id).await?;
    let created = client
        .make_payment(
            &user,
            &json!({
                "orderNo": order.order_id.as_str(),
                "amount": order.amount,
                "amountTaxFree": 0,
                "productDesc": product_desc(&order.order_name.to_string()),
            }),
        )
        .await
        .map_err(create_failed)?;
    let pay_token = answered(&created, "payToken")?;
    let payment = InAppPayment {
        user,
        pay_token: pay_token.clone(),
    }
    .payment_id()
    .map_err(AppError::Internal)?;
    state
        .db
        .put_checkout(&order.order_id, &ProviderId::apps_in_toss(), &payment)
        .await?;
    Ok(Json(AppsInTossCheckoutView {
        order_id: order.order_id,
        pay_token,
    }))
}

/// `POST /api/apps-in-toss/execute`: `checkoutPayment` resolved (its `success` is only the
/// buyer's authentication); the server executes and answers the order as it then is.
#[utoipa::path(post, path = "/api/apps-in-toss/execute", tag = "tosspay", request_body = TossPayExecuteRequest,
    responses((status = 200, description = "Executed (or already)", body = OrderView),
              (status = 402, description = "Toss Pay refused the payment", body = ApiErrorBody),
              (status = 404, description = "No Apps-in-Toss checkout for this order", body = ApiErrorBody),
              (status = 409, description = "ALREADY_PAID, ORDER_EXPIRED, CONFIRM_IN_PROGRESS", body = ApiErrorBody),
              (status = 503, description = "CONFIRM_PENDING: the outcome is being checked", body = ApiErrorBody)))]
pub async fn execute_in_app(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    AppJson(req): AppJson<TossPayExecuteRequest>,
) -> Result<Json<OrderView>, AppError> {
    execute_checkout(&state, &caller, &req.order_id, ProviderId::apps_in_toss()).await
}
