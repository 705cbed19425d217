//! Fault injection: what the next calls to an endpoint do instead of (or besides) answering
//! normally, and added latency.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A Core API endpoint the sandbox can be told to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// `POST /v1/payments/confirm`
    Confirm,
    /// `GET /v1/payments/{paymentKey}` and `GET /v1/payments/orders/{orderId}`
    Query,
    /// `POST /v1/payments/{paymentKey}/cancel`
    Cancel,
    /// `POST /v1/billing/authorizations/issue`
    BillingIssue,
    /// `POST /v1/billing/{billingKey}`
    BillingCharge,
    /// `DELETE /v1/billing/{billingKey}`
    BillingDelete,
    /// `POST /v1/brandpay/authorizations/access-token`
    BrandpayAccessToken,
    /// `POST /v1/brandpay/payments/confirm`
    BrandpayConfirm,
    /// Toss Pay `POST /api/v2/payments`
    TossPayCreate,
    /// Toss Pay `POST /api/v2/execute`
    TossPayExecute,
    /// Toss Pay `POST /api/v2/refunds`
    TossPayRefund,
    /// Toss Pay `POST /api/v2/status`
    TossPayStatus,
    /// Apps-in-Toss `make-payment`
    InAppCreate,
    /// Apps-in-Toss `execute-payment`
    InAppExecute,
    /// Apps-in-Toss `refund-payment`
    InAppRefund,
    /// Apps-in-Toss `get-payment-status`
    InAppStatus,
    /// PortOne's `POST /users/getToken`.
    PortOneToken,
    /// PortOne's `GET /payments/{imp_uid}` and `/payments/find/{merchant_uid}`.
    PortOnePayment,
    /// PortOne's `/payments/prepare` (register, change, read).
    PortOnePrepare,
    /// PortOne's `POST /payments/cancel`.
    PortOneCancel,
    /// PortOne's `/subscribe/customers/{customer_uid}` (issue, read, delete).
    PortOneCustomer,
    /// PortOne's `POST /subscribe/payments/again` and `/onetime`.
    PortOneCharge,
    /// A webhook delivery attempt to the merchant (not a Core API endpoint). `ResetConnection`
    /// (and the error faults) make the attempt fail before it reaches the merchant; `LoseResponse`
    /// delivers it but treats the merchant's 200 as lost, so it is delivered again on Toss's
    /// retry schedule; `Hang` and `Slow` deliver it late (after `hang_for` / `slow_for`).
    Webhook,
}

/// What an injected call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// `500 FAILED_INTERNAL_SYSTEM_PROCESSING`; nothing changes.
    InternalError,
    /// `400 PROVIDER_ERROR`; nothing changes.
    ProviderError,
    /// `403 REJECT_CARD_PAYMENT`. At confirm the payment becomes `ABORTED` with that
    /// `failure` (the card company refused it); elsewhere nothing changes.
    RejectCard,
    /// Holds the request for [`crate::SandboxConfig::hang_for`] (past any client timeout),
    /// then answers 500; nothing changes.
    Hang,
    /// Closes the connection without an answer; nothing changes.
    ResetConnection,
    /// Applies the change (approves, cancels, charges) and then closes the connection without
    /// an answer: Toss did it and the merchant never heard.
    LoseResponse,
    /// Applies the change at once and answers normally, but only after
    /// [`crate::SandboxConfig::slow_for`]: a slow Toss, and the window in which a merchant
    /// that dies has been charged without having written it down.
    Slow,
}

/// Added latency before every Core API call is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Latency {
    /// No added latency.
    #[default]
    None,
    /// Always this many milliseconds.
    Fixed {
        /// Milliseconds.
        ms: u64,
    },
    /// Uniformly between `min_ms` and `max_ms`.
    Random {
        /// Lower bound in milliseconds.
        min_ms: u64,
        /// Upper bound in milliseconds.
        max_ms: u64,
    },
}

impl Latency {
    /// The delay for one call.
    pub fn sample(self) -> Duration {
        match self {
            Latency::None => Duration::ZERO,
            Latency::Fixed { ms } => Duration::from_millis(ms),
            Latency::Random { min_ms, max_ms } => {
                let (lo, hi) = (min_ms.min(max_ms), min_ms.max(max_ms));
                let r = uuid::Uuid::new_v4().as_u128() as u64;
                Duration::from_millis(lo + r % (hi - lo + 1))
            }
        }
    }
}

/// The queued faults per endpoint, consumed one per call.
#[derive(Debug, Default)]
pub struct FaultPlan {
    queued: HashMap<Endpoint, VecDeque<Fault>>,
}

impl FaultPlan {
    /// Makes the next `times` calls to `endpoint` do `fault` (after any already queued).
    pub fn inject(&mut self, endpoint: Endpoint, fault: Fault, times: usize) {
        let q = self.queued.entry(endpoint).or_default();
        q.extend(std::iter::repeat_n(fault, times));
    }

    /// The fault for this call, if any.
    pub fn take(&mut self, endpoint: Endpoint) -> Option<Fault> {
        self.queued.get_mut(&endpoint)?.pop_front()
    }

    /// Forgets every queued fault.
    pub fn clear(&mut self) {
        self.queued.clear();
    }

    /// How many faults are still queued for `endpoint`.
    pub fn pending(&self, endpoint: Endpoint) -> usize {
        self.queued.get(&endpoint).map_or(0, VecDeque::len)
    }
}
