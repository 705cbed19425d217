//! The merchant's order id.

use std::fmt;

use serde::Serialize;

/// The shortest order id Toss accepts.
pub const MIN_LEN: usize = 6;
/// The longest order id Toss accepts.
pub const MAX_LEN: usize = 64;

/// Why a string is not an [`OrderId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrderIdError {
    /// Shorter than 6 or longer than 64 characters.
    #[error("order id \"{value}\" has {len} characters: an order id has 6 to 64")]
    Length {
        /// The rejected value.
        value: String,
        /// Its length in characters.
        len: usize,
    },
    /// Contains something other than letters, digits, `-`, `_` and `=`.
    #[error(
        "order id \"{value}\" contains '{found}': only letters A-Z a-z, digits 0-9, '-', '_' and '=' are allowed"
    )]
    Character {
        /// The rejected value.
        value: String,
        /// The first character that is not allowed.
        found: char,
    },
}

/// A merchant order id: 6–64 characters of ASCII letters, digits, `-`, `_` and `=`.
///
/// Source: the SDK's d.ts (`orderId`: "영문 대소문자, 숫자, 특수문자 `-`, `_`, `=`로 이루어진 6자
/// 이상 64자 이하의 문자열", `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`), which the
/// SDK enforces; Toss's Core API docs say the same. An order id must be unique per payment.
///
/// ```
/// use leptos_tosspayments::OrderId;
///
/// assert!(OrderId::parse("order_2024-0001").is_ok());
/// assert!(OrderId::parse("b3JkZXI=").is_ok());        // base64 padding is allowed
/// assert!(OrderId::parse("short").is_err());          // 5 characters
/// assert!(OrderId::parse("주문번호-000001").is_err());  // not ASCII
/// assert!(OrderId::parse("order 000001").is_err());    // space
///
/// let fresh = OrderId::generate();
/// assert_ne!(fresh, OrderId::generate());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OrderId(String);

impl OrderId {
    /// Checks `value` against the documented format.
    pub fn parse(value: &str) -> Result<Self, OrderIdError> {
        let len = value.chars().count();
        if !(MIN_LEN..=MAX_LEN).contains(&len) {
            return Err(OrderIdError::Length {
                value: value.to_owned(),
                len,
            });
        }
        if let Some(found) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=')))
        {
            return Err(OrderIdError::Character {
                value: value.to_owned(),
                found,
            });
        }
        Ok(OrderId(value.to_owned()))
    }

    /// A new random order id (`ord_` + 32 hex digits: 122 random bits from the operating
    /// system or the browser's `crypto.getRandomValues`), which nobody can guess or enumerate.
    #[cfg(any(not(target_arch = "wasm32"), feature = "browser"))]
    pub fn generate() -> Self {
        OrderId(format!("ord_{}", crate::random::uuid_v4().replace('-', "")))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for OrderId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

super::deserialize_via_parse!(OrderId, OrderIdError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let ids: std::collections::HashSet<_> = (0..1000).map(|_| OrderId::generate()).collect();
        assert_eq!(ids.len(), 1000);
        for id in ids {
            assert_eq!(OrderId::parse(id.as_str()).as_ref(), Ok(&id));
        }
    }

    #[test]
    fn equals_sign_is_allowed_as_the_sdk_does() {
        assert!(OrderId::parse("order=123").is_ok());
        let err = OrderId::parse("order+123").unwrap_err();
        assert!(err.to_string().contains("'-', '_' and '='"), "{err}");
    }
}
