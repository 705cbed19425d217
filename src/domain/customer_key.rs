//! The merchant's identifier of a buyer, as the SDK sees it.

use std::fmt;

use serde::Serialize;

/// The shortest customer key.
pub const MIN_LEN: usize = 2;
/// The longest customer key: the SDK's own validation (the guide says 300; the stricter wins).
pub const MAX_LEN: usize = 50;
/// The special characters a customer key may contain besides ASCII letters and digits. None is
/// required: the SDK's d.ts (`WidgetsParams.customerKey`, "영문 대소문자, 숫자, 특수문자 `-`, `_`,
/// `=`, `.`, `@` 중 최소 1개를 포함하는 최소 2자 이상 최대 50자 이하의 문자열") means "made of at
/// least one of these", its runtime message says "2~50 characters of these", and Toss's own samples
/// generate keys such as `btoa(Math.random()).slice(0, 20)` that hold none. Source:
/// `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`; `sandbox/CONFORMANCE.md`.
pub const SPECIAL: &[char] = &['-', '_', '=', '.', '@'];
/// The SDK's guest-checkout value, `TossPayments.ANONYMOUS`.
pub const ANONYMOUS: &str = "@@ANONYMOUS";

/// Why a string is not a [`CustomerKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CustomerKeyError {
    /// Shorter than 2 or longer than 50 characters.
    #[error("customer key has {0} characters: a customer key has 2 to 50")]
    Length(usize),
    /// Contains a character outside the allowed set.
    #[error(
        "customer key contains '{0}': only letters, digits and the special characters - _ = . @ are allowed"
    )]
    Character(char),
    /// Looks like a Toss secret key (the SDK answers `INSECURE_KEY_USAGE`).
    #[error("customer key looks like a Toss secret key: never put a secret key in the browser")]
    LooksLikeSecretKey,
}

/// A customer key: 2–50 characters of ASCII letters, digits and `- _ = . @` (none of the special
/// characters is required), or the guest value [`CustomerKey::anonymous`].
///
/// It must not be guessable: use [`CustomerKey::generate`] (a UUID), not an email address,
/// phone number or member number.
///
/// ```
/// use leptos_tosspayments::CustomerKey;
///
/// let key = CustomerKey::parse("8d3a2c4e-7b1f-4f6a-9f0e-2d5c1b7a9e33")?;
/// assert!(!key.is_anonymous());
/// assert!(CustomerKey::anonymous().is_anonymous());
/// assert!(CustomerKey::parse("a").is_err());           // too short
/// assert!(CustomerKey::parse("user1234").is_ok());     // no special character is needed
/// assert!(CustomerKey::parse("kim@toss").is_ok());
/// assert!(CustomerKey::parse("kim toss").is_err());    // space
/// # Ok::<(), leptos_tosspayments::CustomerKeyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CustomerKey(String);

impl CustomerKey {
    /// Checks `value` against the SDK's rules.
    pub fn parse(value: &str) -> Result<Self, CustomerKeyError> {
        let len = value.chars().count();
        if !(MIN_LEN..=MAX_LEN).contains(&len) {
            return Err(CustomerKeyError::Length(len));
        }
        if let Some(c) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || SPECIAL.contains(c)))
        {
            return Err(CustomerKeyError::Character(c));
        }
        if super::keys::is_secret_key_shaped(value) {
            return Err(CustomerKeyError::LooksLikeSecretKey);
        }
        Ok(CustomerKey(value.to_owned()))
    }

    /// The guest-checkout key, the SDK's `TossPayments.ANONYMOUS` (`"@@ANONYMOUS"`).
    pub fn anonymous() -> Self {
        CustomerKey(ANONYMOUS.to_owned())
    }

    /// A new random customer key: a version-4 UUID such as
    /// `8d3a2c4e-7b1f-4f6a-9f0e-2d5c1b7a9e33` (hyphens are the special characters).
    #[cfg(any(not(target_arch = "wasm32"), feature = "browser"))]
    pub fn generate() -> Self {
        CustomerKey(crate::random::uuid_v4())
    }

    /// Whether this is the guest-checkout key.
    pub fn is_anonymous(&self) -> bool {
        self.0 == ANONYMOUS
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CustomerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::deserialize_via_parse!(CustomerKey, CustomerKeyError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse() {
        for _ in 0..200 {
            let k = CustomerKey::generate();
            assert_eq!(CustomerKey::parse(k.as_str()), Ok(k));
        }
    }

    #[test]
    fn anonymous_is_a_valid_key() {
        assert_eq!(CustomerKey::parse(ANONYMOUS), Ok(CustomerKey::anonymous()));
    }

    #[test]
    fn keys_generated_as_the_official_samples_do_parse() {
        // `btoa(Math.random()).slice(0, 20)`, a ULID, a hyphenless UUID, an ObjectId, a user id.
        for key in [
            "MC4yMzQ1Njc4OTAxMjM0",
            "01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "8d3a2c4e7b1f4f6a9f0e2d5c1b7a9e33",
            "507f1f77bcf86cd799439011",
            "user1234",
            "ab",
        ] {
            assert!(CustomerKey::parse(key).is_ok(), "{key}");
        }
    }

    #[test]
    fn secret_keys_are_refused() {
        assert_eq!(
            CustomerKey::parse("test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6"),
            Err(CustomerKeyError::LooksLikeSecretKey)
        );
    }
}
