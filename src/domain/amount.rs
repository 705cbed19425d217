//! Money: an integer number of the currency's smallest unit (won for KRW, cents for USD) plus
//! its [`Currency`]. No floats inside: a float appears only at the JavaScript edge, where the
//! SDK's `value` is a JS number (see [`Amount::from_sdk_value`] and [`sdk_value`]).
//!
//! Toss takes an amount in two shapes, and this module offers both explicitly:
//!
//! * the V2 SDK (`setAmount`, `payment().requestPayment`) wants an object
//!   `{"value": 50000, "currency": "KRW"}` — that is how [`Amount`] itself serializes (a USD
//!   amount with cents as `{"value": 50.5, "currency": "USD"}`);
//! * the Core API (`/v1/payments/confirm`, billing charges, `cancelAmount`) wants a plain integer
//!   of won — use [`Amount::core_value`] or `#[serde(with = "leptos_tosspayments::domain::amount::core_krw")]`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`). The SDK
/// receives amounts as JS numbers, so anything above this would be silently rounded in the
/// browser; such amounts are rejected here instead.
pub const MAX_VALUE: u64 = 9_007_199_254_740_991;

/// The largest USD amount, in cents: 9,999,999,999,999.99 USD, 15 significant digits.
///
/// The SDK receives a USD `value` as a JS number of dollars (`amount: {currency: "USD", value:
/// 50.5}`), that is a binary double. Every decimal with at most 15 significant digits survives
/// the trip to a double and back exactly (a double holds 15 decimal digits), so up to this bound
/// `5050` cents is always sent as `50.5` and read back as `5050`; above it, two cent values
/// could share one double.
pub const MAX_USD_CENTS: u64 = 999_999_999_999_999;

/// The currency of an [`Amount`].
///
/// `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `Amount.currency`: «결제
/// 통화입니다. 일반결제는 `KRW`만 지원합니다. 해외 간편결제(PayPal)는 `USD`만 지원합니다.»
/// (normal payments take only KRW; foreign easy pay (PayPal) only USD).
///
/// An [`Amount`] counts the currency's smallest unit ([`Currency::decimals`]): won for KRW,
/// cents for USD. The SDK's `value` is a JS `number` in the currency's main unit, so a USD
/// amount of 5050 cents is sent as `50.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
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

    /// How many digits the SDK's `value` may have after the decimal point: 0 for KRW (the won
    /// has no minor unit), 2 for USD (cents). An [`Amount`] of this currency counts units of
    /// `10^-decimals`.
    pub const fn decimals(self) -> u32 {
        match self {
            Currency::Krw => 0,
            Currency::Usd => 2,
        }
    }

    /// The largest amount of this currency, in its smallest unit.
    const fn max_minor(self) -> u64 {
        match self {
            Currency::Krw => MAX_VALUE,
            Currency::Usd => MAX_USD_CENTS,
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
#[non_exhaustive]
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
    /// A USD amount above [`MAX_USD_CENTS`] (the value is in cents).
    #[error(
        "amount of {0} cents is too large: the largest USD amount is 9,999,999,999,999.99 (15 significant digits, which a JavaScript number holds exactly)"
    )]
    UsdTooLarge(u128),
    /// Not a non-negative number with at most two decimals (for USD), for example `"50.505"`,
    /// `"-1"`, `NaN` or `"1,000"`.
    #[error(
        "amount \"{0}\" is not a USD amount: write a non-negative number with at most 2 decimals, like \"50.5\""
    )]
    NotUsd(String),
}

/// A non-negative amount of money in one [`Currency`], as a whole number of the currency's
/// smallest unit (won for KRW, cents for USD).
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
///
/// // PayPal (FOREIGN_EASY_PAY) takes dollars with cents:
/// let paypal = Amount::usd_cents(5050)?;
/// assert_eq!(paypal.value(), 5050);
/// assert_eq!(serde_json::to_string(&paypal)?, r#"{"value":50.5,"currency":"USD"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    /// In the currency's smallest unit (won, cents).
    value: u64,
    currency: Currency,
}

impl Amount {
    /// An amount of won. Rejects negative values and values above [`MAX_VALUE`].
    pub fn krw(value: i64) -> Result<Self, AmountError> {
        Self::new(value, Currency::Krw)
    }

    /// An amount of US dollars given in cents: `Amount::usd_cents(5050)` is 50.50 USD, sent to
    /// the SDK as `{"value": 50.5, "currency": "USD"}`. Rejects more than [`MAX_USD_CENTS`].
    ///
    /// USD is the currency of PayPal (`FOREIGN_EASY_PAY`): `@tosspayments/tosspayments-sdk`
    /// 2.8.1 `types/index.d.ts`, `Amount.currency`: «해외 간편결제(PayPal)는 `USD`만
    /// 지원합니다.»
    ///
    /// ```
    /// use leptos_tosspayments::{Amount, Currency};
    ///
    /// let a = Amount::usd_cents(1_200)?;
    /// assert_eq!((a.value(), a.currency()), (1_200, Currency::Usd));
    /// assert_eq!(a.to_string(), "12.00 USD");
    /// assert_eq!(serde_json::to_string(&a)?, r#"{"value":12,"currency":"USD"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn usd_cents(cents: u64) -> Result<Self, AmountError> {
        Self::from_unsigned(cents, Currency::Usd)
    }

    /// An amount in the given currency, in that currency's smallest unit: won for KRW, cents
    /// for USD (`Amount::new(5050, Currency::Usd)` is 50.50 USD).
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

    /// An amount from an unsigned value in the currency's smallest unit (won, cents); rejects
    /// values above [`MAX_VALUE`] (KRW) or [`MAX_USD_CENTS`] (USD).
    pub fn from_unsigned(value: u64, currency: Currency) -> Result<Self, AmountError> {
        if value > currency.max_minor() {
            return Err(match currency {
                Currency::Krw => AmountError::TooLarge(value.into()),
                Currency::Usd => AmountError::UsdTooLarge(value.into()),
            });
        }
        Ok(Amount { value, currency })
    }

    /// Parses a USD amount written in dollars with at most two decimals: `"50.5"` and `"50.50"`
    /// are 5050 cents, `"12"` is 1200 cents. Only ASCII digits and one `.` followed by one or
    /// two digits are read; signs, exponents, separators, spaces and a third decimal are
    /// rejected.
    pub fn parse_usd(text: &str) -> Result<Self, AmountError> {
        let bad = || AmountError::NotUsd(text.to_owned());
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) if (1..=2).contains(&f.len()) => (w, f),
            Some(_) => return Err(bad()),
            None => (text, ""),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
            return Err(bad());
        }
        let whole: u128 = whole
            .parse()
            .map_err(|_| AmountError::UsdTooLarge(u128::MAX))?;
        let cents: u128 = match fraction.len() {
            0 => 0,
            1 => u128::from(fraction.as_bytes()[0] - b'0') * 10,
            _ => fraction.parse().map_err(|_| bad())?,
        };
        let total = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents))
            .ok_or(AmountError::UsdTooLarge(u128::MAX))?;
        let value = u64::try_from(total).map_err(|_| AmountError::UsdTooLarge(total))?;
        Self::from_unsigned(value, Currency::Usd)
    }

    /// Reads the SDK's `value`, a JS number in the currency's main unit, exactly: a whole
    /// number of won for KRW (`48000`), dollars with at most two decimals for USD (`50.5` is
    /// 5050 cents). Rejects NaN, infinities, negatives, fractions of a won and a third decimal
    /// of a dollar.
    ///
    /// The number is read through its shortest decimal form (what JavaScript's `String(n)`
    /// prints), so `50.5` is exactly 5050 cents and `0.1 + 0.2` (`0.30000000000000004`) is
    /// refused rather than rounded.
    pub fn from_sdk_value(value: f64, currency: Currency) -> Result<Self, AmountError> {
        let text = if value == 0.0 {
            // Also -0, which JavaScript prints as "0".
            "0".to_owned()
        } else {
            value.to_string()
        };
        match currency {
            Currency::Krw => Self::parse_krw(&text),
            Currency::Usd => Self::parse_usd(&text),
        }
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

    /// The integer value in the currency's smallest unit: won for KRW, cents for USD.
    pub const fn value(self) -> u64 {
        self.value
    }

    /// The currency.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// The plain integer the Core API expects for `amount`, `totalAmount` and `cancelAmount`
    /// (KRW). For a USD amount this is its cents, which is not a Core API shape ([`core_krw`]
    /// refuses USD).
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

impl Amount {
    /// The number alone, digits grouped by thousands: `50,000` for KRW, `1,234.50` for USD
    /// (dollars and cents). [`Display`](fmt::Display) adds the currency code; the components'
    /// texts add `원` in Korean.
    pub fn grouped(self) -> String {
        let whole = match self.currency {
            Currency::Usd => self.value / 100,
            Currency::Krw => self.value,
        };
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if self.currency == Currency::Usd {
            grouped.push_str(&format!(".{:02}", self.value % 100));
        }
        grouped
    }
}

impl fmt::Display for Amount {
    /// `50,000 KRW`: digits grouped by thousands, then the currency code. A USD amount shows
    /// its cents: `1,234.50 USD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.grouped(), self.currency)
    }
}

impl Serialize for Amount {
    /// The V2 SDK shape `{"value": 48000, "currency": "KRW"}`; `value` as [`sdk_value`] writes
    /// it (a USD amount of 5050 cents as `50.5`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct Value(Amount);
        impl Serialize for Value {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                sdk_value::serialize(&self.0, s)
            }
        }

        let mut st = s.serialize_struct("Amount", 2)?;
        st.serialize_field("value", &Value(*self))?;
        st.serialize_field("currency", &self.currency)?;
        st.end()
    }
}

/// The wire shape of the V2 SDK, checked on the way in.
#[derive(Deserialize)]
struct SdkAmount {
    value: SdkNumber,
    currency: Currency,
}

/// A JSON/JS number as the deserializer found it.
enum SdkNumber {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl<'de> Deserialize<'de> for SdkNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = SdkNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<SdkNumber, E> {
                Ok(SdkNumber::Unsigned(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<SdkNumber, E> {
                Ok(SdkNumber::Signed(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<SdkNumber, E> {
                Ok(SdkNumber::Float(v))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// A whole number of US dollars.
fn usd_dollars(dollars: u64) -> Result<Amount, AmountError> {
    dollars
        .checked_mul(100)
        .ok_or(AmountError::UsdTooLarge(u128::from(dollars) * 100))
        .and_then(Amount::usd_cents)
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = SdkAmount::deserialize(d)?;
        match (raw.currency, raw.value) {
            (Currency::Krw, SdkNumber::Unsigned(v)) => Amount::from_unsigned(v, Currency::Krw),
            (Currency::Krw, SdkNumber::Signed(v)) => Amount::krw(v),
            (Currency::Krw, SdkNumber::Float(v)) => Err(AmountError::NotAnInteger(v.to_string())),
            (Currency::Usd, SdkNumber::Unsigned(dollars)) => usd_dollars(dollars),
            // Some deserializers (serde-wasm-bindgen) report every safe integer as an i64.
            (Currency::Usd, SdkNumber::Signed(v)) => u64::try_from(v)
                .map_err(|_| AmountError::NotUsd(v.to_string()))
                .and_then(usd_dollars),
            (Currency::Usd, SdkNumber::Float(v)) => Amount::from_sdk_value(v, Currency::Usd),
        }
        .map_err(D::Error::custom)
    }
}

/// `#[serde(serialize_with = "sdk_value::serialize")]` for SDK fields that carry an amount as a
/// bare JS number in the payment's currency (`taxFreeAmount`, `taxExemptionAmount`,
/// `unitPrice`, …), and the `value` of [`Amount`]'s own shape.
///
/// KRW is written as an integer of won. USD is written in dollars: an integer when there are no
/// cents (1200 cents → `12`), otherwise the double nearest to the dollars (5050 cents →
/// `50.5`), which, below [`MAX_USD_CENTS`], prints and reads back as exactly that decimal.
///
/// ```
/// use leptos_tosspayments::Amount;
/// use leptos_tosspayments::domain::amount::sdk_value;
///
/// #[derive(serde::Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Part {
///     #[serde(serialize_with = "sdk_value::serialize")]
///     tax_free_amount: Amount,
/// }
///
/// let krw = Part { tax_free_amount: Amount::krw(3_000)? };
/// assert_eq!(serde_json::to_string(&krw)?, r#"{"taxFreeAmount":3000}"#);
/// let usd = Part { tax_free_amount: Amount::usd_cents(1_005)? };
/// assert_eq!(serde_json::to_string(&usd)?, r#"{"taxFreeAmount":10.05}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod sdk_value {
    use super::{Amount, Currency};
    use serde::Serializer;

    /// Writes the amount as the SDK's JS number in the currency's main unit.
    pub fn serialize<S: Serializer>(amount: &Amount, s: S) -> Result<S::Ok, S::Error> {
        match amount.currency {
            Currency::Krw => s.serialize_u64(amount.value),
            Currency::Usd if amount.value.is_multiple_of(100) => {
                s.serialize_u64(amount.value / 100)
            }
            // Exact: `value` (below 2^53) and 100 are exact doubles and the division rounds
            // once, to the double nearest to the decimal, which has at most 15 significant
            // digits (`MAX_USD_CENTS`) and so prints back as itself.
            Currency::Usd => s.serialize_f64(amount.value as f64 / 100.0),
        }
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
/// // A string of digits, as Toss's official sample server forwards it from the success URL:
/// let text: Confirm = serde_json::from_str(r#"{"amount":"50000"}"#)?;
/// assert_eq!(text.amount, Amount::krw(50_000)?);
/// for bad in [r#""50000.5""#, r#""-1""#, r#""1e3""#, r#""""#, r#""+5""#, r#"" 5""#] {
///     assert!(serde_json::from_str::<Confirm>(&format!(r#"{{"amount":{bad}}}"#)).is_err());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod core_krw {
    use super::Amount;
    use serde::{Deserializer, Serializer};

    /// Writes the amount as a plain integer. Only KRW amounts are written this way.
    pub fn serialize<S: Serializer>(amount: &Amount, s: S) -> Result<S::Ok, S::Error> {
        if amount.currency() != super::Currency::Krw {
            return Err(serde::ser::Error::custom(
                "the Core API's integer amounts are KRW; this amount is not",
            ));
        }
        s.serialize_u64(amount.core_value())
    }

    /// Reads an amount of won written as a JSON integer (`50000`) or as a JSON string of ASCII
    /// digits (`"50000"`), rejecting negatives, fractions, exponents, signs and empty text.
    ///
    /// The string form is what Toss's official sample server sends: it forwards `amount` to
    /// `/v1/payments/confirm` exactly as the success page read it from the URL, and Toss
    /// confirms it (see `sandbox/CONFORMANCE.md`, "amount as a string").
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        d.deserialize_any(CoreKrw)
    }

    struct CoreKrw;

    impl serde::de::Visitor<'_> for CoreKrw {
        type Value = Amount;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number of won, as a JSON integer or a string of digits")
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
            Amount::from_unsigned(v, super::Currency::Krw).map_err(E::custom)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
            Amount::krw(v).map_err(E::custom)
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(E::custom(super::AmountError::NotAnInteger(v.to_owned())));
            }
            Amount::parse_krw(v).map_err(E::custom)
        }
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

    #[test]
    fn krw_shapes_are_unchanged() {
        let a = Amount::krw(48_000).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"value":48000,"currency":"KRW"}"#
        );
        let back: Amount = serde_json::from_str(r#"{"value":48000,"currency":"KRW"}"#).unwrap();
        assert_eq!(back, a);
        for bad in [
            r#"{"value":-1,"currency":"KRW"}"#,
            r#"{"value":10.5,"currency":"KRW"}"#,
            r#"{"value":"10","currency":"KRW"}"#,
            r#"{"value":9007199254740992,"currency":"KRW"}"#,
        ] {
            assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
        }
    }

    fn usd_json(cents: u64) -> String {
        serde_json::to_string(&Amount::usd_cents(cents).unwrap()).unwrap()
    }

    #[test]
    fn usd_serializes_dollars_with_at_most_two_decimals() {
        assert_eq!(usd_json(5050), r#"{"value":50.5,"currency":"USD"}"#);
        assert_eq!(usd_json(1200), r#"{"value":12,"currency":"USD"}"#);
        assert_eq!(usd_json(1), r#"{"value":0.01,"currency":"USD"}"#);
        assert_eq!(usd_json(0), r#"{"value":0,"currency":"USD"}"#);
        assert_eq!(usd_json(1005), r#"{"value":10.05,"currency":"USD"}"#);
        assert_eq!(
            usd_json(MAX_USD_CENTS),
            r#"{"value":9999999999999.99,"currency":"USD"}"#
        );
    }

    #[test]
    fn usd_round_trips_exactly() {
        let mut samples: Vec<u64> = vec![0, 1, 9, 10, 99, 100, 101, 5050, 1999, 123_456_789];
        samples.extend((0..2000).map(|i| MAX_USD_CENTS - i));
        // A cheap spread over the whole range (an LCG, no randomness needed).
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            samples.push(x % (MAX_USD_CENTS + 1));
            samples.push((x >> 40) % 1_000_000);
        }
        for cents in samples {
            let json = usd_json(cents);
            let back: Amount = serde_json::from_str(&json).unwrap();
            assert_eq!(back, Amount::usd_cents(cents).unwrap(), "{json}");
            let value: f64 = serde_json::from_str::<serde_json::Value>(&json).unwrap()["value"]
                .as_f64()
                .unwrap();
            assert_eq!(
                Amount::from_sdk_value(value, Currency::Usd)
                    .unwrap()
                    .value(),
                cents
            );
        }
    }

    #[test]
    fn usd_refuses_what_is_not_cents() {
        for bad in [
            r#"{"value":50.505,"currency":"USD"}"#,
            r#"{"value":-1,"currency":"USD"}"#,
            r#"{"value":-0.5,"currency":"USD"}"#,
            r#"{"value":0.001,"currency":"USD"}"#,
            r#"{"value":"50.5","currency":"USD"}"#,
            r#"{"value":10000000000000,"currency":"USD"}"#,
        ] {
            assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
        }
        assert!(Amount::from_sdk_value(f64::NAN, Currency::Usd).is_err());
        assert!(Amount::from_sdk_value(f64::INFINITY, Currency::Usd).is_err());
        assert!(Amount::from_sdk_value(0.1 + 0.2, Currency::Usd).is_err());
        assert_eq!(
            Amount::from_sdk_value(-0.0, Currency::Usd),
            Ok(Amount::zero(Currency::Usd))
        );
        assert!(Amount::from_sdk_value(50.5, Currency::Krw).is_err());
        assert_eq!(
            Amount::from_sdk_value(48_000.0, Currency::Krw),
            Amount::krw(48_000)
        );
        assert!(matches!(
            Amount::usd_cents(MAX_USD_CENTS + 1),
            Err(AmountError::UsdTooLarge(_))
        ));
        let err = Amount::parse_usd("50.505").unwrap_err();
        assert!(err.to_string().contains("at most 2 decimals"), "{err}");
    }

    #[test]
    fn reads_integers_reported_as_signed() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, MapDeserializer};

        let read = |value: i64, currency: &'static str| {
            let fields = [
                ("value", serde_json::json!(value)),
                ("currency", serde_json::json!(currency)),
            ];
            let map = MapDeserializer::<_, Error>::new(
                fields
                    .into_iter()
                    .map(|(k, v)| (k.into_deserializer(), SignedJson(v))),
            );
            Amount::deserialize(map)
        };
        assert_eq!(read(12, "USD").unwrap(), Amount::usd_cents(1200).unwrap());
        assert_eq!(read(48_000, "KRW").unwrap(), Amount::krw(48_000).unwrap());
        assert!(read(-1, "USD").is_err());
        assert!(read(-1, "KRW").is_err());
    }

    /// A JSON value whose integers deserialize through `visit_i64`, as serde-wasm-bindgen's do.
    struct SignedJson(serde_json::Value);

    impl<'de> serde::de::IntoDeserializer<'de, serde::de::value::Error> for SignedJson {
        type Deserializer = Self;
        fn into_deserializer(self) -> Self {
            self
        }
    }

    impl<'de> serde::Deserializer<'de> for SignedJson {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            v: V,
        ) -> Result<V::Value, Self::Error> {
            match self.0 {
                serde_json::Value::Number(n) => v.visit_i64(n.as_i64().unwrap()),
                _ => unreachable!("only numbers go through deserialize_any"),
            }
        }
        fn deserialize_enum<V: serde::de::Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            v: V,
        ) -> Result<V::Value, Self::Error> {
            use serde::de::IntoDeserializer;
            let text = self.0.as_str().expect("a currency code").to_owned();
            serde::Deserializer::deserialize_enum(text.into_deserializer(), name, variants, v)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
            ignored_any
        }
    }

    #[test]
    fn parses_usd_text() {
        assert_eq!(Amount::parse_usd("50.5"), Amount::usd_cents(5050));
        assert_eq!(Amount::parse_usd("50.50"), Amount::usd_cents(5050));
        assert_eq!(Amount::parse_usd("12"), Amount::usd_cents(1200));
        assert_eq!(Amount::parse_usd("0.07"), Amount::usd_cents(7));
        for bad in [
            "", ".5", "5.", "5.123", "-1", "+1", "1e2", "1,000", " 1", "NaN", "1.2.3",
        ] {
            assert!(Amount::parse_usd(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn displays_usd_cents() {
        assert_eq!(Amount::usd_cents(5050).unwrap().to_string(), "50.50 USD");
        assert_eq!(
            Amount::usd_cents(1_234_567).unwrap().to_string(),
            "12,345.67 USD"
        );
        assert_eq!(Amount::usd_cents(5).unwrap().to_string(), "0.05 USD");
    }
}
