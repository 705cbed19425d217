//! Toss Payments through PortOne: what the browser asks the server. `GET /api/portone/config`
//! gives `IMP.init`'s merchant code and the SDK's URL; `POST /api/portone/verify` verifies the
//! payment the window (callback or `m_redirect_url`) names, through the ledger, exactly once:
//! PortOne's record of `imp_uid` must be for this order (`merchant_uid`) and its amount, and
//! nothing the browser says about the amount or the outcome is read.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::portone::merchant_uid_is_valid;
use leptos_tosspayments::domain::server_api::{
    ApiErrorBody, BillingView, OrderStatus, OrderView, PortOneBillingIssueRequest,
    PortOneConfigView, PortOnePrepareRequest, PortOneVerifyRequest,
};

use crate::access::MaybeProof;
use crate::error::{AppError, AppJson};
use crate::identity::Caller;
use crate::provider::{PaymentId, ProviderId};
use crate::state::AppState;

/// The browser's side of PortOne: the merchant code and where the SDK is.
#[derive(Debug, Clone)]
pub struct PortOneBrowser {
    /// `IMP.init`'s merchant identification code (`imp` + digits; public).
    pub merchant_code: String,
    /// The SDK (`https://cdn.iamport.kr/v1/iamport.js`, or the sandbox's).
    pub sdk_url: String,
}

fn browser(state: &AppState) -> Result<&PortOneBrowser, AppError> {
    state.portone.as_ref().ok_or_else(|| {
        AppError::conflict(
            ErrorCode::ProviderUnavailable,
            "this server takes no PortOne payments (set PORTONE_API_KEY, PORTONE_API_SECRET and PORTONE_MERCHANT_CODE)",
        )
    })
}

/// `GET /api/portone/config`.
#[utoipa::path(get, path = "/api/portone/config", tag = "portone",
    responses((status = 200, description = "IMP.init's merchant code and the SDK's URL", body = PortOneConfigView),
              (status = 409, description = "PROVIDER_UNAVAILABLE", body = ApiErrorBody)))]
pub async fn config(
    State(state): State<Arc<AppState>>,
) -> Result<Json<PortOneConfigView>, AppError> {
    let browser = browser(&state)?;
    Ok(Json(PortOneConfigView {
        merchant_code: browser.merchant_code.clone(),
        sdk_url: browser.sdk_url.clone(),
        pg: "tosspayments".to_owned(),
    }))
}

/// `POST /api/portone/prepare`: before the window opens, the stored order's amount is
/// pre-registered with PortOne for its `merchant_uid`, so a window changed in the browser is
/// stopped before any payment (PortOne's "결제정보 사전 검증"); answers what `IMP.init` needs.
#[utoipa::path(post, path = "/api/portone/prepare", tag = "portone", request_body = PortOnePrepareRequest,
    responses((status = 200, description = "The amount is registered; IMP.init's merchant code and the SDK's URL", body = PortOneConfigView),
              (status = 400, description = "An order id PortOne would refuse as merchant_uid", body = ApiErrorBody),
              (status = 409, description = "NOT_PAYABLE, PROVIDER_UNAVAILABLE", body = ApiErrorBody),
              (status = 502, description = "PortOne did not answer", body = ApiErrorBody)))]
pub async fn prepare(
    State(state): State<Arc<AppState>>,
    AppJson(req): AppJson<PortOnePrepareRequest>,
) -> Result<Json<PortOneConfigView>, AppError> {
    let view = config(State(state.clone())).await?;
    if !merchant_uid_is_valid(req.merchant_uid.as_str()) {
        return Err(AppError::bad(
            ErrorCode::InvalidOrderId,
            "PortOne's merchant_uid has at most 40 characters",
        ));
    }
    let order = crate::orders::load(&state.db, &req.merchant_uid).await?;
    if !matches!(order.status, OrderStatus::Created | OrderStatus::Failed) {
        return Err(AppError::conflict(
            ErrorCode::NotPayable,
            format!("a {} order cannot be paid", order.status.as_str()),
        ));
    }
    let client = state.portone_client.as_ref().ok_or_else(|| {
        AppError::conflict(
            ErrorCode::ProviderUnavailable,
            "this server takes no PortOne payments",
        )
    })?;
    client
        .prepare(order.order_id.as_str(), order.amount)
        .await
        .map_err(|e| AppError::Upstream(e.into()))?;
    Ok(view)
}

/// `POST /api/portone/verify`.
#[utoipa::path(post, path = "/api/portone/verify", tag = "portone", request_body = PortOneVerifyRequest,
    responses((status = 200, description = "Verified (or already)", body = OrderView),
              (status = 400, description = "Bad input", body = ApiErrorBody),
              (status = 402, description = "The payment failed at PortOne", body = ApiErrorBody),
              (status = 409, description = "AMOUNT_MISMATCH, PAYMENT_NOT_FOR_ORDER, ALREADY_PAID, ORDER_EXPIRED", body = ApiErrorBody),
              (status = 503, description = "CONFIRM_PENDING: the outcome is being checked", body = ApiErrorBody)))]
pub async fn verify(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    AppJson(req): AppJson<PortOneVerifyRequest>,
) -> Result<Json<OrderView>, AppError> {
    browser(&state)?;
    if !merchant_uid_is_valid(req.merchant_uid.as_str()) {
        return Err(AppError::bad(
            ErrorCode::InvalidOrderId,
            "PortOne's merchant_uid has at most 40 characters",
        ));
    }
    let payment = PaymentId::parse(&req.imp_uid)
        .map_err(|e| AppError::bad(ErrorCode::InvalidBody, format!("imp_uid: {e}")))?;
    crate::confirm::confirm_stored(
        &state,
        &caller,
        &ProviderId::portone(),
        &req.merchant_uid,
        &payment,
    )
    .await
    .map(Json)
}

/// `POST /api/portone/billing/issue`.
#[utoipa::path(post, path = "/api/portone/billing/issue", tag = "portone", request_body = PortOneBillingIssueRequest,
    params(("Authorization" = Option<String>, Header, description = "`Bearer <token>` of the current method, to replace it (or be the signed-in customer)")),
    responses((status = 200, description = "The registered method and, for a new one, its access token", body = BillingView),
              (status = 403, description = "ACCESS_DENIED: another customer, or a replacement without the signed-in customer or the method's token", body = ApiErrorBody),
              (status = 404, description = "PortOne has no billing key for this customer", body = ApiErrorBody)))]
pub async fn billing_issue(
    State(state): State<Arc<AppState>>,
    MaybeProof(proof): MaybeProof,
    AppJson(req): AppJson<PortOneBillingIssueRequest>,
) -> Result<Json<BillingView>, AppError> {
    Ok(Json(
        crate::portone_billing::issue(&state, &proof, &req.customer_key).await?,
    ))
}
