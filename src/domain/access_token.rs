//! The bearer token that lets a buyer's browser act on what it created.

use std::fmt;

use serde::Serialize;

/// Why a string is not an [`AccessToken`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccessTokenError {
    /// Not 32 to 128 characters.
    #[error("access token has {0} characters: it has 32 to 128")]
    Length(usize),
    /// A character outside `A-Z a-z 0-9 - _`.
    #[error("access token contains '{0}': it is URL-safe base64 or hex")]
    Character(char),
}

/// A bearer token the companion server issues once, in the answer that creates an order
/// (`accessToken` of `POST /api/orders` and `POST /api/billing/charge`) or registers a billing
/// method (`POST /api/billing/issue`). Cancelling that order, or charging that billing
/// method, then needs it as `Authorization: Bearer <token>`: an order id or a customer key
/// alone, which travel in URLs and `GET /api/orders/{orderId}`, move no money.
///
/// This is the companion server's own API, not Toss's. The server keeps only a SHA-256 hash
/// of it. The format is 32–128 URL-safe characters; the server issues 64 hex digits.
///
/// ```
/// use leptos_tosspayments::AccessToken;
///
/// assert!(AccessToken::parse(&"ab12".repeat(16)).is_ok());
/// assert!(AccessToken::parse("short").is_err());
/// assert!(AccessToken::parse(&"a b ".repeat(16)).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AccessToken(String);

impl AccessToken {
    /// Checks `value` against the format above.
    pub fn parse(value: &str) -> Result<Self, AccessTokenError> {
        let len = value.chars().count();
        if !(32..=128).contains(&len) {
            return Err(AccessTokenError::Length(len));
        }
        if let Some(c) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(AccessTokenError::Character(c));
        }
        Ok(AccessToken(value.to_owned()))
    }

    /// The token as text, for the `Authorization` header or the browser's storage.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Redacted, so a token in a logged struct is not a credential in the log.
impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(..)")
    }
}

super::deserialize_via_parse!(AccessToken, AccessTokenError);
