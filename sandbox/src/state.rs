//! The state one sandbox shares between its HTTP handlers and its [`crate::SandboxHandle`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use time::OffsetDateTime;

use crate::clock::Clock;
use crate::config::{KeyPair, SandboxConfig};
use crate::faults::{Endpoint, Fault, FaultPlan, Latency};
use crate::store::Store;
use crate::webhooks::Dispatcher;

/// One request that reached the Core API stand-in.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Arrival order, from 0.
    pub seq: u64,
    /// `GET` or `POST`.
    pub method: String,
    /// The path, e.g. `/v1/payments/confirm`.
    pub path: String,
    /// Which endpoint it was.
    pub endpoint: Endpoint,
    /// The `Idempotency-Key` header, if any.
    pub idempotency_key: Option<String>,
    /// The injected fault, if one was used.
    pub fault: Option<Fault>,
    /// The status answered; `None` while running or when the connection was dropped.
    pub status: Option<u16>,
    /// Whether the answer was a replay of an earlier one with the same `Idempotency-Key`.
    pub replayed: bool,
    /// Whether the operation ran and succeeded (for a POST: Toss's state changed).
    pub applied: bool,
}

/// An `Idempotency-Key` scope: the key, the API key, the method and the URL.
pub type IdempotencyScope = (String, String, String, String);

/// What is remembered for an `Idempotency-Key`.
#[derive(Debug, Clone)]
pub enum Remembered {
    /// The first request with this key is still running.
    InFlight,
    /// The first answer, replayed to every repeat until `expires`.
    Done {
        /// HTTP status.
        status: u16,
        /// JSON body.
        body: serde_json::Value,
        /// When the key is forgotten.
        expires: OffsetDateTime,
    },
}

/// Everything behind the lock.
#[derive(Debug)]
pub struct Inner {
    /// Payments and billing keys.
    pub store: Store,
    /// Queued faults.
    pub faults: FaultPlan,
    /// Added latency.
    pub latency: Latency,
    /// Remembered idempotency keys.
    pub idempotency: HashMap<IdempotencyScope, Remembered>,
    /// The request log.
    pub requests: Vec<LoggedRequest>,
}

/// Shared, cheaply cloneable sandbox state.
#[derive(Debug, Clone)]
pub struct SandboxState {
    inner: Arc<Mutex<Inner>>,
    /// The configuration the sandbox started with.
    pub config: Arc<SandboxConfig>,
    /// Webhook delivery.
    pub webhooks: Dispatcher,
    /// The clock.
    pub clock: Clock,
    /// The sandbox's own base URL.
    pub base_url: String,
}

impl SandboxState {
    /// Fresh state for a sandbox served at `base_url`.
    pub fn new(config: SandboxConfig, base_url: String) -> Self {
        let clock = config.clock.clone();
        let inner = Inner {
            store: Store::new(&config, base_url.clone()),
            faults: FaultPlan::default(),
            latency: Latency::None,
            idempotency: HashMap::new(),
            requests: Vec::new(),
        };
        let inner = Arc::new(Mutex::new(inner));
        let faults = {
            let inner = Arc::clone(&inner);
            Arc::new(move || {
                inner
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .faults
                    .take(Endpoint::Webhook)
            })
        };
        let webhooks = Dispatcher::new(&config, clock.clone(), faults);
        SandboxState {
            inner,
            config: Arc::new(config),
            webhooks,
            clock,
            base_url,
        }
    }

    /// Locks the state. A handler that panicked while holding the lock poisons it; the sandbox
    /// keeps serving with whatever state it left (tests then see the inconsistency).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The key pair whose secret key is `secret`.
    pub fn pair_for_secret(&self, secret: &str) -> Option<&KeyPair> {
        self.config
            .keys
            .iter()
            .find(|k| k.secret.expose_secret() == secret)
    }

    /// Whether `client` is one of the configured client keys.
    pub fn knows_client(&self, client: &leptos_tosspayments::ClientKey) -> bool {
        self.config.keys.iter().any(|k| &k.client == client)
    }
}
