//! Apps-in-Toss: Toss Pay inside the Toss app. A mini-app's server mints the payment with
//! Apps-in-Toss' partner API (`https://pay-apps-in-toss-api.toss.im/api-partner/v1/
//! apps-in-toss/pay/*`, or the sandbox's stand-in under the same paths), the mini-app opens
//! Toss's sheet with `checkoutPayment({ params: { payToken } })`, and the server executes.
//!
//! Source: the Apps-in-Toss Toss Pay develop guide and API reference
//! (`developers-apps-in-toss.toss.im/tosspay/develop.md`, quoted in
//! `docs/research/tosspay-and-apps-in-toss.md` §2.5). What differs from `pay.toss.im`:
//! - the caller is authenticated by an **mTLS client certificate** (issued in the Apps-in-Toss
//!   console), not an `apiKey` in the body;
//! - every call acts for **one Toss user**: `x-toss-user-key`, the `userKey` of Toss login;
//! - every call carries **`isTestPayment`** (the two official texts disagree on what `true`
//!   means: the develop guide's examples send `true` for test payments, which this client
//!   follows, configurable with [`PartnerClient::test_payment`]);
//! - answers are wrapped: `{resultType: "SUCCESS", success: {…}}`;
//! - make-payment answers only `{payToken}` (no checkout page, no return URLs, no callback);
//! - refunds take no amount and no `refundNo`: the whole remaining amount, once.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use leptos_tosspayments::domain::tosspay::user_key_is_valid;
use serde_json::{Value, json};

use crate::error::AppError;
use crate::state::AppState;
use crate::tosspay::TossPayError;

/// The partner API's host.
pub const DEFAULT_BASE: &str = "https://pay-apps-in-toss-api.toss.im";

const PAY: &str = "/api-partner/v1/apps-in-toss/pay";

/// A Toss user's `userKey` (Toss login), as `x-toss-user-key` carries it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TossUserKey(String);

impl TossUserKey {
    /// Checks a key ([`user_key_is_valid`]: the sandbox's rule too).
    pub fn parse(raw: &str) -> Result<TossUserKey, String> {
        if user_key_is_valid(raw) {
            Ok(TossUserKey(raw.to_owned()))
        } else {
            Err("a Toss userKey has 1 to 64 of A-Z, a-z, 0-9, _ and -".to_owned())
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TossUserKey {
    /// Only a prefix: a user key identifies a person at Toss.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(3).collect();
        write!(f, "TossUserKey({shown}…)")
    }
}

/// Maps a request to the Toss user signed in with Toss login (the mini-app's `appLogin()`,
/// whose `authorizationCode` the storefront exchanged at `generate-token` and read with
/// `login-me`). Implement it over the storefront's session; [`NoTossLogin`] is the default.
///
/// ```
/// use async_trait::async_trait;
/// use axum::http::request::Parts;
/// use tosspayments_server::apps_in_toss::{TossLogin, TossUserKey};
///
/// /// The storefront's own session middleware put the signed-in Toss user in the request.
/// #[derive(Debug)]
/// struct FromSession;
///
/// #[async_trait]
/// impl TossLogin for FromSession {
///     async fn toss_user(&self, parts: &Parts) -> Option<TossUserKey> {
///         parts.extensions.get::<TossUserKey>().cloned()
///     }
/// }
/// ```
#[async_trait]
pub trait TossLogin: Send + Sync + fmt::Debug {
    /// The Toss user signed in on this request, if any (proven, never a claim of the browser).
    async fn toss_user(&self, parts: &Parts) -> Option<TossUserKey>;
}

/// Nobody is ever signed in with Toss: Apps-in-Toss checkouts answer 401.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTossLogin;

#[async_trait]
impl TossLogin for NoTossLogin {
    async fn toss_user(&self, _: &Parts) -> Option<TossUserKey> {
        None
    }
}

/// The sandbox's Toss login: the Toss user is the `ait_sandbox_user` cookie that the bridge
/// stand-in (`/apps-in-toss/bridge.js`) sets, as the Toss app has its user signed in. It
/// exists only for a client of the sandbox ([`SandboxTossLogin::for_client`]).
#[derive(Debug, Clone, Copy)]
pub struct SandboxTossLogin(());

/// The cookie the bridge stand-in sets.
pub const SANDBOX_USER_COOKIE: &str = "ait_sandbox_user";

impl SandboxTossLogin {
    /// The sandbox's login, for a client that does not talk to Toss's partner API (a cookie
    /// never signs anyone in against real money).
    pub fn for_client(client: &PartnerClient) -> Result<SandboxTossLogin, String> {
        if client.is_toss() {
            return Err(format!(
                "the sandbox's Toss login is refused with {DEFAULT_BASE}: sign Toss users in with your own TossLogin"
            ));
        }
        Ok(SandboxTossLogin(()))
    }
}

#[async_trait]
impl TossLogin for SandboxTossLogin {
    async fn toss_user(&self, parts: &Parts) -> Option<TossUserKey> {
        parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SANDBOX_USER_COOKIE)
            .and_then(|(_, value)| TossUserKey::parse(value).ok())
    }
}

/// The shared Toss login of a server.
pub type SharedTossLogin = Arc<dyn TossLogin>;

/// The Toss user of a request, or a 401 `TOSS_LOGIN_REQUIRED`.
#[derive(Debug, Clone)]
pub struct TossUser(pub TossUserKey);

impl FromRequestParts<Arc<AppState>> for TossUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, AppError> {
        state
            .toss_login
            .toss_user(parts)
            .await
            .map(TossUser)
            .ok_or(AppError::TossLoginRequired)
    }
}

/// The partner API's client.
#[derive(Clone)]
pub struct PartnerClient {
    http: reqwest::Client,
    base: String,
    test_payment: bool,
}

impl fmt::Debug for PartnerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerClient")
            .field("base", &self.base)
            .field("test_payment", &self.test_payment)
            .finish_non_exhaustive()
    }
}

impl PartnerClient {
    /// A client for `base` (Toss's or the sandbox's) that presents `identity` (the mTLS client
    /// certificate and key, PEM; required by Toss's host) and gives up after `timeout`.
    pub fn new(
        base: &str,
        identity: Option<reqwest::Identity>,
        timeout: Duration,
    ) -> Result<PartnerClient, String> {
        let base = base.trim_end_matches('/').to_owned();
        if base == DEFAULT_BASE && identity.is_none() {
            return Err(format!(
                "{DEFAULT_BASE} takes only mTLS clients: give the certificate of the Apps-in-Toss console"
            ));
        }
        let http = crate::toss::http_client_with(timeout, identity)
            .map_err(|e| format!("the partner API's client cannot be built: {e}"))?;
        Ok(PartnerClient {
            http,
            base,
            test_payment: true,
        })
    }

    /// Sends `isTestPayment: test` on every call (`true` unless told: the develop guide's
    /// reading; the API reference says the opposite, see the module's docs).
    pub fn test_payment(mut self, test: bool) -> PartnerClient {
        self.test_payment = test;
        self
    }

    /// Whether this client talks to Toss's own host.
    pub fn is_toss(&self) -> bool {
        self.base == DEFAULT_BASE
    }

    /// `POST {base}{PAY}/{call}` for `user` with `body` and `isTestPayment`; `success` on
    /// `resultType: SUCCESS`.
    async fn post(
        &self,
        call: &str,
        user: &TossUserKey,
        mut body: Value,
    ) -> Result<Value, TossPayError> {
        body["isTestPayment"] = json!(self.test_payment);
        let response = self
            .http
            .post(format!("{}{PAY}/{call}", self.base))
            .header("x-toss-user-key", user.as_str())
            .json(&body)
            .send()
            .await
            .map_err(crate::tosspay::network_error)?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(crate::tosspay::network_error)?;
        let answer: Value =
            serde_json::from_slice(&bytes).map_err(|_| TossPayError::Unreadable(status))?;
        envelope(answer, status)
    }

    /// `make-payment` (`orderNo`, `productDesc`, `amount`, `amountTaxFree`, …): `{payToken}`.
    pub async fn make_payment(
        &self,
        user: &TossUserKey,
        payment: &Value,
    ) -> Result<Value, TossPayError> {
        self.post("make-payment", user, payment.clone()).await
    }

    /// `execute-payment` with the order number (checked by Toss Pay).
    pub async fn execute(
        &self,
        user: &TossUserKey,
        pay_token: &str,
        order_no: &str,
    ) -> Result<Value, TossPayError> {
        self.post(
            "execute-payment",
            user,
            json!({"payToken": pay_token, "orderNo": order_no}),
        )
        .await
    }

    /// `refund-payment`: everything that remains (`reason` ≤ 55 characters).
    pub async fn refund(
        &self,
        user: &TossUserKey,
        pay_token: &str,
        reason: &str,
    ) -> Result<Value, TossPayError> {
        let reason: String = reason.chars().take(55).collect();
        self.post(
            "refund-payment",
            user,
            json!({"payToken": pay_token, "reason": reason}),
        )
        .await
    }

    /// `get-payment-status` by payToken: the same fields as `pay.toss.im`'s status.
    pub async fn status(&self, user: &TossUserKey, pay_token: &str) -> Result<Value, TossPayError> {
        self.post("get-payment-status", user, json!({"payToken": pay_token}))
            .await
    }
}

/// The partner API's envelope. `FAIL` is a refusal (its `error` object's shape is a guess:
/// `{errorCode, reason}`); the other non-`SUCCESS` types (`HTTP_TIMEOUT`, `NETWORK_ERROR`,
/// `EXECUTION_FAIL`, `INTERRUPTED`, `INTERNAL_ERROR`) leave the outcome unknown. A `success`
/// that is itself Toss Pay's `{code: -1, errorCode, msg}` is a refusal too.
fn envelope(answer: Value, status: u16) -> Result<Value, TossPayError> {
    let text = |v: &Value, name: &str, max: usize| -> String {
        v.get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .chars()
            .take(max)
            .collect()
    };
    match answer.get("resultType").and_then(Value::as_str) {
        Some("SUCCESS") => {
            let success = answer.get("success").cloned().unwrap_or(Value::Null);
            if success
                .get("code")
                .and_then(Value::as_i64)
                .is_some_and(|c| c != 0)
            {
                return Err(TossPayError::Refused {
                    error_code: text(&success, "errorCode", 40),
                    msg: text(&success, "msg", 120),
                });
            }
            Ok(success)
        }
        Some("FAIL") => {
            let error = answer.get("error").cloned().unwrap_or(Value::Null);
            let code = text(&error, "errorCode", 40);
            Err(TossPayError::Refused {
                error_code: if code.is_empty() {
                    "UNKNOWN".to_owned()
                } else {
                    code
                },
                msg: text(&error, "reason", 120),
            })
        }
        Some(other) => Err(TossPayError::Network(format!(
            "the partner API answered resultType {}",
            other.chars().take(20).collect::<String>()
        ))),
        None => Err(TossPayError::Unreadable(status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_tells_success_refusal_and_doubt_apart() {
        let ok = envelope(
            json!({"resultType": "SUCCESS", "success": {"payToken": "t"}}),
            200,
        );
        assert_eq!(ok.unwrap()["payToken"], "t");
        let refused = envelope(
            json!({"resultType": "FAIL", "error": {"errorCode": "PAYMENT_EXISTING_PAYMENT", "reason": "x"}}),
            200,
        );
        assert_eq!(
            refused.unwrap_err().code(),
            Some("PAYMENT_EXISTING_PAYMENT")
        );
        let inner = envelope(
            json!({"resultType": "SUCCESS", "success": {"code": -1, "errorCode": "E", "msg": "m"}}),
            200,
        );
        assert_eq!(inner.unwrap_err().code(), Some("E"));
        let doubt = envelope(json!({"resultType": "HTTP_TIMEOUT"}), 200).unwrap_err();
        assert!(doubt.is_in_doubt());
        assert!(envelope(json!({"oops": 1}), 502).unwrap_err().is_in_doubt());
    }

    #[test]
    fn user_keys_keep_the_shared_rule_and_are_not_printed() {
        assert!(TossUserKey::parse("443731104").is_ok());
        assert!(TossUserKey::parse("a~b").is_err());
        assert!(TossUserKey::parse("").is_err());
        let key = TossUserKey::parse("443731104").unwrap();
        assert_eq!(format!("{key:?}"), "TossUserKey(443…)");
    }

    #[test]
    fn tosss_host_needs_a_client_certificate_and_refuses_the_sandbox_login() {
        let timeout = Duration::from_secs(1);
        assert!(PartnerClient::new(DEFAULT_BASE, None, timeout).is_err());
        let sandbox = PartnerClient::new("http://127.0.0.1:9", None, timeout).unwrap();
        assert!(SandboxTossLogin::for_client(&sandbox).is_ok());
    }
}
