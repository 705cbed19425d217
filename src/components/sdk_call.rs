//! What [`super::use_payment_window`] and [`super::use_billing_auth`] share: the provider's
//! configuration, whether a request is under way, and how the last one failed.

use leptos::prelude::*;

use super::{CheckoutError, TossConfig, use_toss};

/// A request that opens one of Toss's windows, and its state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SdkCall {
    config: StoredValue<TossConfig>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<CheckoutError>>,
}

impl SdkCall {
    /// For the nearest provider.
    pub(crate) fn new() -> Self {
        SdkCall {
            config: StoredValue::new(use_toss()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Whether a request is under way (tracked).
    pub(crate) fn busy(&self) -> bool {
        self.busy.get()
    }

    /// How the last request failed, if it did (tracked).
    pub(crate) fn error(&self) -> Option<CheckoutError> {
        self.error.get()
    }

    /// Runs `request` with the provider's configuration, busy meanwhile, keeping its failure.
    pub(crate) async fn run<T, F, Fut>(&self, request: F) -> Result<T, CheckoutError>
    where
        F: FnOnce(TossConfig) -> Fut,
        Fut: std::future::Future<Output = Result<T, CheckoutError>>,
    {
        self.busy.set(true);
        self.error.set(None);
        let outcome = request(self.config.get_value()).await;
        self.busy.try_set(false);
        if let Err(e) = &outcome {
            self.error.try_set(Some(e.clone()));
        }
        outcome
    }
}
