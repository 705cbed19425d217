//! Webhook delivery to the merchant, with Toss's retry schedule.
//!
//! Toss retries a delivery that did not get HTTP 200 up to 7 times, after 1, 4, 16, 64, 256,
//! 1024 and 4096 minutes. The sandbox keeps the schedule but lets the length of a "minute" be
//! configured ([`crate::SandboxConfig::webhook_retry_minute`]) so a test sees retries in
//! milliseconds.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::clock::{Clock, webhook_time};
use crate::config::SandboxConfig;
use crate::faults::Fault;
use crate::payment::{Cancel, Payment};

/// Minutes between attempts, from Toss's webhook guide.
pub const RETRY_MINUTES: [u64; 7] = [1, 4, 16, 64, 256, 1024, 4096];

/// A webhook the sandbox sends. Which change sends which event follows Toss's "웹훅 이벤트"
/// page (docs.tosspayments.com/reference/using-api/webhook-events; `sandbox/CONFORMANCE.md`,
/// "Webhooks"):
///
/// | change | events |
/// |---|---|
/// | confirm `DONE` / `ABORTED`, session `EXPIRED` | `PAYMENT_STATUS_CHANGED` |
/// | virtual account issued, deposited, deposit reversed, cancelled | `DEPOSIT_CALLBACK` and `PAYMENT_STATUS_CHANGED` |
/// | virtual account's deadline passes | none (the payment stays `WAITING_FOR_DEPOSIT`) |
/// | cancel or partial cancel | `PAYMENT_STATUS_CHANGED` (`CANCELED` / `PARTIAL_CANCELED`) |
/// | foreign easy-pay cancel | also `CANCEL_STATUS_CHANGED`, whose `data` is the Cancel object |
/// | billing charge | none ("자동결제는 … 결제가 완료됐을 때 웹훅을 전송하지 않습니다") |
#[derive(Debug, Clone)]
pub enum Event {
    /// `{eventType: "PAYMENT_STATUS_CHANGED", createdAt, data: Payment}`.
    PaymentStatusChanged(Box<Payment>),
    /// `{eventType: "CANCEL_STATUS_CHANGED", createdAt, data: Cancel}`: a foreign easy-pay
    /// cancel; `data` is one element of `Payment.cancels`, with no paymentKey or orderId.
    CancelStatusChanged(Cancel),
    /// The flat virtual-account callback: `{createdAt, secret, status, transactionKey, orderId}`.
    DepositCallback {
        /// When the change happened.
        created_at: OffsetDateTime,
        /// The payment's `secret`.
        secret: String,
        /// The payment's new status: `WAITING_FOR_DEPOSIT` (issued, or a deposit reversed),
        /// `DONE`, `CANCELED` or `PARTIAL_CANCELED`.
        status: &'static str,
        /// The transaction that changed it.
        transaction_key: String,
        /// The order.
        order_id: String,
    },
    /// A Toss Pay `resultCallback` (`callbackVersion: V2`, JSON), to the URL the payment was
    /// created with (Toss Pay API: sent for `PAY_COMPLETE` of an `autoExecute` payment only).
    TossPayResult {
        /// The payment's `resultCallback`.
        url: String,
        /// `{status, payToken, orderNo, payMethod, amount, …}`.
        body: Value,
    },
    /// A PortOne notice `{imp_uid, merchant_uid, status}` (JSON), to the payment's
    /// `notice_url` or the console's URL.
    PortOneNotice {
        /// Where it goes.
        url: String,
        /// `{imp_uid, merchant_uid, status}`.
        body: Value,
    },
}

impl Event {
    /// The `eventType`, or `DEPOSIT_CALLBACK` for the flat callback.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::PaymentStatusChanged(_) => "PAYMENT_STATUS_CHANGED",
            Event::CancelStatusChanged(_) => "CANCEL_STATUS_CHANGED",
            Event::DepositCallback { .. } => "DEPOSIT_CALLBACK",
            Event::TossPayResult { .. } => "TOSSPAY_RESULT_CALLBACK",
            Event::PortOneNotice { .. } => "PORTONE_NOTICE",
        }
    }

    /// Where this event goes when not to the merchant's webhook URL.
    fn own_url(&self) -> Option<&str> {
        match self {
            Event::TossPayResult { url, .. } | Event::PortOneNotice { url, .. } => Some(url),
            _ => None,
        }
    }

    /// `PAYMENT_STATUS_CHANGED` for `payment` as it now stands.
    pub fn payment_status_changed(payment: Payment) -> Event {
        Event::PaymentStatusChanged(Box::new(payment))
    }

    /// A virtual account's `DEPOSIT_CALLBACK` for `payment` as it now stands.
    pub fn deposit_callback(payment: &Payment, now: OffsetDateTime) -> Event {
        Event::DepositCallback {
            created_at: now,
            secret: payment.secret.clone().unwrap_or_default(),
            status: payment.status,
            transaction_key: payment.last_transaction_key.clone().unwrap_or_default(),
            order_id: payment.order_id.clone(),
        }
    }

    /// The JSON body.
    pub fn body(&self, now: OffsetDateTime) -> Value {
        match self {
            Event::PaymentStatusChanged(p) => json!({
                "eventType": self.kind(),
                "createdAt": webhook_time(now),
                "data": p,
            }),
            Event::CancelStatusChanged(c) => json!({
                "eventType": self.kind(),
                "createdAt": webhook_time(now),
                "data": c,
            }),
            Event::DepositCallback {
                created_at,
                secret,
                status,
                transaction_key,
                order_id,
            } => {
                json!({
                    "createdAt": webhook_time(*created_at),
                    "secret": secret,
                    "status": status,
                    "transactionKey": transaction_key,
                    "orderId": order_id,
                })
            }
            Event::TossPayResult { body, .. } | Event::PortOneNotice { body, .. } => body.clone(),
        }
    }
}

/// One delivery attempt, as the request log of webhooks shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// The transmission id shared by all attempts of one event.
    pub transmission_id: String,
    /// `PAYMENT_STATUS_CHANGED`, `CANCEL_STATUS_CHANGED` or `DEPOSIT_CALLBACK`.
    pub event_type: &'static str,
    /// 0 for the first attempt.
    pub attempt: u32,
    /// The merchant's HTTP status, or `None` if it could not be reached (or an injected fault
    /// kept the attempt from reaching it).
    pub status: Option<u16>,
    /// The fault injected at [`Endpoint::Webhook`](crate::faults::Endpoint::Webhook) for this attempt, if any.
    pub fault: Option<Fault>,
    /// The body sent.
    pub body: Value,
}

/// Sends events to the merchant's webhook URL.
#[derive(Clone)]
pub struct Dispatcher {
    client: reqwest::Client,
    url: Arc<Mutex<Option<String>>>,
    retry_minute: Duration,
    hang_for: Duration,
    slow_for: Duration,
    clock: Clock,
    log: Arc<Mutex<Vec<Delivery>>>,
    /// Takes the next fault queued at [`Endpoint::Webhook`](crate::faults::Endpoint::Webhook) (the sandbox's fault plan).
    faults: FaultSource,
}

/// Where a [`Dispatcher`] takes each delivery attempt's fault from: the sandbox passes its
/// fault plan's queue at [`Endpoint::Webhook`](crate::faults::Endpoint::Webhook).
pub type FaultSource = Arc<dyn Fn() -> Option<Fault> + Send + Sync>;

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("url", &self.url)
            .field("retry_minute", &self.retry_minute)
            .finish_non_exhaustive()
    }
}

impl Dispatcher {
    /// A dispatcher for `config.webhook_url` (none: events are dropped and not logged) that
    /// asks `faults` for each attempt's fault.
    pub fn new(config: &SandboxConfig, clock: Clock, faults: FaultSource) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a plain HTTP client builds");
        Dispatcher {
            client,
            url: Arc::new(Mutex::new(config.webhook_url.clone())),
            retry_minute: config.webhook_retry_minute,
            hang_for: config.hang_for,
            slow_for: config.slow_for,
            clock,
            log: Arc::default(),
            faults,
        }
    }

    /// Changes where webhooks go.
    pub fn set_url(&self, url: Option<String>) {
        *self.url.lock().unwrap_or_else(|p| p.into_inner()) = url;
    }

    /// Every attempt so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sends each event in the background, in order, retrying on Toss's schedule.
    pub fn send(&self, events: Vec<Event>) {
        let webhook_url = self.url.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let me = self.clone();
        tokio::spawn(async move {
            for event in events {
                // A Toss Pay callback goes to its own URL; the rest to the webhook URL, if set.
                let Some(url) = event
                    .own_url()
                    .map(str::to_owned)
                    .or_else(|| webhook_url.clone())
                else {
                    continue;
                };
                let me = me.clone();
                // Each event retries on its own schedule; the first attempts keep their order.
                let first = me
                    .attempt(&url, &event, 0, &uuid::Uuid::new_v4().to_string())
                    .await;
                if let Err(tid) = first {
                    tokio::spawn(async move { me.retry(&url, &event, &tid).await });
                }
            }
        });
    }

    async fn retry(&self, url: &str, event: &Event, tid: &str) {
        for (i, minutes) in RETRY_MINUTES.iter().enumerate() {
            tokio::time::sleep(self.retry_minute * (*minutes as u32)).await;
            if self.attempt(url, event, i as u32 + 1, tid).await.is_ok() {
                return;
            }
        }
    }

    /// One attempt; `Err(transmission id)` when it must be retried.
    async fn attempt(
        &self,
        url: &str,
        event: &Event,
        attempt: u32,
        tid: &str,
    ) -> Result<(), String> {
        let fault = (self.faults)();
        match fault {
            Some(Fault::Hang) => tokio::time::sleep(self.hang_for).await,
            Some(Fault::Slow) => tokio::time::sleep(self.slow_for).await,
            _ => {}
        }
        let now = self.clock.now();
        let body = event.body(now);
        let delivered = !matches!(
            fault,
            Some(
                Fault::ResetConnection
                    | Fault::InternalError
                    | Fault::ProviderError
                    | Fault::RejectCard
            )
        );
        let mut status = None;
        if delivered {
            let mut request = self.client.post(url);
            if event.own_url().is_none() {
                // Header names from third-party notes of the docs (UNCONFIRMED in a primary
                // source); Toss Pay documents no headers for its callback.
                request = request
                    .header("tosspayments-webhook-transmission-id", tid)
                    .header(
                        "tosspayments-webhook-transmission-time",
                        crate::clock::api_time(now),
                    )
                    .header(
                        "tosspayments-webhook-transmission-retried-count",
                        attempt.to_string(),
                    );
            }
            let result = request.json(&body).send().await;
            status = result.as_ref().ok().map(|r| r.status().as_u16());
        }
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Delivery {
                transmission_id: tid.to_owned(),
                event_type: event.kind(),
                attempt,
                status,
                fault,
                body,
            });
        // A lost acknowledgement: the merchant got it, Toss did not hear so.
        let status = if fault == Some(Fault::LoseResponse) {
            None
        } else {
            status
        };
        if status == Some(200) {
            Ok(())
        } else {
            Err(tid.to_owned())
        }
    }
}
