//! BrandPay's redirectUrl: `GET /api/brandpay/callback?code&customerKey`.
//!
//! When a buyer registers a method in BrandPay (terms agreed, password set), Toss sends the
//! browser to the redirectUrl of `brandpay({customerKey, redirectUrl})` with a one-time
//! `code` and the `customerKey` (V2 BrandPay guide, `guides/v2/brandpay/auth`). The merchant
//! checks that the customer key is the buyer's own ("쿼리 파라미터의 customerKey 값과 결제 요청
//! 시 보낸 customerKey 값이 같은지 반드시 확인하세요"), then exchanges the code for an access
//! token with the secret key (`POST /v1/brandpay/authorizations/access-token`,
//! `grantType: AuthorizationCode`). So BrandPay needs a signed-in customer
//! ([`crate::identity`]): a guest, or a key that is not the signed-in customer's, is refused
//! before Toss is called. The tokens are not kept: the SDK needs none of them (the guide: store
//! them only to manage methods through BrandPay's own APIs).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use leptos_tosspayments::CustomerKey;
use leptos_tosspayments::domain::error_code::ErrorCode;
use leptos_tosspayments::domain::server_api::BrandpayAuthorizedView;
use serde::Deserialize;

use crate::error::{AppError, AppQuery};
use crate::identity::Caller;
use crate::state::AppState;
use crate::toss::TossError;

/// The redirect's query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct Callback {
    /// The one-time authorization code.
    pub code: String,
    /// The customer BrandPay registered the method for.
    pub customer_key: String,
}

/// `GET /api/brandpay/callback`.
#[utoipa::path(get, path = "/api/brandpay/callback", tag = "brandpay", params(Callback),
    responses((status = 200, description = "The code was exchanged for the signed-in customer", body = BrandpayAuthorizedView),
              (status = 400, description = "Bad input: `{code, message}`", body = leptos_tosspayments::domain::server_api::ApiErrorBody),
              (status = 401, description = "ACCESS_TOKEN_REQUIRED: nobody is signed in", body = leptos_tosspayments::domain::server_api::ApiErrorBody),
              (status = 403, description = "ACCESS_DENIED: a guest, or another customer's key", body = leptos_tosspayments::domain::server_api::ApiErrorBody),
              (status = 402, description = "Toss refused the code (Toss's code)", body = leptos_tosspayments::domain::server_api::ApiErrorBody)))]
pub async fn callback(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    AppQuery(q): AppQuery<Callback>,
) -> Result<Json<BrandpayAuthorizedView>, AppError> {
    let customer = CustomerKey::parse(&q.customer_key)
        .map_err(|e| AppError::bad(ErrorCode::InvalidQuery, e.to_string()))?;
    if q.code.is_empty() || q.code.len() > 300 || !q.code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::bad(
            ErrorCode::InvalidQuery,
            "code must have 1 to 300 printable ASCII characters",
        ));
    }
    if customer.is_anonymous() {
        return Err(AppError::Forbidden(
            "BrandPay needs a signed-in customer, not ANONYMOUS".to_owned(),
        ));
    }
    match &caller.0 {
        None => {
            return Err(AppError::Unauthenticated(
                "sign in: BrandPay's code is exchanged for the signed-in customer only".to_owned(),
            ));
        }
        Some(me) if *me != customer => {
            tracing::warn!(
                "BrandPay callback refused: the customer key is not the signed-in customer's"
            );
            return Err(AppError::Forbidden(
                "this customer key is not the signed-in customer's".to_owned(),
            ));
        }
        Some(_) => {}
    }
    let authorized = state
        .toss
        .brandpay_authorize(&customer, &q.code)
        .await
        .map_err(|e| match e {
            TossError::Api { code, message, .. } => AppError::PaymentFailed { code, message },
            other => AppError::Upstream(other.into()),
        })?;
    tracing::info!(
        expires_in = authorized.expires_in,
        "BrandPay code exchanged"
    );
    Ok(Json(BrandpayAuthorizedView {
        customer_key: customer,
        expires_in: authorized.expires_in,
    }))
}
