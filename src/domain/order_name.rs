//! The order name shown to the buyer in the payment window.

use std::fmt;

use serde::Serialize;

/// The longest order name the SDK accepts, in characters.
pub const MAX_LEN: usize = 100;

/// Why a string is not an [`OrderName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrderNameError {
    /// The name is empty.
    #[error("order name is empty: give 1 to 100 characters, like \"토스 티셔츠 외 2건\"")]
    Empty,
    /// The name is longer than 100 characters.
    #[error("order name has {0} characters: an order name has at most 100")]
    TooLong(usize),
}

/// An order name: 1–100 characters (Unicode scalar values; Korean is fine).
///
/// ```
/// use leptos_tosspayments::OrderName;
///
/// assert!(OrderName::parse("토스 티셔츠 외 2건").is_ok());
/// assert!(OrderName::parse("").is_err());
/// assert!(OrderName::parse(&"가".repeat(101)).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OrderName(String);

impl OrderName {
    /// Checks `value` against the documented length.
    pub fn parse(value: &str) -> Result<Self, OrderNameError> {
        match value.chars().count() {
            0 => Err(OrderNameError::Empty),
            n if n > MAX_LEN => Err(OrderNameError::TooLong(n)),
            _ => Ok(OrderName(value.to_owned())),
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::deserialize_via_parse!(OrderName, OrderNameError);
