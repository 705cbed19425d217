//! Payment providers on one order ledger.
//!
//! The ledger is provider-neutral: orders priced by the server ([`crate::orders`]), the
//! exactly-once claim and confirm ([`crate::confirm`]), the audit events ([`crate::db`]), the
//! access tokens ([`crate::access`]), the webhook inbox ([`crate::webhooks`]) and the
//! [`crate::reconcile`]r. What differs between ways to pay is behind [`PaymentProvider`]: how
//! a payment the buyer authorised is approved, looked up and cancelled, and what a webhook
//! names. Each provider has its own payment id ([`PaymentId`]): Toss's `paymentKey`, Toss Pay's
//! `payToken`, PortOne's `imp_uid`.
//!
//! A provider answers in the ledger's terms ([`ProviderPayment`], [`ProviderError`]), and the
//! ledger applies that answer the same way for every provider: the amount is checked against
//! the stored order, the status moves only along [`crate::transitions::allowed`], and every
//! failure is looked up before the order is called failed.
//!
//! [`toss::TossCore`] is Toss's Core API (widget, payment window, billing);
//! [`brandpay::TossBrandpay`] is Toss BrandPay (its own confirm, Toss's everything else). A
//! storefront adds
//! another provider by implementing [`PaymentProvider`] and registering it in
//! [`Providers`].

pub mod apps_in_toss;
pub mod brandpay;
pub mod portone;
pub mod toss;
pub mod tosspay;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use leptos_tosspayments::domain::server_api::OrderStatus;
use leptos_tosspayments::{CustomerKey, OrderId};
use serde_json::Value;

/// The name of a provider, stored with every order paid through it (`orders.provider`).
///
/// 1–32 characters of `a-z`, `0-9`, `-` and `_`. [`ProviderId::TOSS`] is Toss's Core API.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProviderId(String);

impl ProviderId {
    /// Toss's Core API: the widget, the payment window and billing.
    pub const TOSS: &'static str = "toss";

    /// Toss's Core API.
    pub fn toss() -> ProviderId {
        ProviderId(Self::TOSS.to_owned())
    }

    /// Toss Pay ([`tosspay::TossPay`]).
    pub const TOSSPAY: &'static str = "tosspay";

    /// Toss Pay.
    pub fn tosspay() -> ProviderId {
        ProviderId(Self::TOSSPAY.to_owned())
    }

    /// Toss BrandPay ([`brandpay::TossBrandpay`]).
    pub const TOSS_BRANDPAY: &'static str = "toss-brandpay";

    /// Toss BrandPay.
    pub fn toss_brandpay() -> ProviderId {
        ProviderId(Self::TOSS_BRANDPAY.to_owned())
    }

    /// Toss Pay inside the Toss app ([`apps_in_toss::AppsInToss`]).
    pub const APPS_IN_TOSS: &'static str = "apps-in-toss";

    /// Toss Pay inside the Toss app.
    pub fn apps_in_toss() -> ProviderId {
        ProviderId(Self::APPS_IN_TOSS.to_owned())
    }

    /// Toss Payments through PortOne, i'mport V1 ([`portone::PortOne`]).
    pub const PORTONE: &'static str = "portone";

    /// Toss Payments through PortOne.
    pub fn portone() -> ProviderId {
        ProviderId(Self::PORTONE.to_owned())
    }

    /// Checks a provider name.
    pub fn parse(name: &str) -> Result<ProviderId, InvalidId> {
        let ok = !name.is_empty()
            && name.len() <= 32
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok {
            Ok(ProviderId(name.to_owned()))
        } else {
            Err(InvalidId(
                "provider name: 1-32 characters of a-z, 0-9, - and _",
            ))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a string is not a [`ProviderId`] or a [`PaymentId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidId(&'static str);

/// A provider's id of one payment: Toss's `paymentKey`, Toss Pay's `payToken`, PortOne's
/// `imp_uid`. Each provider checks its own format on top of this.
///
/// 1–200 printable ASCII characters, not only dots. Ids are placed in provider API paths
/// (`/v1/payments/{paymentKey}`), where `.` and `..` would name another path even when
/// percent-encoded (RFC 3986 §6.2.2.3 removes dot segments), so a payment id of only dots is
/// never a payment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PaymentId(String);

impl PaymentId {
    /// The longest id accepted (Toss's paymentKey has at most 200 characters).
    pub const MAX_LEN: usize = 200;

    /// Checks a payment id.
    pub fn parse(id: &str) -> Result<PaymentId, InvalidId> {
        if id.is_empty() || id.len() > Self::MAX_LEN || !id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InvalidId("payment id: 1-200 printable ASCII characters"));
        }
        if id.bytes().all(|b| b == b'.') {
            return Err(InvalidId("payment id: not only dots"));
        }
        Ok(PaymentId(id.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PaymentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the ledger asks a provider to approve: the buyer authorised `payment` for `order_id`,
/// and the server's stored amount is `amount`.
#[derive(Debug, Clone, Copy)]
pub struct Approval<'a> {
    /// The order.
    pub order_id: &'a OrderId,
    /// The provider's payment.
    pub payment: &'a PaymentId,
    /// The stored order's amount (never the browser's).
    pub amount: i64,
    /// The stored order's customer (BrandPay's confirm names the paying customer).
    pub customer_key: &'a CustomerKey,
    /// The `Idempotency-Key` (or the provider's equivalent): the same on every retry.
    pub idempotency_key: &'a str,
}

/// A cancel, full or partial.
#[derive(Debug, Clone)]
pub struct CancelRequest<'a> {
    /// Why (shown to the buyer by some providers).
    pub reason: &'a str,
    /// How much; `None` cancels everything that remains.
    pub amount: Option<i64>,
    /// Where a deposited virtual account's money goes back.
    pub refund_account: Option<RefundAccount>,
    /// The `Idempotency-Key` (or the provider's equivalent): one per intended cancel.
    pub idempotency_key: &'a str,
}

/// A refund account, checked by [`crate::cancel`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundAccount {
    /// Bank code.
    pub bank: String,
    /// Digits only.
    pub account_number: String,
    /// The holder's name.
    pub holder_name: String,
}

/// A virtual account a payment waits on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualAccount {
    /// Bank code.
    pub bank: String,
    /// Account number.
    pub account_number: String,
    /// Deadline (RFC 3339).
    pub due: String,
}

/// A provider's account of one payment, in the ledger's terms. Always fetched from the provider
/// by the server, never taken from a browser or a webhook body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderPayment {
    /// The provider that answered.
    pub provider: ProviderId,
    /// The provider's id of the payment.
    pub payment_id: PaymentId,
    /// The order the provider says it pays (compared with ours before anything is applied).
    pub order_id: String,
    /// The order status this payment settles, or `None` while the provider still has it in
    /// progress (authorised, not approved yet).
    pub settled: Option<OrderStatus>,
    /// The provider's own status, for the audit trail (`toss status DONE`).
    pub provider_status: String,
    /// The currency the provider took it in (`KRW`), if it says; compared with the order's.
    pub currency: Option<String>,
    /// The amount the provider took.
    pub total_amount: i64,
    /// What remains after cancels.
    pub balance: i64,
    /// The method, as the provider names it.
    pub method: Option<String>,
    /// When the provider approved it.
    pub approved_at: Option<String>,
    /// The virtual account it waits on, if any.
    pub virtual_account: Option<VirtualAccount>,
    /// A secret every deposit callback of this payment must carry (Toss's `Payment.secret`).
    pub deposit_secret: Option<String>,
    /// The provider's failure code.
    pub failure_code: Option<String>,
    /// The provider's ids of the cancels made so far, so a webhook about one finds its order.
    pub cancel_ids: Vec<String>,
}

/// A failed call to a provider, as the ledger decides on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The provider answered and refused: nothing happened.
    #[error("{provider} refused: {code} ({message})")]
    Refused {
        /// Which provider.
        provider: ProviderId,
        /// Its code.
        code: String,
        /// Its message.
        message: String,
    },
    /// The provider has no such payment.
    #[error("{provider} has no such payment: {code} ({message})")]
    NotFound {
        /// Which provider.
        provider: ProviderId,
        /// Its code.
        code: String,
        /// Its message.
        message: String,
    },
    /// The provider may have done it anyway (a timeout, a lost connection, a 5xx, a request
    /// still being processed): the outcome must be looked up before anything is concluded.
    #[error("the outcome at {provider} is not known: {detail}")]
    InDoubt {
        /// Which provider.
        provider: ProviderId,
        /// Its code, if it answered.
        code: Option<String>,
        /// What happened.
        detail: String,
    },
}

impl ProviderError {
    /// Whether the provider may have done the operation anyway.
    pub fn is_in_doubt(&self) -> bool {
        matches!(self, ProviderError::InDoubt { .. })
    }

    /// Whether the provider has no such payment.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ProviderError::NotFound { .. })
    }

    /// The provider's code, if it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ProviderError::Refused { code, .. } | ProviderError::NotFound { code, .. } => {
                Some(code)
            }
            ProviderError::InDoubt { code, .. } => code.as_deref(),
        }
    }
}

/// What a webhook names, once its provider has read it. The ledger then fetches the payment
/// from the provider and applies that: nothing in a webhook body is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookSubject {
    /// A payment, by the provider's id.
    Payment(PaymentId),
    /// A cancel, by the provider's id of it (see [`ProviderPayment::cancel_ids`]).
    Cancel(String),
    /// A deposit callback: the order and the secret it must carry.
    Deposit {
        /// The order.
        order_id: OrderId,
        /// Compared with [`ProviderPayment::deposit_secret`] as stored.
        secret: String,
    },
    /// Nothing to do, and why (logged as the webhook's outcome).
    Ignore(String),
}

/// One way to take a payment, on the shared ledger. Implement it to add a provider; the
/// ledger calls it only for orders whose payment it issued.
#[async_trait]
pub trait PaymentProvider: Send + Sync + fmt::Debug {
    /// Its name, stored with the orders it pays.
    fn id(&self) -> ProviderId;

    /// Approves a payment the buyer authorised (Toss's confirm, Toss Pay's execute). Called
    /// again with the same idempotency key after an answer in doubt, so it must be
    /// idempotent on the provider's side.
    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError>;

    /// The payment as the provider has it now.
    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError>;

    /// Cancels all or part of a payment.
    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError>;

    /// Reads a webhook body (a JSON object) into what it names.
    fn webhook_subject(&self, body: &Value) -> WebhookSubject;

    /// Whether the provider approves payments by itself, before the server hears of them
    /// (PortOne's window does; Toss's confirm and Toss Pay's execute are the server's). Then a
    /// webhook about a paid payment of an order still waiting verifies it through the ledger's
    /// claim ([`crate::confirm::confirm_payment`]), as the buyer's return would have.
    fn approves_on_its_own(&self) -> bool {
        false
    }

    /// The payment this provider made for `order_id` by itself, if any (PortOne's
    /// `payments/find/{merchant_uid}`): how an order whose buyer never came back and whose
    /// webhook never arrived is found paid before it would expire. `None` by default.
    async fn find_for_order(
        &self,
        _order_id: &OrderId,
    ) -> Result<Option<ProviderPayment>, ProviderError> {
        Ok(None)
    }

    /// The provider whose webhook route carries this provider's webhooks: its own, unless it
    /// is a flavour of another (Toss BrandPay's arrive on Toss's).
    fn webhooks_via(&self) -> ProviderId {
        self.id()
    }
}

/// The providers a server takes payments through, by name.
#[derive(Debug, Clone, Default)]
pub struct Providers {
    by_id: HashMap<ProviderId, Arc<dyn PaymentProvider>>,
}

impl Providers {
    /// No providers.
    pub fn new() -> Self {
        Providers::default()
    }

    /// Adds (or replaces) a provider under its [`PaymentProvider::id`].
    pub fn with(mut self, provider: Arc<dyn PaymentProvider>) -> Self {
        self.by_id.insert(provider.id(), provider);
        self
    }

    /// The provider named `id`, if this server has it.
    pub fn get(&self, id: &ProviderId) -> Option<&Arc<dyn PaymentProvider>> {
        self.by_id.get(id)
    }

    /// The providers that approve payments by themselves
    /// ([`PaymentProvider::approves_on_its_own`]).
    pub fn approving_on_their_own(&self) -> impl Iterator<Item = &Arc<dyn PaymentProvider>> {
        self.by_id.values().filter(|p| p.approves_on_its_own())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_ids_refuse_what_would_change_a_provider_path() {
        for bad in ["", ".", "..", "...", "a b", "a/b\n", "é"] {
            assert!(PaymentId::parse(bad).is_err(), "{bad:?}");
        }
        assert!(PaymentId::parse(&"a".repeat(201)).is_err());
        for good in ["a", "a.b", "..a", "tgen_20240101", &"a".repeat(200)] {
            assert!(PaymentId::parse(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn provider_names_are_lowercase_words() {
        assert!(ProviderId::parse("toss").is_ok());
        assert!(ProviderId::parse("toss-pay").is_ok());
        assert!(ProviderId::parse("Toss").is_err());
        assert!(ProviderId::parse("").is_err());
        assert!(ProviderId::parse(&"a".repeat(33)).is_err());
    }
}
