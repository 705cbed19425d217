//! What every handler shares.

use std::sync::Arc;
use std::time::Duration;

use leptos_tosspayments::ClientKey;
use tokio::sync::Notify;

use crate::apps_in_toss::{NoTossLogin, PartnerClient, SharedTossLogin};
use crate::catalog::Pricing;
use crate::db::Db;
use crate::error::AppError;
use crate::health::Health;
use crate::identity::{Anonymous, SharedIdentity};
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::policy::{RefundPolicy, WithinWindow};
use crate::provider::apps_in_toss::AppsInToss;
use crate::provider::brandpay::TossBrandpay;
use crate::provider::toss::TossCore;
use crate::provider::tosspay::TossPay;
use crate::provider::{PaymentProvider, ProviderId, Providers};
use crate::session::Sessions;
use crate::staff::StaffToken;
use crate::toss::TossClient;
use crate::tosspay::TossPayClient;
use leptos_tosspayments::domain::error_code::ErrorCode;

/// Timings the server works by.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long one call to Toss may take.
    pub toss_timeout: Duration,
    /// How long a duplicate confirm waits for the first one to settle.
    pub follower_wait: Duration,
    /// How many times an in-doubt confirm is retried (same `Idempotency-Key`) before it is
    /// left to the reconciler.
    pub confirm_retries: u32,
    /// How often the reconciler runs.
    pub reconcile_every: Duration,
    /// How old an in-between order must be before the reconciler takes it.
    pub reconcile_grace: Duration,
    /// How long an order may stay unpaid (`created`, or `failed` after a refused payment)
    /// before it expires.
    pub unpaid_ttl: Duration,
    /// How long processed webhooks are kept in the inbox.
    pub inbox_retention: Duration,
    /// How many orders of each status one reconciler pass looks at.
    pub reconcile_batch: i64,
    /// The longest wait between two checks of an order the provider has no news about (the
    /// wait doubles from `reconcile_every` with each unchanged answer).
    pub recheck_max: Duration,
    /// How long after its last change a paid order is still re-checked with the provider (a
    /// cancel made in the provider's dashboard while webhooks were lost).
    pub recheck_paid_for: Duration,
    /// How long a claimed confirm may go unsettled while every lookup of its payment fails,
    /// before the reconciler fails the claim so the buyer can pay again. Toss's confirm window
    /// is 10 minutes (an authorised payment not confirmed by then can no longer be), so the
    /// default is 30 minutes.
    pub claim_timeout: Duration,
    /// How long after a failed attempt a stored webhook is tried again (doubling with each
    /// attempt, at most 10 minutes).
    pub webhook_retry: Duration,
    /// Browser origins allowed to call the API (the `trunk serve` origin in development).
    pub allowed_origins: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            toss_timeout: Duration::from_secs(10),
            follower_wait: Duration::from_secs(35),
            confirm_retries: 2,
            reconcile_every: Duration::from_secs(15),
            reconcile_grace: Duration::from_secs(60),
            claim_timeout: Duration::from_secs(30 * 60),
            unpaid_ttl: Duration::from_secs(24 * 3600),
            inbox_retention: Duration::from_secs(30 * 24 * 3600),
            reconcile_batch: 100,
            recheck_max: Duration::from_secs(6 * 3600),
            recheck_paid_for: Duration::from_secs(30 * 24 * 3600),
            webhook_retry: Duration::from_secs(2),
            allowed_origins: Vec::new(),
        }
    }
}

/// The shared state of the router.
#[derive(Clone)]
pub struct AppState {
    /// Storage.
    pub db: Db,
    /// Toss's Core API (or the sandbox), for billing keys; its payments go through
    /// [`AppState::providers`] like every provider's.
    pub toss: TossClient,
    /// The providers payments come through, by name.
    pub providers: Providers,
    /// The public client key the browser gets.
    pub client_key: ClientKey,
    /// The SDK script URL the browser gets.
    pub sdk_url: String,
    /// Prices.
    pub pricing: Arc<dyn Pricing>,
    /// Timings.
    pub settings: Settings,
    /// Who is signed in ([`crate::identity`]); [`Anonymous`] by default.
    pub identity: SharedIdentity,
    /// Wakes the webhook worker when a webhook arrives.
    pub webhook_wake: Arc<Notify>,
    /// The background workers' heartbeats, for readiness.
    pub health: Arc<Health>,
    /// Per-client rate limits on the open routes ([`crate::limits`]).
    pub limits: Limits,
    /// Prometheus metrics ([`crate::metrics`]).
    pub metrics: Arc<Metrics>,
    /// When a buyer may cancel ([`crate::policy`]); seven days after payment by default.
    pub refund_policy: Arc<dyn RefundPolicy>,
    /// The merchant console's credential ([`crate::staff`]); the console is off without one.
    pub staff_token: Option<StaffToken>,
    /// Buyers' sessions ([`crate::session`]), if on: `/api/session` answers 404 without.
    pub sessions: Option<Arc<Sessions>>,
    /// Toss Pay's client, if this server takes Toss Pay ([`AppState::with_tosspay`]).
    pub tosspay: Option<TossPayClient>,
    /// Apps-in-Toss' partner client, if this server takes in-app payments
    /// ([`AppState::with_apps_in_toss`]).
    pub apps_in_toss: Option<PartnerClient>,
    /// Who is signed in with Toss login ([`crate::apps_in_toss::TossLogin`]); nobody by default.
    pub toss_login: SharedTossLogin,
    /// PortOne's browser side, if this server takes payments through PortOne
    /// ([`AppState::with_portone`]).
    pub portone: Option<crate::portone_pay::PortOneBrowser>,
    /// PortOne's client, if this server takes payments through PortOne (billing charges).
    pub portone_client: Option<crate::portone::PortOneClient>,
}

impl AppState {
    /// The state for `db`, `toss` and `pricing`, with Toss's Core API as its provider, default
    /// settings and a fresh webhook wake-up. [`crate::config::Config::into_state`] builds it
    /// from the environment.
    pub fn new(
        db: Db,
        toss: TossClient,
        client_key: ClientKey,
        sdk_url: String,
        pricing: Arc<dyn Pricing>,
        settings: Settings,
    ) -> AppState {
        AppState {
            db,
            providers: Providers::new()
                .with(Arc::new(TossCore::new(toss.clone())))
                .with(Arc::new(TossBrandpay::new(toss.clone()))),
            toss,
            client_key,
            sdk_url,
            pricing,
            settings,
            identity: Arc::new(Anonymous),
            webhook_wake: Arc::new(Notify::new()),
            health: Arc::new(Health::default()),
            limits: Limits::default(),
            metrics: Arc::new(Metrics::default()),
            refund_policy: Arc::new(WithinWindow::default()),
            staff_token: None,
            sessions: None,
            tosspay: None,
            apps_in_toss: None,
            toss_login: Arc::new(NoTossLogin),
            portone: None,
            portone_client: None,
        }
    }

    /// Uses `policy` to decide when a buyer may cancel.
    pub fn with_refund_policy(mut self, policy: Arc<dyn RefundPolicy>) -> AppState {
        self.refund_policy = policy;
        self
    }

    /// Turns the merchant console on, for holders of `token`.
    pub fn with_staff_token(mut self, token: StaffToken) -> AppState {
        self.staff_token = Some(token);
        self
    }

    /// Turns buyers' sessions on (`/api/session`), and makes them the identity: the signed-in
    /// customer of a request is its session's.
    pub fn with_sessions(mut self, sessions: Sessions) -> AppState {
        let sessions = Arc::new(sessions);
        self.identity = sessions.clone();
        self.sessions = Some(sessions);
        self
    }

    /// Takes Toss Pay payments through `client` (the checkout routes and the provider).
    pub fn with_tosspay(mut self, client: TossPayClient) -> AppState {
        self.providers = self.providers.with(Arc::new(TossPay::new(client.clone())));
        self.tosspay = Some(client);
        self
    }

    /// Takes Toss Pay payments inside the Toss app through `client` (the Apps-in-Toss routes
    /// and the provider), for the Toss users `login` signs in.
    pub fn with_apps_in_toss(mut self, client: PartnerClient, login: SharedTossLogin) -> AppState {
        self.providers = self
            .providers
            .with(Arc::new(AppsInToss::new(client.clone())));
        self.apps_in_toss = Some(client);
        self.toss_login = login;
        self
    }

    /// Takes Toss Payments through PortOne: `client` verifies and cancels (the provider), and
    /// `browser` is what `GET /api/portone/config` gives the browser.
    pub fn with_portone(
        mut self,
        client: crate::portone::PortOneClient,
        browser: crate::portone_pay::PortOneBrowser,
    ) -> AppState {
        self.providers = self
            .providers
            .with(Arc::new(crate::provider::portone::PortOne::new(
                client.clone(),
            )));
        self.portone = Some(browser);
        self.portone_client = Some(client);
        self
    }

    /// Uses `identity` to know who is signed in.
    pub fn with_identity(mut self, identity: SharedIdentity) -> AppState {
        self.identity = identity;
        self
    }

    /// Adds (or replaces) a provider.
    pub fn with_provider(mut self, provider: Arc<dyn PaymentProvider>) -> AppState {
        self.providers = self.providers.with(provider);
        self
    }

    /// The provider named `id`, or a 409 `PROVIDER_UNAVAILABLE` if this server has none by
    /// that name (an order paid through a provider since removed from the configuration).
    pub fn provider(&self, id: &ProviderId) -> Result<&Arc<dyn PaymentProvider>, AppError> {
        self.providers.get(id).ok_or_else(|| {
            AppError::conflict(
                ErrorCode::ProviderUnavailable,
                format!("this server takes no payments through {id}"),
            )
        })
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("toss", &self.toss)
            .field("client_key", &self.client_key)
            .field("sdk_url", &self.sdk_url)
            .finish_non_exhaustive()
    }
}
