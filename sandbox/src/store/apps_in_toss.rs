//! Apps-in-Toss' Toss Pay partner API (`pay-apps-in-toss-api.toss.im/api-partner/v1/
//! apps-in-toss/pay/*`): the in-app payments of a mini-app, on the same Toss Pay payments as
//! `pay.toss.im`'s (the same statuses and fields), but created without return URLs or callback,
//! for one Toss user (`x-toss-user-key`), with `isTestPayment`, and refunded in full only.
//!
//! Source: the Apps-in-Toss Toss Pay develop guide and API reference
//! (`developers-apps-in-toss.toss.im/tosspay/develop.md`); `docs/research/tosspay-and-apps-in-toss.md`
//! quotes them. mTLS is not emulated; the guesses are listed in CONFORMANCE.md.

use serde_json::Value;

use super::tosspay::{NewPayment, check_payment};
use super::*;

/// `make-payment`'s body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InAppCreate {
    /// ≤ 50 of `A-Za-z0-9_-:.^@`.
    pub order_no: String,
    /// 1–255 characters.
    pub product_desc: String,
    /// ≤ 7 digits.
    pub amount: i64,
    /// Required.
    pub amount_tax_free: Option<i64>,
    /// Required.
    pub is_test_payment: Option<bool>,
}

/// `execute-payment`'s, `refund-payment`'s and `get-payment-status`'s body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InAppPayment {
    /// The payment.
    #[serde(default)]
    pub pay_token: Option<String>,
    /// Its order (execute: checked when sent; status: instead of the payToken).
    #[serde(default)]
    pub order_no: Option<String>,
    /// Required.
    pub is_test_payment: Option<bool>,
    /// `refund-payment`: ≤ 55 characters.
    #[serde(default)]
    pub reason: Option<String>,
}

fn test_flag(flag: Option<bool>) -> Result<(), ApiError> {
    // Required by both official texts; what `true` means is contradictory between them, so the
    // sandbox takes either value (a guess).
    flag.map(drop).ok_or_else(|| {
        ApiError::new(
            "COMMON_INVALID_PARAMETER",
            "isTestPayment는 필수입니다. (isTestPayment is required)",
        )
    })
}

impl Store {
    /// The payToken a call names, once it is `user_key`'s.
    fn in_app_token(
        &mut self,
        req: &InAppPayment,
        user_key: &str,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        test_flag(req.is_test_payment)?;
        let token = match (&req.pay_token, &req.order_no) {
            (Some(t), _) => t.clone(),
            (None, Some(o)) => self.tosspay_token_of(o).ok_or_else(|| {
                ApiError::new(
                    "COMMON_INVALID_PARAMETER",
                    "sandbox: no payment for this orderNo",
                )
            })?,
            (None, None) => {
                return Err(ApiError::new(
                    "COMMON_INVALID_PARAMETER",
                    "payToken 또는 orderNo가 필요합니다.",
                ));
            }
        };
        let mine = self
            .tosspay_belongs_to(&token, Some(user_key), now)
            .unwrap_or(false);
        if !mine {
            // A guess: another Toss user's payment (or a web one) is not found for this user.
            return Err(ApiError::new(
                "COMMON_INVALID_PARAMETER",
                "sandbox: no such payment for this x-toss-user-key",
            ));
        }
        Ok(token)
    }

    /// `make-payment`: `{payToken}` (no checkout page: the mini-app opens the sheet with
    /// `checkoutPayment`).
    pub fn in_app_create(
        &mut self,
        req: InAppCreate,
        user_key: &str,
        now: OffsetDateTime,
    ) -> Result<Value, ApiError> {
        test_flag(req.is_test_payment)?;
        let tax_free = check_payment(
            &req.order_no,
            &req.product_desc,
            req.amount,
            req.amount_tax_free,
        )?;
        let pay_token = self.tosspay_insert(
            NewPayment {
                order_no: req.order_no,
                amount: req.amount,
                amount_tax_free: tax_free,
                ret_urls: None,
                user_key: Some(user_key.to_owned()),
                auto_execute: false,
                result_callback: None,
            },
            now,
        )?;
        Ok(serde_json::json!({ "payToken": pay_token }))
    }

    /// `execute-payment`: as `pay.toss.im`'s execute, for the payment's own user.
    pub fn in_app_execute(
        &mut self,
        req: InAppPayment,
        user_key: &str,
        now: OffsetDateTime,
    ) -> Result<(Value, Vec<Event>), ApiError> {
        let pay_token = self.in_app_token(&req, user_key, now)?;
        self.tosspay_execute(
            TossPayExecute {
                pay_token,
                order_no: req.order_no,
            },
            now,
        )
    }

    /// `refund-payment`: everything that remains (the API takes no amount and no refundNo, so a
    /// repeated call after a full refund fails).
    pub fn in_app_refund(
        &mut self,
        req: InAppPayment,
        user_key: &str,
        now: OffsetDateTime,
    ) -> Result<Value, ApiError> {
        if req.reason.as_ref().is_some_and(|r| r.chars().count() > 55) {
            return Err(ApiError::new(
                "COMMON_INVALID_PARAMETER",
                "reason은 55자 이하여야 합니다.",
            ));
        }
        let pay_token = self.in_app_token(&req, user_key, now)?;
        self.tosspay_refund(
            TossPayRefund {
                pay_token,
                refund_no: Some(token("air")[..32].to_owned()),
                amount: None,
                reason: None,
            },
            now,
        )
    }

    /// `get-payment-status`.
    pub fn in_app_status(
        &mut self,
        req: InAppPayment,
        user_key: &str,
        now: OffsetDateTime,
    ) -> Result<Value, ApiError> {
        let pay_token = self.in_app_token(&req, user_key, now)?;
        self.tosspay_status(
            TossPayStatusQuery {
                pay_token: Some(pay_token),
                order_no: None,
            },
            now,
        )
    }
}
