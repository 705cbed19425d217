//! The one-time key of a billing authentication.

use std::fmt;

use serde::Serialize;

/// The longest auth key accepted.
pub const MAX_LEN: usize = 300;

/// Why a string is not an [`AuthKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthKeyError {
    /// The key is empty or longer than 300 characters.
    #[error("authKey has {0} characters: it has 1 to 300")]
    Length(usize),
    /// The key contains whitespace, a control character or non-ASCII text.
    #[error("authKey contains '{0}': it is printable ASCII without spaces")]
    Character(char),
}

/// The `authKey` Toss puts in the billing successUrl, exchanged once by the server for a
/// billing key (`POST /v1/billing/authorizations/issue`).
///
/// The references document no format for it. Every example is URL-safe ASCII (`bln_…`), so
/// this type takes 1–300 printable ASCII characters without spaces: the server also puts the
/// key in the `Idempotency-Key` header of the issue call, where other text cannot be sent.
///
/// ```
/// use leptos_tosspayments::AuthKey;
///
/// assert!(AuthKey::parse("bln_a1B2c3D4e5").is_ok());
/// assert!(AuthKey::parse("").is_err());
/// assert!(AuthKey::parse("bln 1").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AuthKey(String);

impl AuthKey {
    /// Checks `value` against the rule above.
    pub fn parse(value: &str) -> Result<Self, AuthKeyError> {
        let len = value.chars().count();
        if len == 0 || len > MAX_LEN {
            return Err(AuthKeyError::Length(len));
        }
        if let Some(c) = value.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(AuthKeyError::Character(c));
        }
        Ok(AuthKey(value.to_owned()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AuthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::deserialize_via_parse!(AuthKey, AuthKeyError);
