//! The Toss Pay API client (`https://pay.toss.im/api/v2/*`, or the sandbox's stand-in under
//! the same paths). Source: the Toss Pay API reference (seed 003; `docs-pay.toss.im`).
//!
//! Every call is a JSON `POST` with the merchant's `apiKey` in the body, answered `{code: 0, …}`
//! or `{code: -1, errorCode, msg}`. The `apiKey` is a secret like Toss's secret key: it lives in
//! this client only (`TOSSPAY_API_KEY`), never in a log or an answer.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

/// Toss Pay's host.
pub const DEFAULT_BASE: &str = "https://pay.toss.im";

/// A failed call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TossPayError {
    /// Toss Pay answered `code: -1`: it refused.
    #[error("Toss Pay refused: {error_code} ({msg})")]
    Refused {
        /// `errorCode` (an open set: `COMMON_INVALID_PARAMETER`, `PAYMENT_EXISTING_PAYMENT`, …).
        error_code: String,
        /// `msg` (Korean).
        msg: String,
    },
    /// No answer in time: it may have been done anyway.
    #[error("Toss Pay did not answer in time")]
    Timeout,
    /// The connection failed: it may have been done anyway.
    #[error("Toss Pay could not be reached: {0}")]
    Network(String),
    /// An answer without Toss Pay's envelope (a proxy's page, a 5xx).
    #[error("Toss Pay answered HTTP {0} without its JSON envelope")]
    Unreadable(u16),
}

impl TossPayError {
    /// Whether the call may have happened anyway (the payment must be looked up).
    pub fn is_in_doubt(&self) -> bool {
        !matches!(self, TossPayError::Refused { .. })
    }

    /// Toss Pay's `errorCode`, if it answered one.
    pub fn code(&self) -> Option<&str> {
        match self {
            TossPayError::Refused { error_code, .. } => Some(error_code),
            _ => None,
        }
    }
}

/// A transport failure as a [`TossPayError`] (the URL left out of it).
pub(crate) fn network_error(e: reqwest::Error) -> TossPayError {
    if e.is_timeout() {
        TossPayError::Timeout
    } else {
        TossPayError::Network(e.without_url().to_string())
    }
}

/// Toss Pay's `apiKey`: `Debug` shows nothing of it.
#[derive(Clone)]
pub struct TossPayKey(SecretString);

impl TossPayKey {
    /// A key (Toss Pay's test keys start with `sk_test_`).
    pub fn parse(raw: &str) -> Result<TossPayKey, String> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 30 || !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("TOSSPAY_API_KEY must have 1 to 30 printable ASCII characters".to_owned());
        }
        Ok(TossPayKey(SecretString::from(raw.to_owned())))
    }

    /// Whether it is a test key (no real money).
    pub fn is_test(&self) -> bool {
        self.0.expose_secret().starts_with("sk_test_")
    }
}

impl std::fmt::Debug for TossPayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TossPayKey([redacted])")
    }
}

/// The client.
#[derive(Clone)]
pub struct TossPayClient {
    http: reqwest::Client,
    base: String,
    key: TossPayKey,
}

impl std::fmt::Debug for TossPayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TossPayClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl TossPayClient {
    /// A client for `base` (Toss Pay's or the sandbox's) that gives up after `timeout`.
    pub fn new(base: &str, key: TossPayKey, timeout: Duration) -> Self {
        TossPayClient {
            http: crate::toss::http_client(timeout),
            base: base.trim_end_matches('/').to_owned(),
            key,
        }
    }

    /// `POST {base}{path}` with `body` and the `apiKey`; the answer's body on `code: 0`.
    async fn post(&self, path: &str, mut body: Value) -> Result<Value, TossPayError> {
        body["apiKey"] = json!(self.key.0.expose_secret());
        let network = network_error;
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .map_err(network)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(network)?;
        let answer: Value =
            serde_json::from_slice(&bytes).map_err(|_| TossPayError::Unreadable(status))?;
        match answer.get("code").and_then(Value::as_i64) {
            Some(0) => Ok(answer),
            Some(_) => Err(TossPayError::Refused {
                error_code: answer
                    .get("errorCode")
                    .and_then(Value::as_str)
                    .unwrap_or("UNKNOWN")
                    .chars()
                    .take(40)
                    .collect(),
                msg: answer
                    .get("msg")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .chars()
                    .take(120)
                    .collect(),
            }),
            None => Err(TossPayError::Unreadable(status)),
        }
    }

    /// `POST /api/v2/payments`: a payment for the order, answered `{payToken, checkoutPage}`.
    pub async fn create(&self, payment: &Value) -> Result<Value, TossPayError> {
        self.post("/api/v2/payments", payment.clone()).await
    }

    /// `POST /api/v2/execute` with the order number checked by Toss Pay.
    pub async fn execute(&self, pay_token: &str, order_no: &str) -> Result<Value, TossPayError> {
        self.post(
            "/api/v2/execute",
            json!({"payToken": pay_token, "orderNo": order_no}),
        )
        .await
    }

    /// `POST /api/v2/refunds` (idempotent per `refund_no`; `amount` absent refunds the rest).
    pub async fn refund(
        &self,
        pay_token: &str,
        refund_no: &str,
        amount: Option<i64>,
        reason: &str,
    ) -> Result<Value, TossPayError> {
        let mut body = json!({"payToken": pay_token, "refundNo": refund_no, "reason": reason});
        if let Some(amount) = amount {
            body["amount"] = json!(amount);
            body["amountTaxFree"] = json!(0);
        }
        self.post("/api/v2/refunds", body).await
    }

    /// `POST /api/v2/status` by `payToken`.
    pub async fn status(&self, pay_token: &str) -> Result<Value, TossPayError> {
        self.post("/api/v2/status", json!({"payToken": pay_token}))
            .await
    }
}
