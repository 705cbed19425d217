//! Foreign easy pay (PayPal and others): the payment window's `foreignEasyPay`
//! (`ForeignEasyPayPaymentRequest`, redirect only) and the widget's `foreignEasyPay`.
//!
//! Every rule quoted here is from `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::RequestError;
use super::common::non_empty;
use crate::Amount;
use crate::domain::amount::{Currency, sdk_value};

/// `foreignEasyPay.provider`: which foreign easy pay opens.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `ForeignEasyPayPaymentRequest.foreignEasyPay.provider: 'PAYPAL' | 'GCASH' | 'TOUCHNGO' |
/// 'BOOST' | 'BPI' | 'BILLEASE' | 'DANA' | 'ALIPAYHK' | 'TRUEMONEY' | 'RABBIT_LINE_PAY' | 'ALIPAY'
/// | 'PAYPAY'`: «해외간편결제 코드입니다. 현재는 `PAYPAL`, `PAYPAY`만 지원하고 있어요.» (the type
/// lists twelve; the text says only PayPal and PayPay work today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ForeignEasyPayProvider {
    /// `PAYPAL`: amounts in USD only (`Amount.currency`: «해외 간편결제(PayPal)는 `USD`만
    /// 지원합니다.»).
    Paypal,
    /// `GCASH`.
    Gcash,
    /// `TOUCHNGO`.
    Touchngo,
    /// `BOOST`.
    Boost,
    /// `BPI`.
    Bpi,
    /// `BILLEASE`.
    Billease,
    /// `DANA`.
    Dana,
    /// `ALIPAYHK`.
    Alipayhk,
    /// `TRUEMONEY`.
    Truemoney,
    /// `RABBIT_LINE_PAY`.
    RabbitLinePay,
    /// `ALIPAY`.
    Alipay,
    /// `PAYPAY`.
    Paypay,
}

/// A two-letter ISO 3166-1 country code such as `KR` or `US`, upper case.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `foreignEasyPay.country`
/// and `foreignEasyPay.shipping.address.country` (`string`): «구매자가 위치한 국가입니다.
/// ISO-3166의 두 자리 국가 코드를 입력하세요.» [`CountryCode::parse`] checks the shape (two ASCII
/// letters, upper-cased); whether ISO has assigned the pair is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Two ASCII letters, in either case (`"kr"` becomes `KR`).
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        match text.as_bytes() {
            &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Ok(CountryCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
            ])),
            _ => Err(RequestError::CountryCode(text.to_owned())),
        }
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("two ASCII letters")
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One item of `foreignEasyPay.products`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `foreignEasyPay.products?:
/// Array<{name: string; quantity: number; unitAmount: number; currency: string; description:
/// string}>`: «구매 상품 정보입니다. … PayPal에서 제공하는 판매자 보호를 받고 싶다면 반드시 해당
/// 파라미터를 사용하세요.» `name`: «상품명입니다. 최대 길이는 100자입니다.» `unitAmount`: «상품의
/// 1개의 개별 가격입니다.» `currency`: «결제 통화입니다.» `description`: «상품 설명입니다.» The unit
/// price is one [`Amount`], which gives both `unitAmount` (a bare number, `10.5` for 1050 cents)
/// and `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignProduct {
    name: String,
    quantity: u32,
    #[serde(serialize_with = "sdk_value::serialize")]
    unit_amount: Amount,
    currency: Currency,
    description: String,
}

impl ForeignProduct {
    /// `quantity` of `name` (at most 100 characters) at `unit_amount` each, described by
    /// `description`.
    pub fn new(
        name: &str,
        quantity: u32,
        unit_amount: Amount,
        description: &str,
    ) -> Result<Self, RequestError> {
        if name.chars().count() > 100 {
            return Err(RequestError::TooLong {
                field: "foreignEasyPay.products[].name",
                max: 100,
            });
        }
        Ok(ForeignProduct {
            name: name.to_owned(),
            quantity,
            unit_amount,
            currency: unit_amount.currency(),
            description: description.to_owned(),
        })
    }
}

/// `foreignEasyPay.shipping.address`: where the goods go.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `foreignEasyPay.shipping.address` («배송 주소입니다.»): `country` (required, «ISO-3166의 두
/// 자리 국가 코드»), `area2` (required, «도시입니다.»), and optional `line1` («도로명 및
/// 건물(Street, Apt), 번지 정보»), `line2` («상세 주소»), `area1` («주(State, Province, Region)
/// 정보»), `postalCode` («배송지 우편번호입니다. 중국, 일본, 프랑스, 독일 등 일부 국가에서는 필수
/// 파라미터입니다»). Which countries need a postal code is PayPal's list, not the d.ts's, so it is
/// not checked here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingAddress {
    country: CountryCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    line1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    area1: Option<String>,
    area2: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal_code: Option<String>,
}

impl ShippingAddress {
    /// An address in `country`, city `area2`.
    pub fn new(country: CountryCode, area2: &str) -> Self {
        ShippingAddress {
            country,
            line1: None,
            line2: None,
            area1: None,
            area2: area2.to_owned(),
            postal_code: None,
        }
    }

    /// `line1`: street, building and number.
    pub fn line1(mut self, line: &str) -> Self {
        self.line1 = Some(line.to_owned());
        self
    }

    /// `line2`: the detailed address (unit, floor).
    pub fn line2(mut self, line: &str) -> Self {
        self.line2 = Some(line.to_owned());
        self
    }

    /// `area1`: state, province or region.
    pub fn area1(mut self, area: &str) -> Self {
        self.area1 = Some(area.to_owned());
        self
    }

    /// `postalCode`.
    pub fn postal_code(mut self, code: &str) -> Self {
        self.postal_code = Some(code.to_owned());
        self
    }
}

/// `foreignEasyPay.shipping`: «배송 정보입니다.», with optional `fullName` («수령인입니다.», the
/// recipient) and `address`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `foreignEasyPay.shipping`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shipping {
    #[serde(skip_serializing_if = "Option::is_none")]
    full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<ShippingAddress>,
}

impl Shipping {
    /// No details.
    pub fn new() -> Self {
        Shipping::default()
    }

    /// `fullName`: the recipient.
    pub fn full_name(mut self, name: &str) -> Self {
        self.full_name = Some(name.to_owned());
        self
    }

    /// `address`.
    pub fn address(mut self, address: ShippingAddress) -> Self {
        self.address = Some(address);
        self
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct PaypalOptions {
    set_transaction_context: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
struct PaymentMethodOptions {
    paypal: PaypalOptions,
}

/// The `foreignEasyPay` options both the payment widget and the payment window take: the
/// buyer's country and, optionally, products, shipping and PayPal's transaction context.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `WidgetPaymentRequest.foreignEasyPay` («구매자가 해외간편결제를 선택하면 결제에 적용되는
/// 옵션입니다.») and `ForeignEasyPayPaymentRequest.foreignEasyPay` («해외 간편결제 정보입니다.»),
/// whose fields are `country` (required), `products?`, `shipping?` and `paymentMethodOptions?`;
/// the window's adds `provider` ([`ForeignEasyPay`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignEasyPayOptions {
    country: CountryCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    products: Option<Vec<ForeignProduct>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shipping: Option<Shipping>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_method_options: Option<PaymentMethodOptions>,
}

impl ForeignEasyPayOptions {
    /// Options for a buyer in `country`.
    pub fn new(country: CountryCode) -> Self {
        ForeignEasyPayOptions {
            country,
            products: None,
            shipping: None,
            payment_method_options: None,
        }
    }

    /// `products` (see [`ForeignProduct`]); at least one: «여러 가지의 상품을 결제했다면 각 상품의
    /// 정보를 입력하세요.»
    pub fn products(
        mut self,
        products: impl IntoIterator<Item = ForeignProduct>,
    ) -> Result<Self, RequestError> {
        self.products = Some(non_empty(
            products.into_iter().collect(),
            "foreignEasyPay.products",
        )?);
        Ok(self)
    }

    /// `shipping` (see [`Shipping`]).
    pub fn shipping(mut self, shipping: Shipping) -> Self {
        self.shipping = Some(shipping);
        self
    }

    /// Adds one entry of `paymentMethodOptions.paypal.setTransactionContext`: «PayPal에서 추가로
    /// 요청하는 STC(Set Transaction Context) 정보입니다. … 문서의 표에 있는 ‘Data Field Name’ 컬럼
    /// 값을 객체의 ‘key’로, ‘Description’에 맞는 값을 객체의 ‘value’로 넣어주시면 됩니다.» (a
    /// field name from PayPal's STC table as the key, its value as the value). The d.ts types the
    /// object as `unknown`; PayPal's STC fields are text, so keys and values are strings here.
    pub fn paypal_transaction_context(mut self, key: &str, value: &str) -> Self {
        self.payment_method_options
            .get_or_insert_with(PaymentMethodOptions::default)
            .paypal
            .set_transaction_context
            .insert(key.to_owned(), value.to_owned());
        self
    }
}

/// `foreignEasyPay` of the payment window (`method: 'FOREIGN_EASY_PAY'`, where it is required):
/// the provider plus [`ForeignEasyPayOptions`].
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `ForeignEasyPayPaymentRequest.foreignEasyPay` (not optional in that type), used only through
/// `RequestForeignEasyPayPaymentWithRedirection` (redirect mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForeignEasyPay {
    provider: ForeignEasyPayProvider,
    #[serde(flatten)]
    options: ForeignEasyPayOptions,
}

impl ForeignEasyPay {
    /// `provider` with `options`.
    pub fn new(provider: ForeignEasyPayProvider, options: ForeignEasyPayOptions) -> Self {
        ForeignEasyPay { provider, options }
    }

    /// The provider.
    pub fn provider(&self) -> ForeignEasyPayProvider {
        self.provider
    }
}
