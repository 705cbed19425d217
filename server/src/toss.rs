//! The Toss Core API client: Basic auth of `secretKey:` (padded base64), `Idempotency-Key` on
//! every POST, `Accept-Language`, a timeout, and errors that say whether the outcome is known.

use std::time::Duration;

use leptos_tosspayments::{AuthKey, CustomerKey, OrderId, PaymentKey, PaymentStatus, SecretKey};

pub use crate::toss_code::TossCode;
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Toss's Core API.
pub const DEFAULT_API_BASE: &str = "https://api.tosspayments.com";

/// What this server reads of BrandPay's AccessToken object (`{accessToken, refreshToken,
/// tokenType, expiresIn}`): the tokens themselves are never deserialized, so they are never
/// held, logged or stored.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayAuthorization {
    /// Always `bearer`.
    pub token_type: String,
    /// Seconds.
    pub expires_in: u64,
}

/// A Payment object, read leniently: unknown fields are ignored, nullable fields are options.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// The payment key.
    pub payment_key: String,
    /// The order id.
    pub order_id: String,
    /// `READY` … `EXPIRED` (unknown values kept).
    pub status: PaymentStatus,
    /// The Korean method label, when known.
    #[serde(default)]
    pub method: Option<String>,
    /// `KRW` (or `USD` for foreign payments), as Toss reports it.
    #[serde(default)]
    pub currency: Option<String>,
    /// The authenticated amount.
    pub total_amount: i64,
    /// What remains after cancels.
    pub balance_amount: i64,
    /// When approved.
    #[serde(default)]
    pub approved_at: Option<String>,
    /// Virtual-account callback secret.
    #[serde(default)]
    pub secret: Option<String>,
    /// Virtual account.
    #[serde(default)]
    pub virtual_account: Option<VirtualAccount>,
    /// Failure details.
    #[serde(default)]
    pub failure: Option<Value>,
    /// The cancels so far (`null` before the first).
    #[serde(default)]
    pub cancels: Option<Vec<Cancel>>,
}

/// One element of `Payment.cancels`, the parts the server keeps. It is also the `data` of a
/// `CANCEL_STATUS_CHANGED` webhook (a foreign easy pay's cancel).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cancel {
    /// The cancel transaction.
    pub transaction_key: String,
    /// `DONE`, `IN_PROGRESS` or `ABORTED` (foreign easy pays cancel asynchronously).
    #[serde(default)]
    pub cancel_status: Option<String>,
}

/// `Payment.virtualAccount`, the parts the server keeps.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccount {
    /// Account number.
    pub account_number: String,
    /// Bank code.
    pub bank_code: String,
    /// Deadline (`yyyy-MM-dd'T'HH:mm:ss±hh:mm`).
    pub due_date: String,
    /// Whether the account has expired ("가상계좌의 만료 여부"). At the deadline Toss leaves
    /// the payment `WAITING_FOR_DEPOSIT` and sends no webhook, so this and `due_date` are how
    /// an unpaid account is known to be over.
    #[serde(default)]
    pub expired: bool,
}

/// The Billing object of `POST /v1/billing/authorizations/issue`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    /// The billing key (kept on the server only).
    pub billing_key: String,
    /// The customer.
    pub customer_key: String,
    /// The Korean method label.
    #[serde(default)]
    pub method: Option<String>,
    /// Card details.
    #[serde(default)]
    pub card: Option<Value>,
}

/// A failed call to Toss.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TossError {
    /// Toss answered `{code, message}` with an error status.
    #[error("Toss answered {status}: {code} ({message})")]
    Api {
        /// HTTP status.
        status: u16,
        /// Toss's code.
        code: String,
        /// Toss's message.
        message: String,
    },
    /// No answer in time.
    #[error("Toss did not answer in time")]
    Timeout,
    /// The connection failed or was lost before an answer.
    #[error("Toss could not be reached or the connection was lost: {0}")]
    Network(String),
    /// An answer that is not the documented JSON.
    #[error("Toss sent an unreadable answer: {0}")]
    Decode(String),
}

impl TossError {
    /// Whether Toss may have done the operation anyway: the outcome must be looked up with the
    /// query API before anything is concluded (timeouts, lost connections, 5xx, 409,
    /// unreadable answers, and the codes [`TossCode::is_in_doubt`] names).
    pub fn is_in_doubt(&self) -> bool {
        match self {
            TossError::Timeout | TossError::Network(_) | TossError::Decode(_) => true,
            TossError::Api { status, code, .. } => {
                *status >= 500 || *status == 409 || TossCode::parse(code).is_in_doubt()
            }
        }
    }

    /// Toss's code, typed, if it answered.
    pub fn toss_code(&self) -> Option<TossCode> {
        self.code().map(TossCode::parse)
    }

    /// Toss's code, if it answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            TossError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    #[serde(default)]
    message: String,
}

/// The client. Cloning shares the connection pool.
#[derive(Clone)]
pub struct TossClient {
    http: reqwest::Client,
    base: String,
    auth: secrecy::SecretString,
}

impl std::fmt::Debug for TossClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TossClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// The HTTP client every provider call goes through: rustls, the server's user agent, and
/// `timeout` for the whole call (connecting within at most 5 s of it).
pub fn http_client(timeout: Duration) -> reqwest::Client {
    http_client_with(timeout, None).expect("a reqwest client with rustls builds")
}

/// [`http_client`] presenting `identity` (an mTLS client certificate) when given: Apps-in-Toss'
/// partner API authenticates its callers so.
pub fn http_client_with(
    timeout: Duration,
    identity: Option<reqwest::Identity>,
) -> Result<reqwest::Client, reqwest::Error> {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .user_agent(concat!("tosspayments-server/", env!("CARGO_PKG_VERSION")));
    if let Some(identity) = identity {
        builder = builder.identity(identity);
    }
    builder.build()
}

/// `cancelReason`, `cancelAmount`, `refundReceiveAccount`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelBody {
    /// Why.
    pub cancel_reason: String,
    /// Omit for everything that remains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_amount: Option<i64>,
    /// For a deposited virtual account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_receive_account: Option<Value>,
}

impl TossClient {
    /// A client for `base` (Toss's or the sandbox's) that gives up after `timeout`.
    pub fn new(base: &str, secret: &SecretKey, timeout: Duration) -> Self {
        TossClient {
            http: http_client(timeout),
            base: base.trim_end_matches('/').to_owned(),
            auth: secret.authorization_header(),
        }
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, TossError> {
        let response = req
            .header("Authorization", self.auth.expose_secret())
            .header("Accept-Language", "ko")
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    TossError::Timeout
                } else {
                    TossError::Network(e.without_url().to_string())
                }
            })?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| {
            if e.is_timeout() {
                TossError::Timeout
            } else {
                TossError::Network(e.without_url().to_string())
            }
        })?;
        if status == StatusCode::OK {
            return serde_json::from_slice(&bytes).map_err(|e| TossError::Decode(e.to_string()));
        }
        match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(e) => Err(TossError::Api {
                status: status.as_u16(),
                code: e.code,
                message: e.message,
            }),
            // Not Toss's `{code, message}` (a proxy's or load balancer's page): its text is
            // logged here, never passed on to API clients.
            Err(_) => {
                let text: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
                tracing::warn!(status = status.as_u16(), body = %text, "Toss answered without its JSON error body");
                Err(TossError::Api {
                    status: status.as_u16(),
                    code: format!("HTTP_{}", status.as_u16()),
                    message: format!("Toss answered {} without an error body", status.as_u16()),
                })
            }
        }
    }

    fn post(&self, path: &str, idempotency_key: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}{path}", self.base))
            .header("Idempotency-Key", idempotency_key)
    }

    /// `POST /v1/payments/confirm`.
    pub async fn confirm(
        &self,
        payment_key: &PaymentKey,
        order_id: &OrderId,
        amount: i64,
        idempotency_key: &str,
    ) -> Result<Payment, TossError> {
        let body =
            serde_json::json!({ "paymentKey": payment_key, "orderId": order_id, "amount": amount });
        self.send(
            self.post("/v1/payments/confirm", idempotency_key)
                .json(&body),
        )
        .await
    }

    /// `POST /v1/brandpay/payments/confirm` `{paymentKey, amount, customerKey, orderId}`
    /// (BrandPay API reference; Toss's sample `express-javascript/server.js`).
    pub async fn brandpay_confirm(
        &self,
        payment_key: &PaymentKey,
        order_id: &OrderId,
        amount: i64,
        customer_key: &CustomerKey,
        idempotency_key: &str,
    ) -> Result<Payment, TossError> {
        let body = serde_json::json!({
            "paymentKey": payment_key,
            "orderId": order_id,
            "amount": amount,
            "customerKey": customer_key,
        });
        self.send(
            self.post("/v1/brandpay/payments/confirm", idempotency_key)
                .json(&body),
        )
        .await
    }

    /// `POST /v1/brandpay/authorizations/access-token` with `grantType: AuthorizationCode`: the
    /// code BrandPay sent to the redirectUrl, for `customer_key`. The tokens are not kept (the
    /// SDK needs none of them; BrandPay's own method-management APIs would).
    pub async fn brandpay_authorize(
        &self,
        customer_key: &CustomerKey,
        code: &str,
    ) -> Result<BrandpayAuthorization, TossError> {
        let body = serde_json::json!({
            "grantType": "AuthorizationCode",
            "customerKey": customer_key,
            "code": code,
        });
        // The exchange itself is idempotent on Toss's side (a code is used once).
        let key = format!("brandpay-code-{}", crate::access::sha256_hex(code));
        self.send(
            self.post("/v1/brandpay/authorizations/access-token", &key)
                .json(&body),
        )
        .await
    }

    /// `GET /v1/payments/{paymentKey}`.
    pub async fn payment(&self, payment_key: &PaymentKey) -> Result<Payment, TossError> {
        self.send(self.http.get(format!(
            "{}/v1/payments/{}",
            self.base,
            encode(payment_key.as_str())
        )))
        .await
    }

    /// `GET /v1/payments/orders/{orderId}`.
    pub async fn payment_by_order(&self, order_id: &OrderId) -> Result<Payment, TossError> {
        self.send(self.http.get(format!(
            "{}/v1/payments/orders/{}",
            self.base,
            encode(order_id.as_str())
        )))
        .await
    }

    /// `POST /v1/payments/{paymentKey}/cancel`.
    pub async fn cancel(
        &self,
        payment_key: &PaymentKey,
        body: &CancelBody,
        idempotency_key: &str,
    ) -> Result<Payment, TossError> {
        let path = format!("/v1/payments/{}/cancel", encode(payment_key.as_str()));
        self.send(self.post(&path, idempotency_key).json(body))
            .await
    }

    /// `POST /v1/billing/authorizations/issue`.
    pub async fn issue_billing_key(
        &self,
        auth_key: &AuthKey,
        customer_key: &CustomerKey,
        idempotency_key: &str,
    ) -> Result<Billing, TossError> {
        let body = serde_json::json!({ "authKey": auth_key, "customerKey": customer_key });
        self.send(
            self.post("/v1/billing/authorizations/issue", idempotency_key)
                .json(&body),
        )
        .await
    }

    /// `POST /v1/billing/{billingKey}`.
    pub async fn charge_billing_key(
        &self,
        billing_key: &str,
        body: &Value,
        idempotency_key: &str,
    ) -> Result<Payment, TossError> {
        let path = format!("/v1/billing/{}", encode(billing_key));
        self.send(self.post(&path, idempotency_key).json(body))
            .await
    }
}

impl TossClient {
    /// `DELETE /v1/billing/{billingKey}`: the billing key can no longer be charged. Known from
    /// secondary notes only ("exists"); nothing is read from its answer (sandbox/CONFORMANCE.md).
    pub async fn delete_billing_key(&self, billing_key: &str) -> Result<(), TossError> {
        let path = format!("{}/v1/billing/{}", self.base, encode(billing_key));
        self.send::<Value>(self.http.delete(path)).await.map(drop)
    }
}

/// Percent-encodes a path segment (payment keys and order ids are URL-safe already; this is a
/// guard, not a transformation).
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A proxy in front of Toss answers with its own HTML page: its text stays out of the error
    /// that reaches API clients.
    #[tokio::test]
    async fn a_non_json_error_page_is_not_passed_on() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let page = axum::Router::new().fallback(|| async {
            (
                axum::http::StatusCode::BAD_GATEWAY,
                "<html>upstream 10.0.3.7:8443 reset, trace id 5f2c</html>",
            )
        });
        tokio::spawn(async move { axum::serve(listener, page).await.unwrap() });
        let secret = SecretKey::parse("test_sk_abcdefghij").unwrap();
        let client = TossClient::new(&base, &secret, Duration::from_secs(5));
        let key = PaymentKey::parse("pk_1").unwrap();
        let err = client.payment(&key).await.unwrap_err();
        assert!(err.is_in_doubt(), "a 502 is in doubt");
        let text = err.to_string();
        assert!(
            !text.contains("10.0.3.7") && !text.contains("<html>"),
            "{text}"
        );
        assert_eq!(err.code(), Some("HTTP_502"));
    }
}
