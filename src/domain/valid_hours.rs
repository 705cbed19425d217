//! `validHours`: how many hours a payment (a virtual account's deposit, a transfer, a card
//! payment) may wait, from 1 to 2160.

use std::fmt;

use serde::Serialize;

/// The largest deadline: «설정할 수 있는 최대 값은 2160시간(90일)입니다».
pub const MAX: u32 = 2160;

/// Why a number of hours is not a [`ValidHours`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidHoursError {
    /// 0, or more than 2160 (the SDK answers `EXCEED_MAX_DUE_DATE` above 2160).
    #[error("validHours must be 1 to 2160 hours (90 days), not {0}")]
    OutOfRange(u64),
    /// Not a whole number of hours.
    #[error("validHours must be a whole number of hours, not {0}")]
    NotWhole(String),
}

/// `validHours`: a payment deadline in hours, from 1 to 2160.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `VirtualAccountPaymentRequest.virtualAccount.validHours` (also on `card` and `transfer`,
/// `number`): «시간으로 설정하는 결제 기한입니다. 설정할 수 있는 최대 값은 2160시간(90일)입니다.»;
/// above it the SDK throws `ExceedMaxDueDateError` and the Core API answers
/// `EXCEED_MAX_VALID_HOURS`. A deadline of zero hours would let no payment through, so the
/// smallest value is 1. The sandbox's SDK stand-in and its HTTP side give the same verdict
/// (`sandbox/CONFORMANCE.md`).
///
/// ```
/// use leptos_tosspayments::ValidHours;
///
/// assert_eq!(ValidHours::new(24)?.hours(), 24);
/// assert!(ValidHours::new(2160).is_ok());
/// assert!(ValidHours::new(2161).is_err());
/// assert!(ValidHours::new(0).is_err());
/// # Ok::<(), leptos_tosspayments::ValidHoursError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ValidHours(u32);

impl ValidHours {
    /// The largest deadline, [`MAX`] hours.
    pub const MAX: u32 = MAX;

    /// `hours` if it is 1 to 2160.
    pub fn new(hours: u32) -> Result<Self, ValidHoursError> {
        if (1..=MAX).contains(&hours) {
            Ok(ValidHours(hours))
        } else {
            Err(ValidHoursError::OutOfRange(hours.into()))
        }
    }

    /// The number of hours.
    pub const fn hours(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ValidHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ValidHours {
    /// Reads a JSON number of hours; `24.0` is 24, `24.5` is refused.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if !v.is_finite() || v.fract() != 0.0 {
            return Err(serde::de::Error::custom(ValidHoursError::NotWhole(
                v.to_string(),
            )));
        }
        if !(1.0..=f64::from(MAX)).contains(&v) {
            return Err(serde::de::Error::custom(ValidHoursError::OutOfRange(
                v.max(0.0).min(u64::MAX as f64) as u64,
            )));
        }
        Ok(ValidHours(v as u32))
    }
}
