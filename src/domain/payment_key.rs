//! The payment key Toss issues after the buyer authenticates.

use std::fmt;

use serde::Serialize;

/// The longest payment key Toss issues.
pub const MAX_LEN: usize = 200;

/// Why a string is not a [`PaymentKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentKeyError {
    /// The key is empty.
    #[error("payment key is empty: it is the paymentKey Toss put in the successUrl")]
    Empty,
    /// The key is longer than 200 characters.
    #[error("payment key has {0} characters: a payment key has at most 200")]
    TooLong(usize),
    /// The key contains whitespace, a control character or non-ASCII text.
    #[error("payment key contains '{0}': a payment key is printable ASCII without spaces")]
    Character(char),
}

/// A Toss payment key: 1–200 characters.
///
/// The references give only the length (confirm body: `paymentKey` ≤ 200). Toss's keys are
/// URL-safe ASCII in every example; this type additionally refuses whitespace, control and
/// non-ASCII characters, because the key is placed in Core API paths
/// (`/v1/payments/{paymentKey}`) and in logs. Paths still percent-encode it.
///
/// ```
/// use leptos_tosspayments::PaymentKey;
///
/// assert!(PaymentKey::parse("5zJ4xY7m0kODnyRpQWGrN2xqGlNvLrKwv1M9ENjbeoPaZdL6").is_ok());
/// assert!(PaymentKey::parse("").is_err());
/// assert!(PaymentKey::parse("has space").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PaymentKey(String);

impl PaymentKey {
    /// Checks `value` against the documented length and the character rule above.
    pub fn parse(value: &str) -> Result<Self, PaymentKeyError> {
        let len = value.chars().count();
        if len == 0 {
            return Err(PaymentKeyError::Empty);
        }
        if len > MAX_LEN {
            return Err(PaymentKeyError::TooLong(len));
        }
        if let Some(c) = value.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(PaymentKeyError::Character(c));
        }
        Ok(PaymentKey(value.to_owned()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PaymentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::deserialize_via_parse!(PaymentKey, PaymentKeyError);
