//! Values several request types share: `windowTarget`, payment deadlines (`validHours`,
//! `dueDate`), escrow products, cash receipts and amounts written as bare numbers.
//!
//! Every rule quoted here is from `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`.

use serde::{Serialize, Serializer};

use super::RequestError;
use crate::Amount;
use crate::domain::amount::sdk_value;

/// Writes an optional amount as the SDK's bare number (`taxFreeAmount: 3000`); used with
/// `skip_serializing_if = "Option::is_none"`.
pub(crate) fn opt_number<S: Serializer>(amount: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
    match amount {
        Some(a) => sdk_value::serialize(a, s),
        None => s.serialize_none(),
    }
}

/// Checks that a list the SDK takes as an array has at least one item.
pub(super) fn non_empty<T>(items: Vec<T>, field: &'static str) -> Result<Vec<T>, RequestError> {
    if items.is_empty() {
        Err(RequestError::Empty(field))
    } else {
        Ok(items)
    }
}

/// `windowTarget`: the frame the payment window opens in.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `PaymentRequest`,
/// `WidgetPaymentRequest` and `BaseBillingAuthRequest`, `windowTarget?: 'iframe' | 'self' | null`:
/// «브라우저에서 결제창이 열리는 프레임입니다. `self`, `iframe` 중 하나입니다. … `iframe`은
/// iframe에서 결제창이 열려요. PC 환경에서 기본 값입니다. **모바일 환경에서는 `iframe`을 사용할 수
/// 없습니다.**» Whether the page runs on a mobile browser is known only at run time, so that last
/// rule is the SDK's to enforce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WindowTarget {
    /// `'self'`: «`self`는 현재 브라우저를 결제창으로 이동시켜요. 모바일 환경에서 기본 값입니다.»
    /// (moves the current page to the payment window; the default on mobile).
    #[serde(rename = "self")]
    Current,
    /// `'iframe'`: «`iframe`은 iframe에서 결제창이 열려요. PC 환경에서 기본 값입니다.» (opens the
    /// window in an iframe; the default on PC; not usable on mobile).
    #[serde(rename = "iframe")]
    Iframe,
}

/// `validHours` (1 to 2160), shared with the server-side domain.
pub use crate::domain::valid_hours::ValidHours;

/// `dueDate`: a payment deadline as a local date and time, `yyyy-MM-dd'T'HH:mm:ss`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.dueDate`, `VirtualAccountPaymentRequest.virtualAccount.dueDate` and
/// `TransferPaymentRequest.transfer.dueDate` (`string`): «특정 날짜로 설정하는 결제 기한입니다.
/// `yyyy-MM-dd'T'HH:mm:ss` ISO 8601 형식입니다. 기한이 지나고 시도하는 결제는 실패해요.»
/// [`DueDate::parse`] checks that form and that the date exists (months of 28–31 days, leap
/// years); whether it lies in the future, and not too far in it (`EXCEED_MAX_DUE_DATE`), depends
/// on the clock and stays the SDK's check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DueDate(String);

impl DueDate {
    /// Checks `text` is `yyyy-MM-dd'T'HH:mm:ss` (exactly 19 characters) with a real date and a
    /// time from `00:00:00` to `23:59:59`.
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let bad = || RequestError::DueDate(text.to_owned());
        let b = text.as_bytes();
        if b.len() != 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let num = |from: usize, to: usize| -> Result<u32, RequestError> {
            let digits = &b[from..to];
            if digits.iter().all(u8::is_ascii_digit) {
                Ok(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if year == 0 || !(1..=days).contains(&day) || hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        Ok(DueDate(text.to_owned()))
    }

    /// The text, as the SDK receives it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A payment deadline: hours from the request, or a date. Setting one replaces the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) enum Deadline {
    #[serde(rename = "validHours")]
    Hours(ValidHours),
    #[serde(rename = "dueDate")]
    Date(DueDate),
}

/// One item of `escrowProducts`: a product bought under escrow. Every field is optional in the
/// d.ts; set those you have.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `escrowProducts?:
/// Array<{id?, name?, code?, unitPrice?, quantity?}>` of `CardPaymentRequest.card`,
/// `VirtualAccountPaymentRequest.virtualAccount`, `TransferPaymentRequest.transfer` and the
/// widget's `transfer` / `virtualAccount`: «각 상품의 상세 정보 객체를 담는 배열입니다. 에스크로를
/// 사용하는 상점이라면 필수 파라미터입니다. 예를 들어 사용자가 세 가지 종류의 상품을 구매했다면
/// 길이가 3인 배열이어야 합니다.» (one item per kind of product; required for escrow merchants).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EscrowProduct {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    unit_price: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantity: Option<u32>,
}

impl EscrowProduct {
    /// A product with no details yet.
    pub fn new() -> Self {
        EscrowProduct::default()
    }

    /// `id`: «각 상품의 고유 ID입니다.» (the product's unique id).
    pub fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_owned());
        self
    }

    /// `name`: «상품명입니다.» (the product name).
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// `code`: «내 상점에서 사용하는 상품 관리 코드입니다.» (the merchant's own product code).
    pub fn code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// `unitPrice`: «상품의 1개의 개별 가격입니다.» (the price of one item), sent as a bare
    /// number in the amount's currency.
    pub fn unit_price(mut self, price: Amount) -> Self {
        self.unit_price = Some(price);
        self
    }

    /// `quantity`: «상품 구매 수량입니다.» (how many were bought).
    pub fn quantity(mut self, quantity: u32) -> Self {
        self.quantity = Some(quantity);
        self
    }
}

/// `cashReceipt: {type}`, as the payment window's `virtualAccount` and `transfer` and the
/// widget's `virtualAccount` take it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct CashReceipt {
    #[serde(rename = "type")]
    pub(super) kind: super::CashReceiptType,
}
