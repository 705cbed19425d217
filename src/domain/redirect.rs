//! The query strings Toss appends to `successUrl` and `failUrl`, parsed into typed values.
//!
//! | flow | successUrl gets | failUrl gets |
//! |---|---|---|
//! | widget | `paymentType`, `orderId`, `paymentKey`, `amount` | `code`, `message`, `orderId` |
//! | payment window | `orderId`, `paymentKey`, `amount` (`paymentType` is parsed when present) | `code`, `message`, `orderId` |
//! | billing auth | `customerKey`, `authKey` | `code`, `message` |
//!
//! Unknown parameters (the merchant's own, like the sample's `billingMethod=CARD`) are
//! ignored; a documented parameter that is missing, repeated or malformed is an error.
//!
//! A successUrl's `amount` is only what the browser was sent to; it is **never** proof of what
//! to charge. The server compares it with its own order before confirming.

use serde::{Deserialize, Serialize};

use super::amount::{Amount, AmountError};
use super::auth_key::{AuthKey, AuthKeyError};
use super::customer_key::{CustomerKey, CustomerKeyError};
use super::order_id::{OrderId, OrderIdError};
use super::payment_key::{PaymentKey, PaymentKeyError};

/// Why a redirect query cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectQueryError {
    /// A documented parameter is absent.
    #[error("the address is missing `{0}`: open this page from the payment window's redirect")]
    Missing(&'static str),
    /// A documented parameter appears more than once.
    #[error("`{0}` appears more than once in the address")]
    Repeated(&'static str),
    /// `orderId` is malformed.
    #[error("orderId: {0}")]
    OrderId(#[from] OrderIdError),
    /// `paymentKey` is malformed.
    #[error("paymentKey: {0}")]
    PaymentKey(#[from] PaymentKeyError),
    /// `amount` is malformed.
    #[error("amount: {0}")]
    Amount(#[from] AmountError),
    /// `customerKey` is malformed.
    #[error("customerKey: {0}")]
    CustomerKey(#[from] CustomerKeyError),
    /// `paymentType` is not `NORMAL` or `BRANDPAY`.
    #[error("paymentType \"{0}\" is not NORMAL or BRANDPAY")]
    PaymentType(String),
    /// `authKey` is malformed.
    #[error("{0}")]
    AuthKey(#[from] AuthKeyError),
    /// `code` is empty.
    #[error("the failure code is empty")]
    Code,
    /// PortOne's window made no payment (its `error_msg`, shown as it is).
    #[error("{0}")]
    NoPayment(String),
}

/// `paymentType` of a widget successUrl (the widget adds it: d.ts `RequestPaymentWithRedirection$1`,
/// `{successUrl}?paymentType={PAYMENT_TYPE}&…`). BrandPay's own `requestPayment` adds none; the
/// BrandPay request of this crate puts `paymentType=BRANDPAY` in its successUrl itself, so one
/// success page confirms both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum PaymentType {
    /// An ordinary payment.
    Normal,
    /// A brandpay payment (confirmed through `/v1/brandpay/payments/confirm`).
    Brandpay,
}

/// The successUrl query of a one-time payment (widget or payment window).
///
/// ```
/// use leptos_tosspayments::domain::redirect::SuccessQuery;
///
/// let q = SuccessQuery::parse("?paymentType=NORMAL&orderId=order-0001&paymentKey=tgen_1&amount=50000")?;
/// assert_eq!(q.amount.value(), 50_000);
/// assert!(SuccessQuery::parse("?orderId=order-0001&paymentKey=tgen_1&amount=-5").is_err());
/// # Ok::<(), leptos_tosspayments::domain::redirect::RedirectQueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SuccessQuery {
    /// `NORMAL` or `BRANDPAY`; absent on the payment window.
    pub payment_type: Option<PaymentType>,
    /// The order.
    pub order_id: OrderId,
    /// The payment to confirm.
    pub payment_key: PaymentKey,
    /// What the browser says was authenticated (to be checked by the server).
    pub amount: Amount,
}

/// The failUrl query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailQuery {
    /// The error code, e.g. `PAY_PROCESS_CANCELED`, `REJECT_CARD_COMPANY`.
    pub code: String,
    /// Toss's (Korean) message.
    pub message: String,
    /// The order, absent for billing auth.
    pub order_id: Option<OrderId>,
}

/// The successUrl query of a billing authentication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingSuccessQuery {
    /// The buyer.
    pub customer_key: CustomerKey,
    /// The one-time key the server exchanges for a billing key.
    pub auth_key: AuthKey,
}

/// The decoded `name=value` pairs of a query string (with or without the leading `?`).
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn new(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        Pairs(
            form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn optional(&self, name: &'static str) -> Result<Option<&str>, RedirectQueryError> {
        let mut found = self.0.iter().filter(|(k, _)| k == name);
        let first = found.next().map(|(_, v)| v.as_str());
        if found.next().is_some() {
            return Err(RedirectQueryError::Repeated(name));
        }
        Ok(first)
    }

    fn required(&self, name: &'static str) -> Result<&str, RedirectQueryError> {
        self.optional(name)?
            .ok_or(RedirectQueryError::Missing(name))
    }
}

impl SuccessQuery {
    /// Parses `location.search` of the successUrl page.
    pub fn parse(query: &str) -> Result<Self, RedirectQueryError> {
        let p = Pairs::new(query);
        let payment_type = match p.optional("paymentType")? {
            None => None,
            Some("NORMAL") => Some(PaymentType::Normal),
            Some("BRANDPAY") => Some(PaymentType::Brandpay),
            Some(other) => return Err(RedirectQueryError::PaymentType(other.to_owned())),
        };
        Ok(SuccessQuery {
            payment_type,
            order_id: OrderId::parse(p.required("orderId")?)?,
            payment_key: PaymentKey::parse(p.required("paymentKey")?)?,
            amount: Amount::parse_krw(p.required("amount")?)?,
        })
    }
}

/// The query Toss Pay sends the buyer back with (`retUrl`, `retCancelUrl`): the order
/// (`orderNo`, the storefront's order id) and what Toss Pay says happened (`PAY_APPROVED` or
/// `PAY_CANCEL`; the official guide's query, `?orderNo=1&status=PAY_APPROVED`). The status is
/// the buyer's address, so it only chooses the page: the server executes and verifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TossPayReturnQuery {
    /// The order.
    pub order_id: OrderId,
    /// `status` as the address says it (untrusted).
    pub status: Option<String>,
}

impl TossPayReturnQuery {
    /// Parses `location.search` of the retUrl or retCancelUrl page.
    ///
    /// ```
    /// use leptos_tosspayments::domain::redirect::TossPayReturnQuery;
    ///
    /// let q = TossPayReturnQuery::parse("?orderNo=order-0001&status=PAY_APPROVED")?;
    /// assert_eq!(q.order_id.as_str(), "order-0001");
    /// assert!(TossPayReturnQuery::parse("?status=PAY_APPROVED").is_err());
    /// # Ok::<(), leptos_tosspayments::domain::redirect::RedirectQueryError>(())
    /// ```
    pub fn parse(query: &str) -> Result<Self, RedirectQueryError> {
        let p = Pairs::new(query);
        Ok(TossPayReturnQuery {
            order_id: OrderId::parse(p.required("orderNo")?)?,
            status: p.optional("status")?.map(str::to_owned),
        })
    }
}

/// What PortOne's `m_redirect_url` page receives: `imp_uid` (absent when the window made no
/// payment), `merchant_uid`, and on failure `error_code` and `error_msg` (PortOne's auth
/// guide; the older redirect guide adds `imp_success`, which is never read: the server
/// verifies the payment `imp_uid` names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortOneRedirectQuery {
    /// PortOne's payment, if one was made.
    pub imp_uid: Option<String>,
    /// The order.
    pub merchant_uid: OrderId,
    /// Why not, in PortOne's words.
    pub error_msg: Option<String>,
}

impl PortOneRedirectQuery {
    /// Parses `location.search` of the `m_redirect_url` page.
    ///
    /// ```
    /// use leptos_tosspayments::domain::redirect::PortOneRedirectQuery;
    ///
    /// let q = PortOneRedirectQuery::parse("?imp_uid=imp_1&merchant_uid=order-0001&imp_success=true")?;
    /// assert_eq!(q.imp_uid.as_deref(), Some("imp_1"));
    /// assert!(PortOneRedirectQuery::parse("?imp_uid=imp_1").is_err());
    /// # Ok::<(), leptos_tosspayments::domain::redirect::RedirectQueryError>(())
    /// ```
    pub fn parse(query: &str) -> Result<Self, RedirectQueryError> {
        let p = Pairs::new(query);
        Ok(PortOneRedirectQuery {
            merchant_uid: OrderId::parse(p.required("merchant_uid")?)?,
            imp_uid: p
                .optional("imp_uid")?
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
            error_msg: p.optional("error_msg")?.map(str::to_owned),
        })
    }
}

impl FailQuery {
    /// Parses `location.search` of the failUrl page.
    pub fn parse(query: &str) -> Result<Self, RedirectQueryError> {
        let p = Pairs::new(query);
        let code = p.required("code")?;
        if code.is_empty() {
            return Err(RedirectQueryError::Code);
        }
        let order_id = match p.optional("orderId")? {
            Some(id) => Some(OrderId::parse(id)?),
            None => None,
        };
        Ok(FailQuery {
            code: code.to_owned(),
            message: p.optional("message")?.unwrap_or_default().to_owned(),
            order_id,
        })
    }
}

impl BillingSuccessQuery {
    /// Parses `location.search` of the billing successUrl page.
    pub fn parse(query: &str) -> Result<Self, RedirectQueryError> {
        let p = Pairs::new(query);
        let customer_key = CustomerKey::parse(p.required("customerKey")?)?;
        let auth_key = AuthKey::parse(p.required("authKey")?)?;
        Ok(BillingSuccessQuery {
            customer_key,
            auth_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_query_keeps_merchant_parameters_out() {
        let q = SuccessQuery::parse(
            "from=cart&paymentType=NORMAL&orderId=ord_123456&paymentKey=pk_1&amount=1000",
        )
        .unwrap();
        assert_eq!(q.payment_type, Some(PaymentType::Normal));
        assert_eq!(q.order_id.as_str(), "ord_123456");
    }

    #[test]
    fn malformed_success_queries_say_what_is_wrong() {
        let cases = [
            ("orderId=ord_123456&paymentKey=pk&amount=", "amount"),
            ("orderId=ord_123456&paymentKey=pk", "missing `amount`"),
            ("orderId=ord&paymentKey=pk&amount=1", "6 to 64"),
            (
                "orderId=ord_123456&orderId=ord_654321&paymentKey=pk&amount=1",
                "more than once",
            ),
            ("orderId=ord_123456&paymentKey=&amount=1", "paymentKey"),
            (
                "paymentType=FREE&orderId=ord_123456&paymentKey=pk&amount=1",
                "NORMAL or BRANDPAY",
            ),
            (
                "orderId=ord_123456&paymentKey=pk&amount=1e3",
                "whole number",
            ),
        ];
        for (q, want) in cases {
            let err = SuccessQuery::parse(q).unwrap_err().to_string();
            assert!(err.contains(want), "{q}: {err}");
        }
    }

    #[test]
    fn fail_query_decodes_the_message() {
        let q = FailQuery::parse("?code=PAY_PROCESS_CANCELED&message=%EC%82%AC%EC%9A%A9%EC%9E%90%EC%97%90+%EC%9D%98%ED%95%B4&orderId=ord_123456").unwrap();
        assert_eq!(q.code, "PAY_PROCESS_CANCELED");
        assert_eq!(q.message, "사용자에 의해");
        assert!(FailQuery::parse("?message=x").is_err());
        assert_eq!(
            FailQuery::parse("?code=REJECT_CARD_COMPANY&message=x")
                .unwrap()
                .order_id,
            None
        );
    }

    #[test]
    fn billing_query_keeps_the_sample_prefix_out() {
        let q =
            BillingSuccessQuery::parse("?billingMethod=CARD&customerKey=cust-1&authKey=bln_abc")
                .unwrap();
        assert_eq!(q.customer_key.as_str(), "cust-1");
        assert_eq!(q.auth_key.as_str(), "bln_abc");
        assert!(BillingSuccessQuery::parse("?customerKey=cust-1&authKey=").is_err());
    }
}
