//! Typed parameters of `requestPayment` and `requestBillingAuth`, with only the fields the
//! SDK's type definitions document.
//!
//! The reference is `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts` (generated from
//! `standard-public-interfaces` 2.17.4): `WidgetPaymentRequest` for the widget,
//! `CardPaymentRequest`, `VirtualAccountPaymentRequest`, `TransferPaymentRequest`,
//! `MobilePhonePaymentRequest`, `GiftCertificatePaymentRequest` and
//! `ForeignEasyPayPaymentRequest` (all extending `PaymentRequest`) for the payment window, and
//! `CardBillingAuthRequest` / `TransferBillingAuthRequest` for billing. Each type and method here
//! quotes the rule it follows and names the d.ts type it comes from. Fields the d.ts marks
//! `@ignore` (`pendingUrl`, `sandbox`, `subOrders`, `orderProductCode`, `threeDS`, …) are not
//! offered. An option left unset is not sent at all (`skip_serializing_if`).

pub mod account;
pub mod card;
pub mod common;
pub mod foreign;

use serde::Serialize;

pub use account::VirtualAccountOptions;
pub use card::CardOptions;

use account::{
    MobilePhoneOptions, TransferOptions, WidgetTransferOptions, WidgetVirtualAccountOptions,
};
use card::{CardCompany, FlowMode, WidgetCardOptions};
use common::{WindowTarget, opt_number};
use foreign::{ForeignEasyPay, ForeignEasyPayOptions, ForeignEasyPayProvider};

use crate::domain::amount::Currency;
use crate::{Amount, Metadata, OrderId, OrderName};

/// Why a request option was refused: the value breaks a rule of `@tosspayments/tosspayments-sdk`
/// 2.8.1 `types/index.d.ts` (quoted on the option).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// `validHours` outside 1 to 2160 («설정할 수 있는 최대 값은 2160시간(90일)입니다»).
    #[error(transparent)]
    ValidHours(#[from] crate::ValidHoursError),
    /// `cardInstallmentPlan` / `maxCardInstallmentPlan` not 0 or 2 to 12 («0(일시불), 2~12
    /// 값으로 설정할 수 있고»).
    #[error("installment months must be 0 (lump sum) or 2 to 12, not {0}")]
    InstallmentMonths(u8),
    /// A `freeInstallmentPlans` month count outside 2 to 12.
    #[error("interest-free installment months must be 2 to 12, not {0}")]
    FreeInstallmentMonths(u8),
    /// `dueDate` not in the form `yyyy-MM-dd'T'HH:mm:ss`, or not a real date and time.
    #[error("\"{0}\" is not a dueDate: write yyyy-MM-dd'T'HH:mm:ss, like 2025-01-01T00:00:00")]
    DueDate(String),
    /// `appScheme` not of the form `scheme://` («예를 들면 testapp://같은 형태입니다»).
    #[error("\"{0}\" is not an app scheme: write it like testapp://")]
    AppScheme(String),
    /// A country that is not two letters («ISO-3166의 두 자리 국가 코드»).
    #[error("\"{0}\" is not a two-letter ISO 3166 country code such as KR or US")]
    CountryCode(String),
    /// An empty list where the SDK takes an array of items.
    #[error("{0} needs at least one item")]
    Empty(&'static str),
    /// Text longer than the d.ts allows.
    #[error("{field} has more than {max} characters")]
    TooLong {
        /// The field, as the d.ts names it.
        field: &'static str,
        /// Its largest length in characters.
        max: usize,
    },
    /// `taxFreeAmount` above the payment amount («결제 금액 중 면세 금액입니다»: it is a part of
    /// the amount).
    #[error("taxFreeAmount {tax_free} is more than the payment amount {amount}")]
    TaxFreeAboveAmount {
        /// The tax-free part.
        tax_free: Amount,
        /// The payment amount.
        amount: Amount,
    },
    /// An amount in another currency than the payment's.
    #[error("the payment is in {expected}, this amount is in {found}")]
    CurrencyMismatch {
        /// The payment's currency.
        expected: Currency,
        /// The amount's currency.
        found: Currency,
    },
    /// PayPal with an amount that is not in USD («해외 간편결제(PayPal)는 `USD`만 지원합니다»).
    #[error("PayPal takes only USD amounts; this payment is in {0}")]
    PaypalNeedsUsd(Currency),
    /// An option of another payment method than the request's.
    #[error("{option} applies only to method {method}")]
    WrongMethod {
        /// The option, as the d.ts names it.
        option: &'static str,
        /// The method it belongs to.
        method: &'static str,
    },
}

/// A request that redirects: Toss sends the buyer to `successUrl` (with the payment to
/// confirm) or `failUrl` (with the error). d.ts `WithRedirection<T>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Redirect {
    success_url: RedirectUrl,
    fail_url: RedirectUrl,
}

/// A request in promise form: no URLs, and `requestPayment` resolves with the payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Promise {}

/// Why a redirect URL is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectUrlError {
    /// Not `http://` or `https://` with a host.
    #[error("\"{0}\" is not an absolute http(s) URL: successUrl and failUrl include the origin")]
    NotAbsolute(String),
}

/// An absolute `http(s)` URL, as `successUrl` and `failUrl` must be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RedirectUrl(String);

impl RedirectUrl {
    /// Checks that `url` is absolute.
    pub fn parse(url: &str) -> Result<Self, RedirectUrlError> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(r)
                if !r.is_empty()
                    && !r.starts_with('/')
                    && !url.chars().any(char::is_whitespace) =>
            {
                Ok(RedirectUrl(url.to_owned()))
            }
            _ => Err(RedirectUrlError::NotAbsolute(url.to_owned())),
        }
    }

    /// `path` (starting with `/`) on this page's origin.
    pub fn on_this_site(path: &str) -> Result<Self, RedirectUrlError> {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        RedirectUrl::parse(&format!("{origin}{path}"))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `value` if it has at most 100 characters, the d.ts limit of every buyer field
/// (`customerName`, `customerEmail`: «최대 길이는 100자입니다»).
fn at_most_100(value: &str, what: &'static str) -> Result<String, CustomerError> {
    if value.chars().count() > 100 {
        return Err(CustomerError::TooLong(what));
    }
    Ok(value.to_owned())
}

/// Why buyer details were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CustomerError {
    /// Longer than 100 characters.
    #[error("{0} has more than 100 characters")]
    TooLong(&'static str),
    /// Not 8 to 15 digits.
    #[error("the mobile phone number must be 8 to 15 digits without dashes")]
    Phone,
}

/// Optional buyer details (`customerName`, `customerEmail`, `customerMobilePhone`).
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `PaymentRequest` and
/// `WidgetPaymentRequest`: `customerName` «최대 길이는 100자입니다.», `customerEmail` «최대 길이는
/// 100자입니다.», `customerMobilePhone` «`-` 없이 숫자로만 구성된 최소 8자, 최대 15자의
/// 문자열입니다.»
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    #[serde(rename = "customerName", skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "customerEmail", skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(
        rename = "customerMobilePhone",
        skip_serializing_if = "Option::is_none"
    )]
    mobile_phone: Option<String>,
}

impl Customer {
    /// No details.
    pub fn new() -> Self {
        Customer::default()
    }

    /// The buyer's name (≤ 100 characters).
    pub fn name(mut self, name: &str) -> Result<Self, CustomerError> {
        self.name = Some(at_most_100(name, "the name")?);
        Ok(self)
    }

    /// The buyer's email (≤ 100 characters).
    pub fn email(mut self, email: &str) -> Result<Self, CustomerError> {
        self.email = Some(at_most_100(email, "the email")?);
        Ok(self)
    }

    /// The buyer's mobile number: 8–15 digits, no dashes.
    pub fn mobile_phone(mut self, phone: &str) -> Result<Self, CustomerError> {
        if !(8..=15).contains(&phone.len()) || !phone.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CustomerError::Phone);
        }
        self.mobile_phone = Some(phone.to_owned());
        Ok(self)
    }
}

/// `widgets().requestPayment` in redirect mode (the mode that works everywhere, mobile
/// included). The amount is the one last given to `setAmount`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `WithRedirection<WidgetPaymentRequest>`. Its per-method options ([`WidgetCardOptions`],
/// [`WidgetTransferOptions`], [`WidgetVirtualAccountOptions`], [`ForeignEasyPayOptions`]) apply
/// to whichever method the buyer picks in the widget.
///
/// ```
/// use leptos_tosspayments::sdk::{RedirectUrl, WidgetPaymentRequest};
/// use leptos_tosspayments::{OrderId, OrderName};
///
/// let req = WidgetPaymentRequest::new(
///     OrderId::parse("order-0001")?,
///     OrderName::parse("토스 티셔츠 외 2건")?,
///     RedirectUrl::parse("https://shop.example/success")?,
///     RedirectUrl::parse("https://shop.example/fail")?,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetPaymentRequest<M = Redirect> {
    order_id: OrderId,
    order_name: OrderName,
    #[serde(flatten)]
    mode: M,
    #[serde(flatten)]
    customer: Customer,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    tax_free_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window_target: Option<WindowTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<Metadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<WidgetCardOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer: Option<WidgetTransferOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_account: Option<WidgetVirtualAccountOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    foreign_easy_pay: Option<ForeignEasyPayOptions>,
}

impl WidgetPaymentRequest {
    /// A request for the order, redirecting to `success_url` or `fail_url`.
    pub fn new(
        order_id: OrderId,
        order_name: OrderName,
        success_url: RedirectUrl,
        fail_url: RedirectUrl,
    ) -> Self {
        WidgetPaymentRequest::with_mode(
            order_id,
            order_name,
            Redirect {
                success_url,
                fail_url,
            },
        )
    }
}

impl WidgetPaymentRequest<Promise> {
    /// A request for the order in promise form: no URLs; `requestPayment` resolves with the
    /// payment to confirm ([`super::PaymentResult`]) instead of leaving the page (d.ts
    /// `RequestPaymentWithPromise$1`).
    pub fn awaiting(order_id: OrderId, order_name: OrderName) -> Self {
        WidgetPaymentRequest::with_mode(order_id, order_name, Promise {})
    }
}

impl<M> WidgetPaymentRequest<M> {
    fn with_mode(order_id: OrderId, order_name: OrderName, mode: M) -> Self {
        WidgetPaymentRequest {
            order_id,
            order_name,
            mode,
            customer: Customer::new(),
            tax_free_amount: None,
            window_target: None,
            metadata: None,
            card: None,
            transfer: None,
            virtual_account: None,
            foreign_easy_pay: None,
        }
    }

    /// Adds buyer details.
    pub fn customer(mut self, customer: Customer) -> Self {
        self.customer = customer;
        self
    }

    /// The order id.
    pub fn order_id(&self) -> &OrderId {
        &self.order_id
    }

    /// `taxFreeAmount`, sent as a bare number: «결제 금액 중 면세 금액입니다. 면세 상점 혹은 복합
    /// 과세 상점으로 계약된 상점만 사용하세요.» (the tax-free part of the amount; only for merchants
    /// contracted as tax-free or mixed). Source: `types/index.d.ts`,
    /// `WidgetPaymentRequest.taxFreeAmount?: number | null`. The widget's amount is the one given
    /// to `setAmount`, so that it is not above it is the SDK's check here.
    pub fn tax_free_amount(mut self, amount: Amount) -> Self {
        self.tax_free_amount = Some(amount);
        self
    }

    /// `windowTarget` (see [`WindowTarget`]). Source: `types/index.d.ts`,
    /// `WidgetPaymentRequest.windowTarget`.
    pub fn window_target(mut self, target: WindowTarget) -> Self {
        self.window_target = Some(target);
        self
    }

    /// `metadata` (see [`Metadata`]: at most 5 pairs, keys ≤ 40 characters without `[` `]`,
    /// values ≤ 2000 characters). Source: `types/index.d.ts`, `WidgetPaymentRequest.metadata`.
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// `card` (see [`WidgetCardOptions`]): applies if the buyer picks a card.
    pub fn card(mut self, card: WidgetCardOptions) -> Self {
        self.card = Some(card);
        self
    }

    /// `transfer` (see [`WidgetTransferOptions`]): applies if the buyer picks a transfer.
    pub fn transfer(mut self, transfer: WidgetTransferOptions) -> Self {
        self.transfer = Some(transfer);
        self
    }

    /// `virtualAccount` (see [`WidgetVirtualAccountOptions`]): applies if the buyer picks a
    /// virtual account.
    pub fn virtual_account(mut self, options: WidgetVirtualAccountOptions) -> Self {
        self.virtual_account = Some(options);
        self
    }

    /// `foreignEasyPay` (see [`ForeignEasyPayOptions`]): applies if the buyer picks a foreign
    /// easy pay.
    pub fn foreign_easy_pay(mut self, options: ForeignEasyPayOptions) -> Self {
        self.foreign_easy_pay = Some(options);
        self
    }
}

/// The `method` of the standard payment window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum WindowMethod {
    /// Card (and easy pay through `card.easyPay`): [`CardOptions`].
    Card,
    /// Virtual account: needs [`VirtualAccountOptions`].
    VirtualAccount,
    /// Account transfer: [`TransferOptions`].
    Transfer,
    /// Mobile phone billing: [`MobilePhoneOptions`].
    MobilePhone,
    /// Culture gift certificate.
    CultureGiftCertificate,
    /// Book gift certificate.
    BookGiftCertificate,
    /// Game gift certificate.
    GameGiftCertificate,
    /// Foreign easy pay (redirect only): needs [`ForeignEasyPay`], set with
    /// [`PaymentWindowRequest::foreign_easy_pay`].
    ForeignEasyPay,
}

impl WindowMethod {
    /// The code the SDK takes (`CARD`, `VIRTUAL_ACCOUNT`, …).
    pub const fn code(self) -> &'static str {
        match self {
            WindowMethod::Card => "CARD",
            WindowMethod::VirtualAccount => "VIRTUAL_ACCOUNT",
            WindowMethod::Transfer => "TRANSFER",
            WindowMethod::MobilePhone => "MOBILE_PHONE",
            WindowMethod::CultureGiftCertificate => "CULTURE_GIFT_CERTIFICATE",
            WindowMethod::BookGiftCertificate => "BOOK_GIFT_CERTIFICATE",
            WindowMethod::GameGiftCertificate => "GAME_GIFT_CERTIFICATE",
            WindowMethod::ForeignEasyPay => "FOREIGN_EASY_PAY",
        }
    }
}

/// `cashReceipt.type` of a virtual account or transfer: what the cash receipt is for.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `VirtualAccountPaymentRequest.virtualAccount.cashReceipt`,
/// `TransferPaymentRequest.transfer.cashReceipt` and `WidgetPaymentRequest.virtualAccount.cashReceipt`,
/// `type: '소득공제' | '지출증빙' | '미발행'`: «현금영수증 발급 용도입니다. '소득공제', '지출증빙',
/// '미발행' 중 하나입니다.»
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CashReceiptType {
    /// Income deduction.
    #[serde(rename = "소득공제")]
    IncomeDeduction,
    /// Proof of expense.
    #[serde(rename = "지출증빙")]
    ProofOfExpense,
    /// Not issued.
    #[serde(rename = "미발행")]
    NotIssued,
}

/// `payment().requestPayment` in redirect mode.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `PaymentRequest` and its
/// per-method extensions (`CardPaymentRequest`, `VirtualAccountPaymentRequest`,
/// `TransferPaymentRequest`, `MobilePhonePaymentRequest`, `GiftCertificatePaymentRequest`,
/// `ForeignEasyPayPaymentRequest`) wrapped in `WithRedirection`. Each method's options are read
/// by the SDK only for that method: [`CardOptions`] for `CARD`, [`VirtualAccountOptions`] for
/// `VIRTUAL_ACCOUNT`, [`TransferOptions`] for `TRANSFER`, [`MobilePhoneOptions`] for
/// `MOBILE_PHONE`, [`ForeignEasyPay`] for `FOREIGN_EASY_PAY`; the gift certificates have none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentWindowRequest<M = Redirect> {
    method: WindowMethod,
    amount: Amount,
    order_id: OrderId,
    order_name: OrderName,
    #[serde(flatten)]
    mode: M,
    #[serde(flatten)]
    customer: Customer,
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<CardOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_account: Option<VirtualAccountOptions>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    tax_free_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window_target: Option<WindowTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<Metadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer: Option<TransferOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile_phone: Option<MobilePhoneOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    foreign_easy_pay: Option<ForeignEasyPay>,
}

impl PaymentWindowRequest {
    /// A request for `amount` by `method`, redirecting to `success_url` or `fail_url`.
    pub fn new(
        method: WindowMethod,
        amount: Amount,
        order_id: OrderId,
        order_name: OrderName,
        success_url: RedirectUrl,
        fail_url: RedirectUrl,
    ) -> Self {
        PaymentWindowRequest::with_mode(
            method,
            amount,
            order_id,
            order_name,
            Redirect {
                success_url,
                fail_url,
            },
        )
    }
}

impl PaymentWindowRequest<Promise> {
    /// A request in promise form: no URLs; `requestPayment` resolves with the payment to
    /// confirm ([`super::PaymentResult`]; d.ts `RequestCardPaymentWithPromise` and the other
    /// methods'). `FOREIGN_EASY_PAY` has no promise form: the SDK refuses it with
    /// `NOT_SUPPORTED_PROMISE`.
    pub fn awaiting(
        method: WindowMethod,
        amount: Amount,
        order_id: OrderId,
        order_name: OrderName,
    ) -> Self {
        PaymentWindowRequest::with_mode(method, amount, order_id, order_name, Promise {})
    }
}

impl<M> PaymentWindowRequest<M> {
    fn with_mode(
        method: WindowMethod,
        amount: Amount,
        order_id: OrderId,
        order_name: OrderName,
        mode: M,
    ) -> Self {
        PaymentWindowRequest {
            method,
            amount,
            order_id,
            order_name,
            mode,
            customer: Customer::new(),
            card: None,
            virtual_account: None,
            tax_free_amount: None,
            window_target: None,
            metadata: None,
            transfer: None,
            mobile_phone: None,
            foreign_easy_pay: None,
        }
    }

    /// Adds buyer details.
    pub fn customer(mut self, customer: Customer) -> Self {
        self.customer = customer;
        self
    }

    /// Card options (for [`WindowMethod::Card`]).
    pub fn card(mut self, card: CardOptions) -> Self {
        self.card = Some(card);
        self
    }

    /// Virtual-account options (required for [`WindowMethod::VirtualAccount`]).
    pub fn virtual_account(mut self, options: VirtualAccountOptions) -> Self {
        self.virtual_account = Some(options);
        self
    }

    /// Transfer options (for [`WindowMethod::Transfer`]).
    pub fn transfer(mut self, options: TransferOptions) -> Self {
        self.transfer = Some(options);
        self
    }

    /// Mobile-phone options (for [`WindowMethod::MobilePhone`]).
    pub fn mobile_phone(mut self, options: MobilePhoneOptions) -> Self {
        self.mobile_phone = Some(options);
        self
    }

    /// `foreignEasyPay`, which `ForeignEasyPayPaymentRequest` requires. Refused unless the
    /// method is [`WindowMethod::ForeignEasyPay`], and for PayPal unless the amount is in USD
    /// (`Amount.currency`: «해외 간편결제(PayPal)는 `USD`만 지원합니다.»).
    pub fn foreign_easy_pay(mut self, options: ForeignEasyPay) -> Result<Self, RequestError> {
        if self.method != WindowMethod::ForeignEasyPay {
            return Err(RequestError::WrongMethod {
                option: "foreignEasyPay",
                method: WindowMethod::ForeignEasyPay.code(),
            });
        }
        if options.provider() == ForeignEasyPayProvider::Paypal
            && self.amount.currency() != Currency::Usd
        {
            return Err(RequestError::PaypalNeedsUsd(self.amount.currency()));
        }
        self.foreign_easy_pay = Some(options);
        Ok(self)
    }

    /// `taxFreeAmount`, sent as a bare number: «결제 금액 중 면세 금액입니다. 면세 상점 혹은 복합
    /// 과세 상점으로 계약된 상점만 사용하세요.» Source: `types/index.d.ts`,
    /// `PaymentRequest.taxFreeAmount?: number | null`. Being a part of the payment amount («결제
    /// 금액 중»), it must be in the amount's currency and not above it.
    pub fn tax_free_amount(mut self, tax_free: Amount) -> Result<Self, RequestError> {
        if tax_free.currency() != self.amount.currency() {
            return Err(RequestError::CurrencyMismatch {
                expected: self.amount.currency(),
                found: tax_free.currency(),
            });
        }
        if tax_free.value() > self.amount.value() {
            return Err(RequestError::TaxFreeAboveAmount {
                tax_free,
                amount: self.amount,
            });
        }
        self.tax_free_amount = Some(tax_free);
        Ok(self)
    }

    /// `windowTarget` (see [`WindowTarget`]). Source: `types/index.d.ts`,
    /// `PaymentRequest.windowTarget`.
    pub fn window_target(mut self, target: WindowTarget) -> Self {
        self.window_target = Some(target);
        self
    }

    /// `metadata` (see [`Metadata`]: at most 5 pairs, keys ≤ 40 characters without `[` `]`,
    /// values ≤ 2000 characters). Source: `types/index.d.ts`, `PaymentRequest.metadata`.
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }
}

/// `requestBillingAuth`'s method.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardBillingAuthRequest.method: 'CARD'` and `TransferBillingAuthRequest.method: 'TRANSFER'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum BillingMethod {
    /// Register a card.
    Card,
    /// Register a bank account.
    Transfer,
}

/// A card type the card billing window offers, for `selectableCardTypes`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardBillingAuthRequest.selectableCardTypes?: Array<'PERSONAL' | 'CORPORATE'> | null`:
/// «결제화면에 노출할 카드 타입입니다. `PERSONAL`(개인카드), `CORPORATE`(법인카드) 값을 배열 형태로
/// 전달할 수 있습니다. 입력한 순서대로 화면에 노출되며, 첫 번째로 입력한 카드 타입이 기본
/// 선택됩니다.»
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum BillingCardType {
    /// `PERSONAL`, 개인카드.
    Personal,
    /// `CORPORATE`, 법인카드.
    Corporate,
}

/// The easy pay a card billing request opens directly (`flowMode: 'DIRECT'`).
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardBillingAuthRequest.easyPay?: '토스페이' | 'TOSSPAY' | '네이버페이' | 'NAVERPAY'`:
/// «간편결제사 코드입니다. 현재 빌링을 지원하는 간편결제사는 토스페이, 네이버페이가 있습니다.
/// `flowMode: 'DIRECT'`일 때만 사용할 수 있습니다.» The code form (`TOSSPAY`, `NAVERPAY`) is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum BillingEasyPay {
    /// `TOSSPAY`, 토스페이.
    Tosspay,
    /// `NAVERPAY`, 네이버페이.
    Naverpay,
}

/// `flowMode: 'DIRECT'` with its `easyPay` and optional `cardCompany`, which exist only together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct BillingDirect {
    flow_mode: FlowMode,
    easy_pay: BillingEasyPay,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_company: Option<CardCompany>,
}

/// `payment().requestBillingAuth`: always a redirect; the successUrl gets `customerKey` and
/// `authKey`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `BillingAuthRequest =
/// CardBillingAuthRequest | TransferBillingAuthRequest` over `BaseBillingAuthRequest`. The card
/// fields (`selectableCardTypes`, `flowMode`, `easyPay`, `cardCompany`) exist only in
/// `CardBillingAuthRequest`, so their builders refuse a [`BillingMethod::Transfer`] request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingAuthRequest {
    method: BillingMethod,
    success_url: RedirectUrl,
    fail_url: RedirectUrl,
    #[serde(rename = "customerName", skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "customerEmail", skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window_target: Option<WindowTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selectable_card_types: Option<Vec<BillingCardType>>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    direct: Option<BillingDirect>,
}

impl BillingAuthRequest {
    /// Registers a billing method, redirecting to `success_url` or `fail_url`.
    pub fn new(method: BillingMethod, success_url: RedirectUrl, fail_url: RedirectUrl) -> Self {
        BillingAuthRequest {
            method,
            success_url,
            fail_url,
            name: None,
            email: None,
            window_target: None,
            selectable_card_types: None,
            direct: None,
        }
    }

    /// `customerName`: «구매자명입니다. 상점관리자 및 결제내역 이메일에 사용됩니다. 최대 길이는
    /// 100자입니다.» Source: `types/index.d.ts`, `BaseBillingAuthRequest.customerName`.
    pub fn customer_name(mut self, name: &str) -> Result<Self, CustomerError> {
        self.name = Some(at_most_100(name, "the name")?);
        Ok(self)
    }

    /// `customerEmail`: «구매자의 이메일 주소입니다. 결제 상태가 바뀌면 이메일 주소로 결제내역이
    /// 전송됩니다. 최대 길이는 100자입니다.» Source: `types/index.d.ts`,
    /// `BaseBillingAuthRequest.customerEmail`.
    pub fn customer_email(mut self, email: &str) -> Result<Self, CustomerError> {
        self.email = Some(at_most_100(email, "the email")?);
        Ok(self)
    }

    /// `windowTarget` (see [`WindowTarget`]; `@default 'iframe'` here). Source:
    /// `types/index.d.ts`, `BaseBillingAuthRequest.windowTarget`.
    pub fn window_target(mut self, target: WindowTarget) -> Self {
        self.window_target = Some(target);
        self
    }

    fn card_only(&self, option: &'static str) -> Result<(), RequestError> {
        match self.method {
            BillingMethod::Card => Ok(()),
            BillingMethod::Transfer => Err(RequestError::WrongMethod {
                option,
                method: "CARD",
            }),
        }
    }

    /// `selectableCardTypes` (see [`BillingCardType`]): at least one; the first is selected.
    /// Card billing only.
    pub fn selectable_card_types(
        mut self,
        types: impl IntoIterator<Item = BillingCardType>,
    ) -> Result<Self, RequestError> {
        self.card_only("selectableCardTypes")?;
        self.selectable_card_types = Some(common::non_empty(
            types.into_iter().collect(),
            "selectableCardTypes",
        )?);
        Ok(self)
    }

    /// `flowMode: 'DIRECT'` with `easyPay` and, optionally, `cardCompany`: «`DIRECT`는 easyPay로
    /// 전달된 간편결제의 자체창을 엽니다.» `cardCompany`: «간편결제에서 특정 카드사만 노출할 수
    /// 있도록 파라미터를 제공합니다. `flowMode: 'DIRECT'`일 때만 사용할 수 있습니다.» Card billing
    /// only. Without it the request uses `DEFAULT` («기존 카드 빌링창»).
    pub fn direct(
        mut self,
        easy_pay: BillingEasyPay,
        card_company: Option<CardCompany>,
    ) -> Result<Self, RequestError> {
        self.card_only("flowMode")?;
        self.direct = Some(BillingDirect {
            flow_mode: FlowMode::Direct,
            easy_pay,
            card_company,
        });
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::account::*;
    use super::card::*;
    use super::common::*;
    use super::foreign::*;
    use super::*;
    use serde_json::{Value, json};

    fn ids() -> (OrderId, OrderName, RedirectUrl, RedirectUrl) {
        (
            OrderId::parse("order-0001").unwrap(),
            OrderName::parse("토스 티셔츠 외 2건").unwrap(),
            RedirectUrl::parse("https://shop.example/success").unwrap(),
            RedirectUrl::parse("https://shop.example/fail").unwrap(),
        )
    }

    fn widget() -> WidgetPaymentRequest {
        let (o, n, s, f) = ids();
        WidgetPaymentRequest::new(o, n, s, f)
    }

    fn window(method: WindowMethod, amount: Amount) -> PaymentWindowRequest {
        let (o, n, s, f) = ids();
        PaymentWindowRequest::new(method, amount, o, n, s, f)
    }

    fn krw(v: i64) -> Amount {
        Amount::krw(v).unwrap()
    }

    fn to_value<T: Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }

    const URLS: &str =
        r#""successUrl":"https://shop.example/success","failUrl":"https://shop.example/fail""#;

    /// The requests the crate built before these options existed serialize exactly as they did.
    #[test]
    fn todays_requests_are_byte_for_byte_unchanged() {
        let order = r#""orderId":"order-0001","orderName":"토스 티셔츠 외 2건""#;
        let amount = r#""amount":{"value":50000,"currency":"KRW"}"#;
        assert_eq!(
            serde_json::to_string(&widget()).unwrap(),
            format!("{{{order},{URLS}}}")
        );
        let customer = Customer::new()
            .name("김토스")
            .unwrap()
            .email("a@b.c")
            .unwrap()
            .mobile_phone("01012345678")
            .unwrap();
        assert_eq!(
            serde_json::to_string(&widget().customer(customer)).unwrap(),
            format!(
                r#"{{{order},{URLS},"customerName":"김토스","customerEmail":"a@b.c","customerMobilePhone":"01012345678"}}"#
            )
        );
        let va = window(WindowMethod::VirtualAccount, krw(50_000)).virtual_account(
            VirtualAccountOptions::valid_for_hours(24)
                .unwrap()
                .cash_receipt(CashReceiptType::IncomeDeduction),
        );
        assert_eq!(
            serde_json::to_string(&va).unwrap(),
            format!(
                r#"{{"method":"VIRTUAL_ACCOUNT",{amount},{order},{URLS},"virtualAccount":{{"validHours":24,"cashReceipt":{{"type":"소득공제"}}}}}}"#
            )
        );
        let card = window(WindowMethod::Card, krw(50_000)).card(CardOptions::default());
        assert_eq!(
            serde_json::to_string(&card).unwrap(),
            format!(r#"{{"method":"CARD",{amount},{order},{URLS},"card":{{}}}}"#)
        );
        let due = window(WindowMethod::VirtualAccount, krw(50_000))
            .virtual_account(VirtualAccountOptions::due("2024-02-20T23:59:59").unwrap());
        assert_eq!(
            serde_json::to_string(&due).unwrap(),
            format!(
                r#"{{"method":"VIRTUAL_ACCOUNT",{amount},{order},{URLS},"virtualAccount":{{"dueDate":"2024-02-20T23:59:59"}}}}"#
            )
        );
        let (_, _, s, f) = ids();
        assert_eq!(
            serde_json::to_string(&BillingAuthRequest::new(BillingMethod::Card, s, f)).unwrap(),
            format!(r#"{{"method":"CARD",{URLS}}}"#)
        );
    }

    #[test]
    fn widget_options_use_the_dts_names() {
        let metadata = Metadata::new().with("channel", "app").unwrap();
        let product = EscrowProduct::new()
            .id("p-1")
            .name("티셔츠")
            .code("TS")
            .unit_price(krw(15_000))
            .quantity(2);
        let req = widget()
            .tax_free_amount(krw(3_000))
            .window_target(WindowTarget::Iframe)
            .metadata(metadata)
            .card(
                WidgetCardOptions::new()
                    .tax_exemption_amount(krw(500))
                    .app_scheme(AppScheme::parse("testapp://").unwrap()),
            )
            .transfer(
                WidgetTransferOptions::new()
                    .use_escrow(true)
                    .escrow_products([product.clone()])
                    .unwrap()
                    .cultural_expenses(false),
            )
            .virtual_account(
                WidgetVirtualAccountOptions::new()
                    .use_escrow(false)
                    .escrow_products([product])
                    .unwrap()
                    .cash_receipt(CashReceiptType::ProofOfExpense)
                    .cultural_expenses(true),
            )
            .foreign_easy_pay(ForeignEasyPayOptions::new(
                CountryCode::parse("us").unwrap(),
            ));
        let v = to_value(&req);
        let escrow =
            json!([{"id":"p-1","name":"티셔츠","code":"TS","unitPrice":15000,"quantity":2}]);
        assert_eq!(v["taxFreeAmount"], json!(3000));
        assert_eq!(v["windowTarget"], json!("iframe"));
        assert_eq!(v["metadata"], json!({"channel": "app"}));
        assert_eq!(
            v["card"],
            json!({"taxExemptionAmount": 500, "appScheme": "testapp://"})
        );
        assert_eq!(
            v["transfer"],
            json!({"useEscrow": true, "escrowProducts": escrow, "isCulturalExpenses": false})
        );
        assert_eq!(
            v["virtualAccount"],
            json!({"useEscrow": false, "escrowProducts": escrow,
                   "cashReceipt": {"type": "지출증빙"}, "isCulturalExpenses": true})
        );
        assert_eq!(v["foreignEasyPay"], json!({"country": "US"}));
        assert_eq!(
            to_value(&widget().window_target(WindowTarget::Current))["windowTarget"],
            json!("self")
        );
    }

    #[test]
    fn card_options_use_the_dts_names() {
        let card = CardOptions::new()
            .flow_mode(FlowMode::Direct)
            .card_company(CardCompany::Shinhan)
            .easy_pay(EasyPay::TossPay)
            .use_app_card_only(true)
            .use_escrow(false)
            .tax_exemption_amount(krw(1_000))
            .installment(Installment::Fixed(InstallmentMonths::new(6).unwrap()))
            .free_installment_plans([
                FreeInstallmentPlan::new(CardCompany::Hyundai, [2, 3]).unwrap()
            ])
            .unwrap()
            .use_card_point(true)
            .discount_code("PROMO1")
            .valid_for(ValidHours::new(24).unwrap())
            .escrow_products([EscrowProduct::new().name("컵")])
            .unwrap()
            .use_international_card_only(false)
            .language(CardLanguage::En)
            .show_estimated_amount(true)
            .app_scheme(AppScheme::parse("testapp://").unwrap())
            .keyin_card_types([KeyinCardType::Personal, KeyinCardType::Foreign])
            .unwrap()
            .show_mobile_app_header(false);
        assert_eq!(
            to_value(&card),
            json!({
                "flowMode": "DIRECT",
                "cardCompany": "SHINHAN",
                "easyPay": "TOSSPAY",
                "useAppCardOnly": true,
                "useEscrow": false,
                "taxExemptionAmount": 1000,
                "cardInstallmentPlan": 6,
                "freeInstallmentPlans": [{"company": "HYUNDAI", "months": [2, 3]}],
                "useCardPoint": true,
                "discountCode": "PROMO1",
                "validHours": 24,
                "escrowProducts": [{"name": "컵"}],
                "useInternationalCardOnly": false,
                "language": "EN",
                "showEstimatedAmount": true,
                "appScheme": "testapp://",
                "keyin": {"selectableCardTypes": ["PERSONAL", "FOREIGN"]},
                "showMobileAppHeader": false,
            })
        );
        // The last installment rule wins: the two fields never go together.
        let up_to = card
            .clone()
            .installment(Installment::UpTo(InstallmentMonths::LUMP_SUM));
        let v = to_value(&up_to);
        assert_eq!(v["maxCardInstallmentPlan"], json!(0));
        assert!(v.get("cardInstallmentPlan").is_none());
        // And so do the deadlines.
        let due = card.due_at(DueDate::parse("2025-01-01T00:00:00").unwrap());
        let v = to_value(&due);
        assert_eq!(v["dueDate"], json!("2025-01-01T00:00:00"));
        assert!(v.get("validHours").is_none());
        assert_eq!(
            to_value(&CardOptions::new().flow_mode(FlowMode::Default)),
            json!({"flowMode": "DEFAULT"})
        );
        assert_eq!(
            to_value(&CardOptions::new().easy_pay(EasyPay::Other("NEWPAY".into()))),
            json!({"easyPay": "NEWPAY"})
        );
    }

    #[test]
    fn installment_months_are_0_or_2_to_12() {
        for ok in [0, 2, 7, 12] {
            assert_eq!(InstallmentMonths::new(ok).unwrap().months(), ok);
        }
        for bad in [1, 13, 255] {
            assert_eq!(
                InstallmentMonths::new(bad),
                Err(RequestError::InstallmentMonths(bad))
            );
        }
        assert_eq!(
            FreeInstallmentPlan::new(CardCompany::Bc, [0]),
            Err(RequestError::FreeInstallmentMonths(0))
        );
        assert_eq!(
            FreeInstallmentPlan::new(CardCompany::Bc, [13]),
            Err(RequestError::FreeInstallmentMonths(13))
        );
        assert!(matches!(
            FreeInstallmentPlan::new(CardCompany::Bc, []),
            Err(RequestError::Empty(_))
        ));
    }

    #[test]
    fn valid_hours_are_1_to_2160() {
        assert_eq!(ValidHours::new(2160).unwrap().hours(), 2160);
        assert_eq!(ValidHours::new(1).unwrap().hours(), 1);
        assert_eq!(
            ValidHours::new(2161),
            Err(crate::ValidHoursError::OutOfRange(2161))
        );
        assert_eq!(
            ValidHours::new(0),
            Err(crate::ValidHoursError::OutOfRange(0))
        );
        let err = ValidHours::new(2161).unwrap_err().to_string();
        assert!(err.contains("2160"), "{err}");
        assert_eq!(
            to_value(&VirtualAccountOptions::valid_for(
                ValidHours::new(2160).unwrap()
            )),
            json!({"validHours": 2160})
        );
    }

    #[test]
    fn valid_for_hours_refuses_more_than_2160() {
        let err = VirtualAccountOptions::valid_for_hours(2161).unwrap_err();
        assert!(err.to_string().contains("1 to 2160"), "{err}");
        assert!(VirtualAccountOptions::due("2024-13-01T00:00:00").is_err());
    }

    #[test]
    fn due_dates_follow_the_dts_form() {
        for ok in [
            "2025-01-01T00:00:00",
            "2024-02-29T23:59:59",
            "2000-02-29T12:30:00",
        ] {
            assert_eq!(DueDate::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "2025-02-29T00:00:00",
            "1900-02-29T00:00:00",
            "2025-04-31T00:00:00",
            "2025-13-01T00:00:00",
            "2025-01-01T24:00:00",
            "2025-01-01T00:60:00",
            "2025-01-01 00:00:00",
            "2025-01-01T00:00",
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:00:00+09:00",
            "0000-01-01T00:00:00",
            "２025-01-01T00:00:00",
            "",
        ] {
            assert_eq!(DueDate::parse(bad), Err(RequestError::DueDate(bad.into())));
        }
    }

    #[test]
    fn app_schemes_are_scheme_colon_slash_slash() {
        for ok in ["testapp://", "my.app+x-1://open", "a://"] {
            assert_eq!(AppScheme::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "testapp",
            "testapp:",
            "://",
            "1app://",
            "my app://",
            "app://a b",
        ] {
            assert!(AppScheme::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn window_account_and_phone_options_use_the_dts_names() {
        let transfer = TransferOptions::new()
            .cash_receipt(CashReceiptType::NotIssued)
            .tax_exemption_amount(krw(100))
            .use_escrow(true)
            .escrow_products([EscrowProduct::new().quantity(1)])
            .unwrap()
            .valid_for(ValidHours::new(48).unwrap())
            .cultural_expenses(true);
        let req = window(WindowMethod::Transfer, krw(10_000)).transfer(transfer);
        assert_eq!(
            to_value(&req)["transfer"],
            json!({
                "cashReceipt": {"type": "미발행"},
                "taxExemptionAmount": 100,
                "useEscrow": true,
                "escrowProducts": [{"quantity": 1}],
                "validHours": 48,
                "isCulturalExpenses": true,
            })
        );
        assert_eq!(to_value(&TransferOptions::new()), json!({}));

        let va = VirtualAccountOptions::due_at(DueDate::parse("2025-01-01T00:00:00").unwrap())
            .cash_receipt(CashReceiptType::IncomeDeduction)
            .tax_exemption_amount(krw(200))
            .use_escrow(false)
            .escrow_products([EscrowProduct::new().id("x")])
            .unwrap()
            .cultural_expenses(false)
            .show_customer_mobile_phone(true);
        assert_eq!(
            to_value(&va),
            json!({
                "dueDate": "2025-01-01T00:00:00",
                "cashReceipt": {"type": "소득공제"},
                "taxExemptionAmount": 200,
                "useEscrow": false,
                "escrowProducts": [{"id": "x"}],
                "isCulturalExpenses": false,
                "showCustomerMobilePhone": true,
            })
        );

        let phone = MobilePhoneOptions::carriers([
            MobileCarrier::Kt,
            MobileCarrier::Skt,
            MobileCarrier::Kt,
            MobileCarrier::Lgu,
            MobileCarrier::Hello,
            MobileCarrier::Kct,
            MobileCarrier::Sk7,
        ])
        .unwrap();
        let req = window(WindowMethod::MobilePhone, krw(10_000)).mobile_phone(phone);
        assert_eq!(
            to_value(&req)["mobilePhone"],
            json!({"mobileCarriers": ["KT", "SKT", "LGU", "HELLO", "KCT", "SK7"]})
        );
        assert!(matches!(
            MobilePhoneOptions::carriers([]),
            Err(RequestError::Empty(_))
        ));
        assert!(matches!(
            TransferOptions::new().escrow_products([]),
            Err(RequestError::Empty(_))
        ));
    }

    #[test]
    fn window_request_level_options() {
        let metadata = Metadata::new().with("k", "v").unwrap();
        let req = window(WindowMethod::Card, krw(10_000))
            .tax_free_amount(krw(10_000))
            .unwrap()
            .window_target(WindowTarget::Current)
            .metadata(metadata);
        let v = to_value(&req);
        assert_eq!(v["taxFreeAmount"], json!(10000));
        assert_eq!(v["windowTarget"], json!("self"));
        assert_eq!(v["metadata"], json!({"k": "v"}));
        assert_eq!(
            window(WindowMethod::Card, krw(10_000)).tax_free_amount(krw(10_001)),
            Err(RequestError::TaxFreeAboveAmount {
                tax_free: krw(10_001),
                amount: krw(10_000)
            })
        );
        assert_eq!(
            window(WindowMethod::Card, krw(10_000)).tax_free_amount(Amount::usd_cents(1).unwrap()),
            Err(RequestError::CurrencyMismatch {
                expected: Currency::Krw,
                found: Currency::Usd
            })
        );
    }

    fn paypal(country: &str) -> ForeignEasyPay {
        ForeignEasyPay::new(
            ForeignEasyPayProvider::Paypal,
            ForeignEasyPayOptions::new(CountryCode::parse(country).unwrap()),
        )
    }

    #[test]
    fn paypal_takes_usd_with_cents() {
        let usd = Amount::usd_cents(5050).unwrap();
        let req = window(WindowMethod::ForeignEasyPay, usd)
            .foreign_easy_pay(paypal("KR"))
            .unwrap()
            .tax_free_amount(Amount::usd_cents(1005).unwrap())
            .unwrap();
        let json = serde_json::to_string(&req).unwrap();
        assert!(
            json.starts_with(
                r#"{"method":"FOREIGN_EASY_PAY","amount":{"value":50.5,"currency":"USD"},"#
            ),
            "{json}"
        );
        let v = to_value(&req);
        assert_eq!(
            v["foreignEasyPay"],
            json!({"provider": "PAYPAL", "country": "KR"})
        );
        assert_eq!(v["taxFreeAmount"], json!(10.05));

        assert_eq!(
            window(WindowMethod::ForeignEasyPay, krw(50_000)).foreign_easy_pay(paypal("KR")),
            Err(RequestError::PaypalNeedsUsd(Currency::Krw))
        );
        assert!(matches!(
            window(WindowMethod::Card, usd).foreign_easy_pay(paypal("KR")),
            Err(RequestError::WrongMethod { .. })
        ));
        // Other providers are not held to PayPal's currency.
        let paypay = ForeignEasyPay::new(
            ForeignEasyPayProvider::Paypay,
            ForeignEasyPayOptions::new(CountryCode::parse("JP").unwrap()),
        );
        let v = to_value(
            &window(WindowMethod::ForeignEasyPay, krw(1_000))
                .foreign_easy_pay(paypay)
                .unwrap(),
        );
        assert_eq!(v["foreignEasyPay"]["provider"], json!("PAYPAY"));
        assert_eq!(
            to_value(&ForeignEasyPayProvider::RabbitLinePay),
            json!("RABBIT_LINE_PAY")
        );
        assert_eq!(
            to_value(&ForeignEasyPayProvider::Alipayhk),
            json!("ALIPAYHK")
        );
    }

    #[test]
    fn foreign_easy_pay_options_use_the_dts_names() {
        let options = ForeignEasyPayOptions::new(CountryCode::parse("kr").unwrap())
            .products([ForeignProduct::new(
                "Toss T-shirt",
                2,
                Amount::usd_cents(1050).unwrap(),
                "A shirt",
            )
            .unwrap()])
            .unwrap()
            .shipping(
                Shipping::new().full_name("Kim Toss").address(
                    ShippingAddress::new(CountryCode::parse("US").unwrap(), "San Jose")
                        .line1("1 Main St")
                        .line2("Apt 2")
                        .area1("CA")
                        .postal_code("95131"),
                ),
            )
            .paypal_transaction_context("sender_account_id", "A12345N343")
            .paypal_transaction_context("sender_first_name", "Toss");
        assert_eq!(
            to_value(&options),
            json!({
                "country": "KR",
                "products": [{"name": "Toss T-shirt", "quantity": 2, "unitAmount": 10.5,
                              "currency": "USD", "description": "A shirt"}],
                "shipping": {"fullName": "Kim Toss", "address": {
                    "country": "US", "line1": "1 Main St", "line2": "Apt 2", "area1": "CA",
                    "area2": "San Jose", "postalCode": "95131"}},
                "paymentMethodOptions": {"paypal": {"setTransactionContext": {
                    "sender_account_id": "A12345N343", "sender_first_name": "Toss"}}},
            })
        );
        assert_eq!(
            ForeignProduct::new(&"x".repeat(101), 1, krw(1), ""),
            Err(RequestError::TooLong {
                field: "foreignEasyPay.products[].name",
                max: 100
            })
        );
        assert!(ForeignProduct::new(&"상".repeat(100), 1, krw(1), "").is_ok());
        for bad in ["K", "KOR", "K1", "", "한국"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn billing_options() {
        let (_, _, s, f) = ids();
        let card = BillingAuthRequest::new(BillingMethod::Card, s.clone(), f.clone())
            .customer_name(&"김".repeat(100))
            .unwrap()
            .customer_email("customer123@gmail.com")
            .unwrap()
            .window_target(WindowTarget::Current)
            .selectable_card_types([BillingCardType::Corporate, BillingCardType::Personal])
            .unwrap()
            .direct(BillingEasyPay::Naverpay, Some(CardCompany::Kookmin))
            .unwrap();
        assert_eq!(
            to_value(&card),
            json!({
                "method": "CARD",
                "successUrl": "https://shop.example/success",
                "failUrl": "https://shop.example/fail",
                "customerName": "김".repeat(100),
                "customerEmail": "customer123@gmail.com",
                "windowTarget": "self",
                "selectableCardTypes": ["CORPORATE", "PERSONAL"],
                "flowMode": "DIRECT",
                "easyPay": "NAVERPAY",
                "cardCompany": "KOOKMIN",
            })
        );
        let base = BillingAuthRequest::new(BillingMethod::Card, s.clone(), f.clone());
        assert_eq!(
            base.clone().customer_name(&"a".repeat(101)),
            Err(CustomerError::TooLong("the name"))
        );
        assert_eq!(
            base.clone().customer_email(&"a".repeat(101)),
            Err(CustomerError::TooLong("the email"))
        );
        let v = to_value(&base.direct(BillingEasyPay::Tosspay, None).unwrap());
        assert_eq!(v["easyPay"], json!("TOSSPAY"));
        assert!(v.get("cardCompany").is_none());

        let transfer = BillingAuthRequest::new(BillingMethod::Transfer, s, f);
        assert!(matches!(
            transfer.clone().direct(BillingEasyPay::Tosspay, None),
            Err(RequestError::WrongMethod { .. })
        ));
        assert!(matches!(
            transfer.selectable_card_types([BillingCardType::Personal]),
            Err(RequestError::WrongMethod { .. })
        ));
    }

    #[test]
    fn code_lists_match_the_dts() {
        let companies: Vec<&str> = CardCompany::KNOWN.iter().map(CardCompany::as_str).collect();
        assert_eq!(
            companies.join(" | "),
            "SHINHAN | HYUNDAI | SAMSUNG | WOORI | KOOKMIN | LOTTE | NONGHYEOP | HANA | BC | \
             KDBBANK | TOSSBANK | KAKAOBANK | SUHYEOP | JEONBUKBANK | KBANK | POST | SAEMAUL | \
             CITI | SAVINGBANK | JEJUBANK | GWANGJUBANK | SHINHYEOP | JCB | UNIONPAY | MASTER | \
             VISA | DINERS | DISCOVER | IBK_BC | AMEX"
        );
        let pays: Vec<&str> = EasyPay::KNOWN.iter().map(EasyPay::as_str).collect();
        assert_eq!(
            pays.join(" | "),
            "TOSSPAY | NAVERPAY | SAMSUNGPAY | LPAY | KAKAOPAY | PAYCO | SSG | APPLEPAY | PINPAY | KBPAY"
        );
        assert_eq!(CardCompany::from_code("NEWCARD").as_str(), "NEWCARD");
    }

    #[test]
    fn method_codes_match_serde() {
        for m in [
            WindowMethod::Card,
            WindowMethod::VirtualAccount,
            WindowMethod::Transfer,
            WindowMethod::MobilePhone,
            WindowMethod::CultureGiftCertificate,
            WindowMethod::BookGiftCertificate,
            WindowMethod::GameGiftCertificate,
            WindowMethod::ForeignEasyPay,
        ] {
            assert_eq!(to_value(&m), json!(m.code()));
        }
    }
}
