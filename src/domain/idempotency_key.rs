//! The caller's name for one request that moves money, sent as `Idempotency-Key`.

use std::fmt;

use serde::Serialize;

/// The longest idempotency key.
pub const MAX_LEN: usize = 100;

/// Why a string is not an [`IdempotencyKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdempotencyKeyError {
    /// Empty, or longer than 100 characters.
    #[error("idempotency key has {0} characters: an idempotency key has 1 to 100")]
    Length(usize),
    /// A character that is not printable ASCII (a space, a control character, non-ASCII).
    #[error(
        "idempotency key contains {0:?}: only printable ASCII characters (no space) are allowed"
    )]
    Character(char),
}

/// An `Idempotency-Key` for the companion server: 1–100 printable ASCII characters
/// (`!` to `~`, so no space and no control character).
///
/// The browser names each request that moves money with one — a cancellation
/// ([`crate::domain::server_api::paths::CANCEL`]), a billing charge
/// ([`crate::domain::server_api::paths::BILLING_CHARGE`]) — and sends the same key again when it
/// repeats that request after a failure it is unsure of (a network error, a timeout); the server
/// then answers with what the first request did instead of doing it twice. A new request the
/// buyer means takes a new key ([`IdempotencyKey::generate`]).
///
/// Source: the rule `tosspayments-server` applies to a caller's `Idempotency-Key` on
/// `POST /api/orders/{orderId}/cancel` (`server/src/cancel.rs`: 1 to 100 characters, each
/// `char::is_ascii_graphic`, else `INVALID_IDEMPOTENCY_KEY`). The billing charge accepts 1 to
/// 300 characters, so a key valid here is valid there too: the stricter rule is the type's.
/// The server prefixes the key with the order before it reaches Toss, whose own limit on
/// `Idempotency-Key` is 300 characters.
///
/// ```
/// use leptos_tosspayments::IdempotencyKey;
///
/// assert!(IdempotencyKey::parse("charge-2024-0001").is_ok());
/// assert!(IdempotencyKey::parse("").is_err());               // empty
/// assert!(IdempotencyKey::parse(&"k".repeat(101)).is_err()); // too long
/// assert!(IdempotencyKey::parse("two words").is_err());      // space
/// assert!(IdempotencyKey::parse("키").is_err());              // not ASCII
///
/// let fresh = IdempotencyKey::generate();
/// assert_ne!(fresh, IdempotencyKey::generate());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks `value` against the rule above.
    pub fn parse(value: &str) -> Result<Self, IdempotencyKeyError> {
        let len = value.chars().count();
        if !(1..=MAX_LEN).contains(&len) {
            return Err(IdempotencyKeyError::Length(len));
        }
        if let Some(c) = value.chars().find(|c| !c.is_ascii_graphic()) {
            return Err(IdempotencyKeyError::Character(c));
        }
        Ok(IdempotencyKey(value.to_owned()))
    }

    /// A new random key: a version-4 UUID (122 random bits from the operating system or the
    /// browser's `crypto.getRandomValues`), so no two requests share one by chance.
    #[cfg(any(not(target_arch = "wasm32"), feature = "browser"))]
    pub fn generate() -> Self {
        IdempotencyKey(crate::random::uuid_v4())
    }

    /// The key as text, for the `Idempotency-Key` header.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for IdempotencyKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

super::deserialize_via_parse!(IdempotencyKey, IdempotencyKeyError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_from_1_to_100_are_accepted() {
        assert_eq!(
            IdempotencyKey::parse(""),
            Err(IdempotencyKeyError::Length(0))
        );
        assert!(IdempotencyKey::parse("k").is_ok());
        assert!(IdempotencyKey::parse(&"k".repeat(100)).is_ok());
        assert_eq!(
            IdempotencyKey::parse(&"k".repeat(101)),
            Err(IdempotencyKeyError::Length(101))
        );
    }

    #[test]
    fn only_printable_ascii_is_accepted() {
        // Every printable ASCII character, as the server's `is_ascii_graphic` allows.
        let all: String = ('!'..='~').collect();
        assert_eq!(all.len(), 94);
        assert!(IdempotencyKey::parse(&all).is_ok());
        for (value, bad) in [
            ("two words", ' '),
            ("tab\there", '\t'),
            ("line\nbreak", '\n'),
            ("nul\0", '\0'),
            ("del\u{7f}", '\u{7f}'),
            ("멱등키", '멱'),
        ] {
            assert_eq!(
                IdempotencyKey::parse(value),
                Err(IdempotencyKeyError::Character(bad)),
                "{value:?}"
            );
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 100 characters, one of them not ASCII: refused for the character, not the length.
        let value = format!("{}é", "k".repeat(99));
        assert_eq!(
            IdempotencyKey::parse(&value),
            Err(IdempotencyKeyError::Character('é'))
        );
    }

    #[test]
    fn generated_keys_are_valid_and_distinct() {
        let keys: std::collections::HashSet<_> =
            (0..1000).map(|_| IdempotencyKey::generate()).collect();
        assert_eq!(keys.len(), 1000);
        for key in keys {
            assert_eq!(IdempotencyKey::parse(key.as_str()).as_ref(), Ok(&key));
        }
    }

    #[test]
    fn serde_checks_the_rule() {
        let key = IdempotencyKey::parse("charge-0001").unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"charge-0001\"");
        assert_eq!(
            serde_json::from_str::<IdempotencyKey>("\"charge-0001\"").unwrap(),
            key
        );
        let err = serde_json::from_str::<IdempotencyKey>("\"two words\"").unwrap_err();
        assert!(err.to_string().contains("printable ASCII"), "{err}");
        assert!(serde_json::from_str::<IdempotencyKey>("\"\"").is_err());
        assert_eq!(
            "charge-0001".parse::<IdempotencyKey>(),
            Ok(IdempotencyKey::parse("charge-0001").unwrap())
        );
    }
}
