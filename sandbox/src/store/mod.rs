//! The sandbox's state and the rules Toss enforces on it. Every operation takes the current
//! time and returns what changed; the HTTP layer (`api`, `control`) only parses and answers.
//!
//! Its parts, one per concept: payments (authenticate, confirm, query, cancel) in `payments`,
//! billing keys and charges in `billing`, virtual accounts (deposit, deadline, reversal) in
//! `virtual_accounts`, BrandPay customers, codes, tokens and confirm in `brandpay`; the request
//! bodies and the shared store here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use leptos_tosspayments::{
    Amount, ClientKey, CustomerKey, Metadata, OrderId, OrderName, PaymentMethod, ValidHours,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock::api_time;
use crate::config::SandboxConfig;
use crate::error::ApiError;
use crate::payment::{self, Billing, Cancel, Card, Payment, Transfer, Url, VirtualAccount};
use crate::webhooks::Event;

mod apps_in_toss;
mod billing;
mod brandpay;
mod payments;
mod portone;
mod tosspay;
mod virtual_accounts;

pub use apps_in_toss::{InAppCreate, InAppPayment};
pub use billing::{ChargeRequest, IssueRequest};
pub use brandpay::{
    AccessToken, AccessTokenRequest, Brandpay, BrandpayAuthentication, BrandpayConfirmRequest,
    BrandpayCustomer, BrandpayMethod,
};
pub use payments::{CancelRequest, ConfirmRequest, RefundAccount};
pub use portone::{
    PortOneCancel, PortOneCharge, PortOneCustomer, PortOneError, PortOnePrepare, PortOneTruth,
    SheetOutcome, SheetPayment,
};
pub use tosspay::{
    TossPayCreate, TossPayExecute, TossPayRecord, TossPayRefund, TossPayStatusQuery, TossPayStore,
    TossPayTruth,
};

/// Which SDK entry point authenticated a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Flow {
    /// `widgets().requestPayment`
    Widget,
    /// `payment().requestPayment`
    Payment,
}

/// What the SDK stand-in reports after the buyer approves in the payment window.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authentication {
    /// The key the page passed to `TossPayments(clientKey)`.
    pub client_key: ClientKey,
    /// The customer key of `widgets()`/`payment()`.
    pub customer_key: CustomerKey,
    /// Widget or payment window.
    pub flow: Flow,
    /// The method code chosen.
    pub method: PaymentMethod,
    /// The order id passed to `requestPayment`.
    pub order_id: OrderId,
    /// The order name.
    pub order_name: OrderName,
    /// The amount the SDK held at request time.
    pub amount: Amount,
    /// Optional buyer name.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Optional metadata, checked as the SDK checks it (5 pairs, keys of 40 characters
    /// without `[` `]`, values of 2000).
    #[serde(default)]
    pub metadata: Option<Metadata>,
    /// A virtual account's `validHours` (1–2160); its deadline. Toss's default is 168 hours
    /// ([`SandboxConfig::deposit_window`]).
    #[serde(default)]
    pub valid_hours: Option<ValidHours>,
}

/// One payment and what only the sandbox knows about it.
#[derive(Debug, Clone)]
pub struct Record {
    /// The public Payment object.
    pub payment: Payment,
    /// The client key that authenticated it; only its pair's secret key may touch it.
    pub client_key: ClientKey,
    /// The buyer.
    pub customer_key: String,
    /// The method code.
    pub method: PaymentMethod,
    /// When the confirm window closes.
    pub session_expires: OffsetDateTime,
    /// When a virtual account's deposit window closes.
    pub due: Option<OffsetDateTime>,
    /// The `validHours` the request set, if any.
    pub valid_hours: Option<ValidHours>,
}

/// A registered (not yet issued) billing authentication.
#[derive(Debug, Clone)]
struct BillingAuth {
    client_key: ClientKey,
    customer_key: String,
    method: PaymentMethod,
}

/// An issued billing key.
#[derive(Debug, Clone)]
struct BillingKey {
    client_key: ClientKey,
    customer_key: String,
    method: PaymentMethod,
}

/// `BELOW_MINIMUM_AMOUNT` (400): "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가
/// 가능합니다." (Toss's error-code list). Card and easy pay from 100 won, transfer and virtual
/// account from 200; other methods from 1 won. The per-method split beyond card/account and
/// where Toss checks it (request or confirm) are guesses: CONFORMANCE.md.
pub fn minimum_amount(method: &PaymentMethod) -> u64 {
    match method {
        PaymentMethod::Card | PaymentMethod::EasyPay => 100,
        PaymentMethod::Transfer | PaymentMethod::VirtualAccount => 200,
        _ => 1,
    }
}

fn check_minimum(method: &PaymentMethod, amount: Amount) -> Result<(), ApiError> {
    if amount.currency() == leptos_tosspayments::Currency::Krw
        && amount.value() < minimum_amount(method)
    {
        return Err(ApiError::new(
            "BELOW_MINIMUM_AMOUNT",
            "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.",
        ));
    }
    Ok(())
}

/// All payments, billing keys and the rules over them.
#[derive(Debug)]
pub struct Store {
    base_url: String,
    mid: String,
    session_window: time::Duration,
    deposit_window: time::Duration,
    payments: HashMap<String, Record>,
    /// Payments that may still be `IN_PROGRESS`, by when their session expires (and a
    /// sequence number), so expiring them does not walk every payment on every call.
    sessions: BTreeMap<(OffsetDateTime, u64), String>,
    /// Virtual accounts waiting for a deposit, by their deadline.
    deadlines: BTreeSet<(OffsetDateTime, String)>,
    by_order: HashMap<String, Vec<String>>,
    billing_auths: HashMap<String, BillingAuth>,
    billing_keys: HashMap<String, BillingKey>,
    /// Webhooks of changes that happened on the side (a session expiring, a confirm the card
    /// company refused), sent with the next answer: see [`Store::take_events`].
    pending: Vec<Event>,
    /// Whether a virtual account past its deadline shows `virtualAccount.expired: true`
    /// ([`SandboxConfig::va_deadline_sets_expired`]; a guess, see CONFORMANCE.md).
    va_deadline_sets_expired: bool,
    /// BrandPay customers, codes and tokens.
    brandpay: Brandpay,
    /// Toss Pay payments.
    tosspay: TossPayStore,
    /// PortOne's payments, tokens and billing keys.
    portone: portone::PortOneStore,
}

fn token(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

fn to_time(d: std::time::Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

impl Store {
    /// An empty store for a sandbox served at `base_url`.
    pub fn new(config: &SandboxConfig, base_url: String) -> Self {
        Store {
            base_url,
            mid: config.mid.clone(),
            session_window: to_time(config.session_window),
            deposit_window: to_time(config.deposit_window),
            payments: HashMap::new(),
            sessions: BTreeMap::new(),
            deadlines: BTreeSet::new(),
            by_order: HashMap::new(),
            billing_auths: HashMap::new(),
            billing_keys: HashMap::new(),
            pending: Vec::new(),
            va_deadline_sets_expired: config.va_deadline_sets_expired,
            brandpay: Brandpay::default(),
            tosspay: TossPayStore::default(),
            portone: portone::PortOneStore::sending_to(config.portone_webhook_url.clone()),
        }
    }

    /// Brings time-driven changes up to `now` (confirm windows and deposit deadlines that have
    /// passed) and returns the webhooks of every change made on the side since the last call.
    pub fn take_events(&mut self, now: OffsetDateTime) -> Vec<Event> {
        self.expire_stale(now);
        self.pass_deadlines(now);
        std::mem::take(&mut self.pending)
    }

    fn latest_for_order(&self, order_id: &str) -> Option<&Record> {
        let key = self.by_order.get(order_id)?.last()?;
        self.payments.get(key)
    }

    /// Sessions whose confirm window has passed become `EXPIRED`, with a
    /// `PAYMENT_STATUS_CHANGED` (웹훅 이벤트: "IN_PROGRESS →|유효 시간 만료| EXPIRED", yesWebhook)
    /// and the failure a real expired payment shows (`EXPIRED_PAYMENT`, seen in a payment Toss
    /// returned on its tech chat).
    fn expire_stale(&mut self, now: OffsetDateTime) {
        while let Some(entry) = self.sessions.first_entry() {
            if now <= entry.key().0 {
                break;
            }
            let key = entry.remove();
            if let Some(r) = self.payments.get_mut(&key)
                && r.payment.status == "IN_PROGRESS"
            {
                r.payment.status = "EXPIRED";
                r.payment.failure = Some(payment::Failure {
                    code: "EXPIRED_PAYMENT".into(),
                    message: "결제가 만료되었습니다. 다시 시도해주세요.".into(),
                });
                self.pending
                    .push(Event::payment_status_changed(r.payment.clone()));
            }
        }
    }

    /// How many payments the store holds.
    pub fn len(&self) -> usize {
        self.payments.len()
    }

    /// Whether the store holds no payment.
    pub fn is_empty(&self) -> bool {
        self.payments.is_empty()
    }
}

fn card(amount: u64) -> Card {
    Card {
        amount,
        issuer_code: "71",
        acquirer_code: "71",
        number: "43301234****123*",
        installment_plan_months: 0,
        approve_no: format!("{:08}", uuid::Uuid::new_v4().as_u128() % 100_000_000),
        use_card_point: false,
        card_type: "신용",
        owner_type: "개인",
        acquire_status: "READY",
        is_interest_free: false,
        interest_payer: None,
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        "NOT_FOUND_PAYMENT",
        "존재하지 않는 결제 정보 입니다. (no such payment)",
    )
}

fn invalid_api_key() -> ApiError {
    ApiError::new(
        "INVALID_API_KEY",
        "잘못된 시크릿키 연동 정보 입니다. (the secret key does not pair with the client key that authenticated this payment)",
    )
}

fn not_matches_customer_key() -> ApiError {
    ApiError::new(
        "NOT_MATCHES_CUSTOMER_KEY",
        "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다. (customerKey does not match the billing key's)",
    )
}
