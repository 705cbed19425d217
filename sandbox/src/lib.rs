//! # tosspayments-sandbox
//!
//! An offline, stateful stand-in for the parts of Toss Payments that leptos-tosspayments uses,
//! for development without the internet and for storefronts' own CI:
//!
//! * a **JavaScript stand-in for the V2 SDK** at `/v2/standard` — `TossPayments(clientKey)`,
//!   `widgets()` (`setAmount`, `renderPaymentMethods`, `renderAgreement`, `requestPayment`),
//!   `payment()` (`requestPayment`, `requestBillingAuth`) — that renders a real, clickable
//!   payment-method list, agreement and payment window, validates like the SDK, throws the
//!   documented error codes and redirects to `successUrl`/`failUrl` with the documented query;
//! * an **HTTP stand-in for the Core API** at `/v1/*` — confirm, query by payment key and by
//!   order id, cancel (full, partial, with refund account), billing-key issue and charge —
//!   that keeps state and enforces Toss's rules (Basic auth of `secretKey:`, key pairing,
//!   amount and order matching, one confirm per payment, the confirm window, `Idempotency-Key`
//!   replay, cancel ≤ balance, billing customer match), answering `{code, message}` with the
//!   documented HTTP statuses;
//! * **webhooks** to the merchant (`PAYMENT_STATUS_CHANGED`, `CANCEL_STATUS_CHANGED`, the flat
//!   `DEPOSIT_CALLBACK`) with Toss's retry schedule on a configurable time scale;
//! * **fault injection** per endpoint — 500, `PROVIDER_ERROR`, card rejection, a hang past the
//!   client's timeout, a connection reset, "approved but the response was lost", and "applied
//!   but answered late" (`Slow`) — and per webhook delivery attempt (dropped, delivered but
//!   unacknowledged so it comes again, late), plus fixed or random latency and a request log.
//!
//! Unlike a fixture server (stripe-mock), it remembers what happened: a payment confirmed once
//! is `ALREADY_PROCESSED_PAYMENT` the second time, a cancel reduces the balance, a deposit
//! moves a virtual account to `DONE`.
//!
//! ## In a test
//!
//! ```no_run
//! use tosspayments_sandbox::{Endpoint, Fault, Sandbox, SandboxConfig};
//!
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! // Point the merchant server at sandbox.base_url() instead of https://api.tosspayments.com,
//! // and the page's SDK script at sandbox.sdk_url().
//! sandbox.inject(Endpoint::Confirm, Fault::LoseResponse, 1);
//! // ... drive the flow ...
//! assert_eq!(sandbox.count(Endpoint::Confirm), 1);
//! # Ok(()) }
//! ```
//!
//! ## In a storefront's CI
//!
//! Run the binary (`tosspayments-sandbox --port 8787 --webhook-url http://127.0.0.1:3000/api/webhooks/toss`),
//! set the storefront server's Toss API base to `http://127.0.0.1:8787` and the page's SDK URL
//! to `http://127.0.0.1:8787/v2/standard`, and use the documented public test keys (accepted by
//! default). Tests click `[data-testid=sandbox-approve]` / `sandbox-cancel` / `sandbox-reject`
//! in the payment window, and drive deposits, faults, latency and time through `/sandbox/*`
//! (see [`control`]).
//!
//! ## What Toss does, and what is a guess
//!
//! Every rule the sandbox enforces, what Toss does, the public source for it, and the short list
//! of behaviours that are still guesses (some of them configurable in [`SandboxConfig`]) are in
//! `CONFORMANCE.md` at the crate root. Rules shared with the typed domain of
//! `leptos-tosspayments` (customer keys, order ids, order names, amounts, `validHours`,
//! metadata) give one verdict in the domain, the SDK stand-in and the HTTP side; a
//! differential test keeps them together.
//!
//! Not emulated: brandpay, escrow, cash receipts, payouts. `DELETE /v1/billing/{billingKey}` is,
//! with a guessed answer (CONFORMANCE.md).

pub mod api;
pub mod clock;
pub mod config;
pub mod control;
pub mod error;
pub mod faults;
pub mod payment;
mod sdk;
pub mod server;
pub mod state;
pub mod store;
pub mod testing;
pub mod webhooks;

use std::net::SocketAddr;

use axum::Router;
use axum::routing::get;
use tokio::sync::oneshot;

pub use clock::Clock;
pub use config::{KeyPair, SandboxConfig, docs_keys};
pub use faults::{Endpoint, Fault, Latency};
pub use state::{LoggedRequest, SandboxState};
pub use webhooks::Delivery;

/// The whole sandbox as one axum [`Router`] (SDK script, Core API, control API), for callers
/// that serve it themselves. Connection faults need [`Sandbox::start`]'s accept loop; served
/// elsewhere they answer 500 instead.
pub fn router(state: SandboxState) -> Router {
    Router::new()
        .route("/v2/standard", get(sdk::script))
        .route("/apps-in-toss/bridge.js", get(sdk::apps_in_toss_script))
        .route("/v1/iamport.js", get(sdk::iamport_script))
        .merge(api::routes())
        .merge(control::routes())
        .with_state(state)
}

/// Starts sandboxes.
pub struct Sandbox;

impl Sandbox {
    /// Starts a sandbox on a free port of 127.0.0.1, in this process.
    pub async fn start(config: SandboxConfig) -> std::io::Result<SandboxHandle> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts a sandbox on `addr` (port 0 picks a free one).
    pub async fn start_on(
        config: SandboxConfig,
        addr: SocketAddr,
    ) -> std::io::Result<SandboxHandle> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let state = SandboxState::new(config, base_url.clone());
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(server::serve(listener, router(state.clone()), stopped));
        Ok(SandboxHandle {
            state,
            addr,
            _stop: stop,
        })
    }
}

/// A running sandbox. Dropping it shuts the server down.
pub struct SandboxHandle {
    state: SandboxState,
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`: the Core API base URL (use instead of `https://api.tosspayments.com`).
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// The SDK stand-in's URL (use instead of `https://js.tosspayments.com/v2/standard`).
    pub fn sdk_url(&self) -> String {
        format!("{}/v2/standard", self.state.base_url)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The shared state, for anything the methods below do not cover.
    pub fn state(&self) -> &SandboxState {
        &self.state
    }

    /// Makes the next `times` calls to `endpoint` do `fault`.
    pub fn inject(&self, endpoint: Endpoint, fault: Fault, times: usize) {
        self.state.lock().faults.inject(endpoint, fault, times);
    }

    /// Forgets all queued faults.
    pub fn clear_faults(&self) {
        self.state.lock().faults.clear();
    }

    /// Sets the added latency of every Core API call.
    pub fn set_latency(&self, latency: Latency) {
        self.state.lock().latency = latency;
    }

    /// The clock (clone it to move time).
    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// Changes where webhooks go.
    pub fn set_webhook_url(&self, url: Option<String>) {
        self.state.webhooks.set_url(url);
    }

    /// Every Core API request so far, in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.lock().requests.clone()
    }

    /// How many requests reached `endpoint` (answered, faulted or replayed).
    pub fn count(&self, endpoint: Endpoint) -> usize {
        self.state
            .lock()
            .requests
            .iter()
            .filter(|r| r.endpoint == endpoint)
            .count()
    }

    /// How many requests to `endpoint` ran their operation successfully (not replays).
    pub fn applied(&self, endpoint: Endpoint) -> usize {
        self.state
            .lock()
            .requests
            .iter()
            .filter(|r| r.endpoint == endpoint && r.applied)
            .count()
    }

    /// Every webhook delivery attempt so far.
    pub fn webhook_deliveries(&self) -> Vec<Delivery> {
        self.state.webhooks.deliveries()
    }

    /// Every payment Toss holds for `order_id`, oldest first: the truth a test compares the
    /// merchant's records with (how many were approved, the latest one's status).
    pub fn payments_for_order(&self, order_id: &str) -> Vec<payment::Payment> {
        self.state.lock().store.payments_for_order(order_id)
    }

    /// What Toss Pay holds for the order `order_no` (its latest payment), if anything.
    pub fn tosspay_for_order(&self, order_no: &str) -> Option<store::TossPayTruth> {
        let now = self.state.clock.now();
        self.state.lock().store.tosspay_truth(order_no, now)
    }

    /// What PortOne holds for `merchant_uid`: its latest payment.
    pub fn portone_for_order(&self, merchant_uid: &str) -> Option<store::PortOneTruth> {
        self.state.lock().store.portone_truth(merchant_uid)
    }

    /// Where PortOne's notices go when a payment names no `notice_url` (PortOne's console
    /// setting).
    pub fn set_portone_webhook_url(&self, url: Option<String>) {
        self.state.lock().store.set_portone_webhook_url(url);
    }

    /// Makes PortOne's current access token expire now (as 30 minutes passing would).
    pub fn portone_expire_token(&self) {
        let now = self.state.clock.now();
        self.state.lock().store.portone_expire_token(now);
    }

    /// The buyer deposits into the order's virtual account (as `POST
    /// /sandbox/virtual-accounts/{orderId}/deposit`).
    pub fn deposit(&self, order_id: &str) -> Result<(), error::ApiError> {
        let now = self.state.clock.now();
        let (_, events) = self.state.lock().store.deposit(order_id, now)?;
        self.state.webhooks.send(events);
        Ok(())
    }

    /// The order's virtual account passes its deadline unpaid (as `POST
    /// /sandbox/virtual-accounts/{orderId}/expire`): like Toss, no webhook.
    pub fn expire_deposit(&self, order_id: &str) -> Result<(), error::ApiError> {
        let now = self.state.clock.now();
        let (_, events) = self.state.lock().store.expire_deposit(order_id, now)?;
        self.state.webhooks.send(events);
        Ok(())
    }

    /// The bank reverses the order's deposit (as `POST
    /// /sandbox/virtual-accounts/{orderId}/reverse`): `DONE` → `WAITING_FOR_DEPOSIT`.
    pub fn reverse_deposit(&self, order_id: &str) -> Result<(), error::ApiError> {
        let now = self.state.clock.now();
        let (_, events) = self.state.lock().store.reverse_deposit(order_id, now)?;
        self.state.webhooks.send(events);
        Ok(())
    }
}
