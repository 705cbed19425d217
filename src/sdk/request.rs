//! Typed parameters of `requestPayment` and `requestBillingAuth`, with only the fields the
//! SDK's type definitions document.

use serde::Serialize;

use crate::{Amount, OrderId, OrderName};

/// Why a redirect URL is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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

/// Why buyer details were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerError {
    /// Longer than 100 characters.
    #[error("{0} has more than 100 characters")]
    TooLong(&'static str),
    /// Not 8 to 15 digits.
    #[error("the mobile phone number must be 8 to 15 digits without dashes")]
    Phone,
}

/// Optional buyer details (`customerName`, `customerEmail`, `customerMobilePhone`).
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
        if name.chars().count() > 100 {
            return Err(CustomerError::TooLong("the name"));
        }
        self.name = Some(name.to_owned());
        Ok(self)
    }

    /// The buyer's email (≤ 100 characters).
    pub fn email(mut self, email: &str) -> Result<Self, CustomerError> {
        if email.chars().count() > 100 {
            return Err(CustomerError::TooLong("the email"));
        }
        self.email = Some(email.to_owned());
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
pub struct WidgetPaymentRequest {
    order_id: OrderId,
    order_name: OrderName,
    success_url: RedirectUrl,
    fail_url: RedirectUrl,
    #[serde(flatten)]
    customer: Customer,
}

impl WidgetPaymentRequest {
    /// A request for the order, redirecting to `success_url` or `fail_url`.
    pub fn new(
        order_id: OrderId,
        order_name: OrderName,
        success_url: RedirectUrl,
        fail_url: RedirectUrl,
    ) -> Self {
        WidgetPaymentRequest {
            order_id,
            order_name,
            success_url,
            fail_url,
            customer: Customer::new(),
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
}

/// The `method` of the standard payment window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WindowMethod {
    /// Card (and easy pay through `card.easyPay`).
    Card,
    /// Virtual account: needs [`VirtualAccountOptions`].
    VirtualAccount,
    /// Account transfer.
    Transfer,
    /// Mobile phone billing.
    MobilePhone,
    /// Culture gift certificate.
    CultureGiftCertificate,
    /// Book gift certificate.
    BookGiftCertificate,
    /// Game gift certificate.
    GameGiftCertificate,
    /// Foreign easy pay (redirect only).
    ForeignEasyPay,
}

/// `card` options of the payment window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardOptions {
    /// `DEFAULT` or `DIRECT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_mode: Option<String>,
    /// A card company code (for `DIRECT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_company: Option<String>,
    /// An easy-pay provider such as `TOSSPAY` (for `DIRECT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub easy_pay: Option<String>,
    /// Only app cards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_app_card_only: Option<bool>,
}

/// `virtualAccount.cashReceipt.type`.
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

/// `virtualAccount` options: a deposit window is required (`validHours` or `dueDate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccountOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_hours: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cash_receipt: Option<CashReceipt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct CashReceipt {
    #[serde(rename = "type")]
    kind: CashReceiptType,
}

impl VirtualAccountOptions {
    /// The account accepts a deposit for `hours` hours.
    pub fn valid_for_hours(hours: u32) -> Self {
        VirtualAccountOptions {
            valid_hours: Some(hours),
            due_date: None,
            cash_receipt: None,
        }
    }

    /// The account accepts a deposit until `due_date` (ISO 8601, e.g. `2024-02-20T23:59:59`).
    pub fn due(due_date: &str) -> Self {
        VirtualAccountOptions {
            valid_hours: None,
            due_date: Some(due_date.to_owned()),
            cash_receipt: None,
        }
    }

    /// Issues a cash receipt of this type.
    pub fn cash_receipt(mut self, kind: CashReceiptType) -> Self {
        self.cash_receipt = Some(CashReceipt { kind });
        self
    }
}

/// `payment().requestPayment` in redirect mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentWindowRequest {
    method: WindowMethod,
    amount: Amount,
    order_id: OrderId,
    order_name: OrderName,
    success_url: RedirectUrl,
    fail_url: RedirectUrl,
    #[serde(flatten)]
    customer: Customer,
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<CardOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_account: Option<VirtualAccountOptions>,
}

impl PaymentWindowRequest {
    /// A request for `amount` by `method`.
    pub fn new(
        method: WindowMethod,
        amount: Amount,
        order_id: OrderId,
        order_name: OrderName,
        success_url: RedirectUrl,
        fail_url: RedirectUrl,
    ) -> Self {
        PaymentWindowRequest {
            method,
            amount,
            order_id,
            order_name,
            success_url,
            fail_url,
            customer: Customer::new(),
            card: None,
            virtual_account: None,
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
}

/// `requestBillingAuth`'s method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillingMethod {
    /// Register a card.
    Card,
    /// Register a bank account.
    Transfer,
}

/// `payment().requestBillingAuth`: always a redirect; the successUrl gets `customerKey` and
/// `authKey`.
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
        }
    }
}
