//! PortOne's V1 REST API client (`https://api.iamport.kr`, or the sandbox's stand-in under the
//! same paths). Sources: PortOne's V1 API reference (`v1.openapi.yml`), its access-token guide
//! and the official REST clients; `docs/research/portone.md` quotes them.
//!
//! - Access tokens come from `POST /users/getToken` with the REST API key and secret
//!   (`PORTONE_API_KEY`, `PORTONE_API_SECRET`). A token lives 30 minutes; the client keeps it
//!   until 30 seconds before its `expired_at` (measured against the answer's `now`, so a skewed
//!   clock does not matter), and a 401 (expired or revoked early) gets one fresh token and one
//!   retry. The secret and the tokens are never logged nor answered.
//! - Every answer is `{code, message, response}`: `code: 0` is success; a refusal is HTTP 200
//!   with another code; an unknown payment or billing key is HTTP 404.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// PortOne's host.
pub const DEFAULT_BASE: &str = "https://api.iamport.kr";

/// How long before its `expired_at` a token is replaced (PortOne's PHP client: 30 s).
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// A failed call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortOneError {
    /// PortOne answered and refused (`code != 0`): nothing happened.
    #[error("PortOne refused: {message} (code {code})")]
    Refused {
        /// PortOne's `code` (`-1`, `1`, …).
        code: i64,
        /// PortOne's `message` (Korean).
        message: String,
    },
    /// No such payment or billing key (HTTP 404).
    #[error("PortOne has no such payment or billing key: {0}")]
    NotFound(String),
    /// The REST API key and secret were refused (HTTP 401 on `getToken`).
    #[error("PortOne refused the REST API key and secret (PORTONE_API_KEY, PORTONE_API_SECRET)")]
    BadKeys,
    /// No answer in time: it may have been done anyway.
    #[error("PortOne did not answer in time")]
    Timeout,
    /// The connection failed: it may have been done anyway.
    #[error("PortOne could not be reached: {0}")]
    Network(String),
    /// An answer without PortOne's envelope (a proxy's page, a 5xx, a 401 after a new token).
    #[error("PortOne answered HTTP {0} without its envelope")]
    Unreadable(u16),
}

impl PortOneError {
    /// Whether the call may have happened anyway (the payment must be looked up).
    pub fn is_in_doubt(&self) -> bool {
        matches!(
            self,
            PortOneError::Timeout | PortOneError::Network(_) | PortOneError::Unreadable(_)
        )
    }
}

/// The REST API key and secret (`imp_key`, `imp_secret`): `Debug` shows neither.
#[derive(Clone)]
pub struct PortOneKeys {
    key: String,
    secret: SecretString,
}

impl PortOneKeys {
    /// A key and its secret, each 1–200 printable ASCII characters.
    pub fn new(key: &str, secret: &str) -> Result<PortOneKeys, String> {
        let ok =
            |s: &str| !s.is_empty() && s.len() <= 200 && s.bytes().all(|b| b.is_ascii_graphic());
        if !ok(key.trim()) || !ok(secret.trim()) {
            return Err(
                "PortOne's REST API key and secret: 1 to 200 printable ASCII characters each"
                    .to_owned(),
            );
        }
        Ok(PortOneKeys {
            key: key.trim().to_owned(),
            secret: SecretString::from(secret.trim().to_owned()),
        })
    }
}

impl std::fmt::Debug for PortOneKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PortOneKeys([redacted])")
    }
}

/// A token and when to stop using it.
struct Token {
    value: SecretString,
    until: Instant,
}

/// The client; clones share the token.
#[derive(Clone)]
pub struct PortOneClient {
    http: reqwest::Client,
    base: String,
    keys: PortOneKeys,
    token: Arc<Mutex<Option<Token>>>,
}

impl std::fmt::Debug for PortOneClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortOneClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

fn network(e: reqwest::Error) -> PortOneError {
    if e.is_timeout() {
        PortOneError::Timeout
    } else {
        PortOneError::Network(e.without_url().to_string())
    }
}

impl PortOneClient {
    /// A client for `base` (PortOne's or the sandbox's) that gives up after `timeout`.
    pub fn new(base: &str, keys: PortOneKeys, timeout: Duration) -> Self {
        PortOneClient {
            http: crate::toss::http_client(timeout),
            base: base.trim_end_matches('/').to_owned(),
            keys,
            token: Arc::new(Mutex::new(None)),
        }
    }

    /// The live token (a new one when `fresh`, or when the kept one is about to expire).
    async fn token(&self, fresh: bool) -> Result<SecretString, PortOneError> {
        let mut kept = self.token.lock().await;
        if !fresh
            && let Some(token) = kept.as_ref()
            && token.until > Instant::now()
        {
            return Ok(token.value.clone());
        }
        let asked = Instant::now();
        let response = self
            .http
            .post(format!("{}/users/getToken", self.base))
            .json(
                &json!({"imp_key": self.keys.key, "imp_secret": self.keys.secret.expose_secret()}),
            )
            .send()
            .await
            .map_err(network)?;
        if response.status().as_u16() == 401 {
            return Err(PortOneError::BadKeys);
        }
        let answer = envelope(response).await?;
        let value = answer
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or(PortOneError::Unreadable(200))?;
        let seconds = |name: &str| answer.get(name).and_then(Value::as_i64).unwrap_or(0);
        let life = (seconds("expired_at") - seconds("now")).clamp(0, 3_600) as u64;
        let token = Token {
            value: SecretString::from(value.to_owned()),
            until: asked + Duration::from_secs(life).saturating_sub(EXPIRY_MARGIN),
        };
        let value = token.value.clone();
        *kept = Some(token);
        Ok(value)
    }

    /// One call with the token; a 401 gets a fresh token and one retry.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, PortOneError> {
        let mut fresh = false;
        loop {
            let token = self.token(fresh).await?;
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base))
                .bearer_auth(token.expose_secret());
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await.map_err(network)?;
            if response.status().as_u16() == 401 && !fresh {
                fresh = true;
                continue;
            }
            return envelope(response).await;
        }
    }

    /// `GET /payments/{imp_uid}`.
    pub async fn payment(&self, imp_uid: &str) -> Result<Value, PortOneError> {
        self.call(
            Method::GET,
            &format!("/payments/{}", segment(imp_uid)),
            None,
        )
        .await
    }

    /// `GET /payments/find/{merchant_uid}`: the order's latest payment.
    pub async fn find(&self, merchant_uid: &str) -> Result<Value, PortOneError> {
        self.call(
            Method::GET,
            &format!("/payments/find/{}", segment(merchant_uid)),
            None,
        )
        .await
    }

    /// Pre-registers `amount` as the only amount PortOne's window may charge for
    /// `merchant_uid` (`POST /payments/prepare`; a registered one is read with `GET` and, when
    /// it differs, changed with `PUT`). PortOne then stops a window for another amount before
    /// anything is paid: its guide's "결제정보 사전 검증".
    pub async fn prepare(&self, merchant_uid: &str, amount: i64) -> Result<(), PortOneError> {
        let body = json!({"merchant_uid": merchant_uid, "amount": amount});
        match self
            .call(Method::POST, "/payments/prepare", Some(&body))
            .await
        {
            Ok(_) => Ok(()),
            // Registered already (a second window for the same order): the same amount is
            // fine, another is changed.
            Err(PortOneError::Refused { .. }) => {
                let registered = self
                    .call(
                        Method::GET,
                        &format!("/payments/prepare/{}", segment(merchant_uid)),
                        None,
                    )
                    .await?;
                if registered.get("amount").and_then(Value::as_i64) == Some(amount) {
                    return Ok(());
                }
                self.call(Method::PUT, "/payments/prepare", Some(&body))
                    .await
                    .map(drop)
            }
            Err(e) => Err(e),
        }
    }

    /// `POST /payments/cancel` of `amount` (`None`: everything that remains), if the
    /// refundable balance is still `checksum` (so a repeated cancel fails instead of cancelling
    /// twice).
    pub async fn cancel(
        &self,
        imp_uid: &str,
        amount: Option<i64>,
        checksum: i64,
        reason: &str,
    ) -> Result<Value, PortOneError> {
        let mut body = json!({"imp_uid": imp_uid, "checksum": checksum, "reason": reason});
        if let Some(amount) = amount {
            body["amount"] = json!(amount);
        }
        self.call(Method::POST, "/payments/cancel", Some(&body))
            .await
    }

    /// `POST /subscribe/customers/{customer_uid}`: issues a billing key for a card.
    pub async fn issue_customer(
        &self,
        customer_uid: &str,
        card: &Value,
    ) -> Result<Value, PortOneError> {
        self.call(
            Method::POST,
            &format!("/subscribe/customers/{}", segment(customer_uid)),
            Some(card),
        )
        .await
    }

    /// `GET /subscribe/customers/{customer_uid}`: the billing key, if PortOne has it.
    pub async fn customer(&self, customer_uid: &str) -> Result<Value, PortOneError> {
        self.call(
            Method::GET,
            &format!("/subscribe/customers/{}", segment(customer_uid)),
            None,
        )
        .await
    }

    /// `DELETE /subscribe/customers/{customer_uid}`: deletes the billing key.
    pub async fn delete_customer(&self, customer_uid: &str) -> Result<Value, PortOneError> {
        self.call(
            Method::DELETE,
            &format!("/subscribe/customers/{}", segment(customer_uid)),
            None,
        )
        .await
    }

    /// `POST /subscribe/payments/again`: charges a billing key.
    pub async fn again(&self, charge: &Value) -> Result<Value, PortOneError> {
        self.call(Method::POST, "/subscribe/payments/again", Some(charge))
            .await
    }

    /// `POST /subscribe/payments/onetime`: charges a card once.
    pub async fn onetime(&self, charge: &Value) -> Result<Value, PortOneError> {
        self.call(Method::POST, "/subscribe/payments/onetime", Some(charge))
            .await
    }
}

/// A path segment, percent-encoded.
fn segment(raw: &str) -> String {
    raw.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `{code, message, response}` → `response` on `code: 0`.
async fn envelope(response: reqwest::Response) -> Result<Value, PortOneError> {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.map_err(network)?;
    let answer: Value =
        serde_json::from_slice(&bytes).map_err(|_| PortOneError::Unreadable(status))?;
    let message = || {
        answer
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect::<String>()
    };
    if status == 404 {
        return Err(PortOneError::NotFound(message()));
    }
    match answer.get("code").and_then(Value::as_i64) {
        Some(0) if status == 200 => Ok(answer.get("response").cloned().unwrap_or(Value::Null)),
        Some(code) if status == 200 => Err(PortOneError::Refused {
            code,
            message: message(),
        }),
        _ => Err(PortOneError::Unreadable(status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_never_printed_and_ids_are_path_segments() {
        let keys = PortOneKeys::new("imp_apikey", "s3cr3t").unwrap();
        assert_eq!(format!("{keys:?}"), "PortOneKeys([redacted])");
        assert!(PortOneKeys::new("", "x").is_err());
        assert_eq!(segment("imp_123/../x"), "imp_123%2F..%2Fx");
        assert!(PortOneError::Timeout.is_in_doubt());
        assert!(!PortOneError::NotFound(String::new()).is_in_doubt());
    }
}
