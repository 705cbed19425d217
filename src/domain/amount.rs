//! Money: an integer number of the currency's unit plus its [`Currency`]. No floats anywhere.
//!
//! Toss takes an amount in two shapes, and this module offers both explicitly:
//!
//! * the V2 SDK (`setAmount`, `payment().requestPayment`) wants an object
//!   `{"value": 50000, "currency": "KRW"}` — that is how [`Amount`] itself serializes;
//! * the Core API (`/v1/payments/confirm`, billing charges, `cancelAmount`) wants a plain integer
//!   of won — use [`Amount::core_value`] or `#[serde(with = "leptos_tosspayments::domain::amount::core_krw")]`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`). The SDK
/// receives amounts as JS numbers, so anything above this would be silently rounded in the
/// browser; such amounts are rejected here instead.
pub const MAX_VALUE: u64 = 9_007_199_254_740_991;

/// The currency of an [`Amount`].
///
/// Only `KRW` is valid for normal payments with the V2 standard SDK; the SDK's types mention
/// `USD` for PayPal (`foreignEasyPay`), so the type is kept open for it. Whether a USD `value`
/// counts dollars or cents is not documented in our references (UNCONFIRMED), so the components
/// only ever send KRW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    /// Korean won. The unit is one won (KRW has no minor unit).
    #[serde(rename = "KRW")]
    Krw,
    /// US dollar, used by Toss only for PayPal through `foreignEasyPay`.
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    /// The ISO 4217 code Toss expects (`"KRW"`, `"USD"`).
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Krw => "KRW",
            Currency::Usd => "USD",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a value is not an [`Amount`], or why arithmetic on amounts failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The value is below zero.
    #[error("amount {0} is negative: an amount is a whole number of won from 0 up")]
    Negative(i128),
    /// The value is above what a JavaScript number holds exactly.
    #[error(
        "amount {0} is too large: the largest amount is {MAX_VALUE} (JavaScript's largest exact integer)"
    )]
    TooLarge(u128),
    /// The text is not a whole number (for example `"1,000"`, `"10.5"` or `""`).
    #[error("amount \"{0}\" is not a whole number: write digits only, like \"50000\"")]
    NotAnInteger(String),
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {0} with {1}: amounts must be in the same currency")]
    CurrencyMismatch(Currency, Currency),
    /// A subtraction would go below zero.
    #[error("{0} minus {1} would be negative")]
    Underflow(Amount, Amount),
}

/// A non-negative, whole amount of money in one [`Currency`].
///
/// ```
/// use leptos_tosspayments::{Amount, Currency};
///
/// let price = Amount::krw(15_000)?;
/// let total = price.checked_mul(3)?.checked_add(Amount::krw(3_000)?)?;
/// assert_eq!(total.value(), 48_000);
/// assert_eq!(total.currency(), Currency::Krw);
///
/// // The V2 SDK shape:
/// assert_eq!(serde_json::to_string(&total)?, r#"{"value":48000,"currency":"KRW"}"#);
/// // The Core API shape:
/// assert_eq!(total.core_value(), 48_000);
///
/// assert!(Amount::krw(-1).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Amount {
    value: u64,
    currency: Currency,
}

impl Amount {
    /// An amount of won. Rejects negative values and values above [`MAX_VALUE`].
    pub fn krw(value: i64) -> Result<Self, AmountError> {
        Self::new(value, Currency::Krw)
    }

    /// An amount in the given currency, in that currency's integer unit.
    pub fn new(value: i64, currency: Currency) -> Result<Self, AmountError> {
        if value < 0 {
            return Err(AmountError::Negative(value.into()));
        }
        Self::from_unsigned(value as u64, currency)
    }

    /// Zero in the given currency.
    pub const fn zero(currency: Currency) -> Self {
        Amount { value: 0, currency }
    }

    /// An amount from an unsigned value; rejects values above [`MAX_VALUE`].
    pub fn from_unsigned(value: u64, currency: Currency) -> Result<Self, AmountError> {
        if value > MAX_VALUE {
            return Err(AmountError::TooLarge(value.into()));
        }
        Ok(Amount { value, currency })
    }

    /// Parses a decimal integer such as the `amount` query parameter of a successUrl.
    /// Only ASCII digits with an optional leading `-` are read (so `-5` is reported as negative);
    /// `+`, spaces, separators and decimals are rejected.
    pub fn parse_krw(text: &str) -> Result<Self, AmountError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::NotAnInteger(text.to_owned()));
        }
        let magnitude: u128 = digits
            .parse()
            .map_err(|_| AmountError::TooLarge(u128::MAX))?;
        if negative && magnitude != 0 {
            return Err(AmountError::Negative(
                -(magnitude.min(i128::MAX as u128) as i128),
            ));
        }
        let value = u64::try_from(magnitude).map_err(|_| AmountError::TooLarge(magnitude))?;
        Self::from_unsigned(value, Currency::Krw)
    }

    /// The integer value in the currency's unit (won for KRW).
    pub const fn value(self) -> u64 {
        self.value
    }

    /// The currency.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// The plain integer the Core API expects for `amount`, `totalAmount` and `cancelAmount`.
    pub const fn core_value(self) -> u64 {
        self.value
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.value == 0
    }

    /// `self + other`; fails on a currency mismatch or above [`MAX_VALUE`].
    pub fn checked_add(self, other: Amount) -> Result<Amount, AmountError> {
        self.same_currency(other)?;
        let sum = u128::from(self.value) + u128::from(other.value);
        let value = u64::try_from(sum).map_err(|_| AmountError::TooLarge(sum))?;
        Amount::from_unsigned(value, self.currency)
    }

    /// `self - other`; fails on a currency mismatch or if the result would be negative.
    pub fn checked_sub(self, other: Amount) -> Result<Amount, AmountError> {
        self.same_currency(other)?;
        match self.value.checked_sub(other.value) {
            Some(value) => Ok(Amount {
                value,
                currency: self.currency,
            }),
            None => Err(AmountError::Underflow(self, other)),
        }
    }

    /// `self × quantity` (a unit price times a cart quantity); fails above [`MAX_VALUE`].
    pub fn checked_mul(self, quantity: u32) -> Result<Amount, AmountError> {
        let product = u128::from(self.value) * u128::from(quantity);
        let value = u64::try_from(product).map_err(|_| AmountError::TooLarge(product))?;
        Amount::from_unsigned(value, self.currency)
    }

    fn same_currency(self, other: Amount) -> Result<(), AmountError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(AmountError::CurrencyMismatch(self.currency, other.currency))
        }
    }
}

impl fmt::Display for Amount {
    /// `50,000 KRW`: digits grouped by thousands, then the currency code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.value.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{grouped} {}", self.currency)
    }
}

/// The wire shape of the V2 SDK, checked on the way in.
#[derive(Deserialize)]
struct SdkAmount {
    value: i64,
    currency: Currency,
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = SdkAmount::deserialize(d)?;
        Amount::new(raw.value, raw.currency).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(with = "core_krw")]` for Core API fields that carry a KRW amount as a plain integer
/// (`amount` in confirm and billing requests, `totalAmount`, `balanceAmount`, `cancelAmount`).
///
/// ```
/// use leptos_tosspayments::Amount;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Confirm {
///     #[serde(with = "leptos_tosspayments::domain::amount::core_krw")]
///     amount: Amount,
/// }
///
/// let body = serde_json::to_string(&Confirm { amount: Amount::krw(50_000)? })?;
/// assert_eq!(body, r#"{"amount":50000}"#);
/// let back: Confirm = serde_json::from_str(&body)?;
/// assert_eq!(back.amount, Amount::krw(50_000)?);
/// assert!(serde_json::from_str::<Confirm>(r#"{"amount":-1}"#).is_err());
/// assert!(serde_json::from_str::<Confirm>(r#"{"amount":10.5}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod core_krw {
    use super::Amount;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the amount as a plain integer. Only KRW amounts are written this way.
    pub fn serialize<S: Serializer>(amount: &Amount, s: S) -> Result<S::Ok, S::Error> {
        if amount.currency() != super::Currency::Krw {
            return Err(serde::ser::Error::custom(
                "the Core API's integer amounts are KRW; this amount is not",
            ));
        }
        s.serialize_u64(amount.core_value())
    }

    /// Reads a plain integer of won, rejecting negatives and fractions.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let value = i64::deserialize(d)?;
        Amount::krw(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_grouped_thousands() {
        assert_eq!(Amount::krw(0).unwrap().to_string(), "0 KRW");
        assert_eq!(Amount::krw(999).unwrap().to_string(), "999 KRW");
        assert_eq!(Amount::krw(1_000).unwrap().to_string(), "1,000 KRW");
        assert_eq!(Amount::krw(1_234_567).unwrap().to_string(), "1,234,567 KRW");
    }

    #[test]
    fn messages_say_what_is_allowed() {
        let err = Amount::krw(-100).unwrap_err();
        assert_eq!(err, AmountError::Negative(-100));
        assert!(err.to_string().contains("from 0 up"), "{err}");
        let err = Amount::parse_krw("10.5").unwrap_err();
        assert!(err.to_string().contains("digits only"), "{err}");
    }

    #[test]
    fn arithmetic_is_checked() {
        let a = Amount::krw(10).unwrap();
        let b = Amount::krw(20).unwrap();
        assert_eq!(a.checked_sub(b), Err(AmountError::Underflow(a, b)));
        let usd = Amount::new(1, Currency::Usd).unwrap();
        assert_eq!(
            a.checked_add(usd),
            Err(AmountError::CurrencyMismatch(Currency::Krw, Currency::Usd))
        );
        let max = Amount::krw(MAX_VALUE as i64).unwrap();
        assert!(matches!(max.checked_add(a), Err(AmountError::TooLarge(_))));
        assert!(matches!(max.checked_mul(2), Err(AmountError::TooLarge(_))));
    }
}
