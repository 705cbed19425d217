//! Configuration from the environment.
//!
//! | variable | default | what |
//! |---|---|---|
//! | `TOSS_SECRET_KEY` | required | the secret key (kept with `secrecy`, never logged) |
//! | `TOSS_CLIENT_KEY` | required | the client key of the same pair (given to the browser) |
//! | `TOSS_API_BASE` | `https://api.tosspayments.com` | the Core API (or the sandbox) |
//! | `TOSS_SDK_URL` | `https://js.tosspayments.com/v2/standard` | the SDK the browser loads |
//! | `DATABASE_URL` | `sqlite://tosspayments.sqlite?mode=rwc` | SQLite file, or `postgres://…` |
//! | `BIND` | `127.0.0.1:3000` | where the binary listens |
//! | `ALLOWED_ORIGINS` | none | comma-separated browser origins for CORS |
//! | `TOSS_TIMEOUT_MS` | `10000` | per call to Toss |
//! | `RECONCILE_EVERY_MS`, `RECONCILE_GRACE_MS` | `15000`, `60000` | the reconciler |
//! | `ADMIN_TOKEN` | none (console off) | the merchant console's staff credential, at least 32 characters |
//! | `TOSSPAY_API_KEY` | none (Toss Pay off) | Toss Pay's merchant `apiKey` (never logged) |
//! | `TOSSPAY_API_BASE` | `https://pay.toss.im` | Toss Pay's API (the sandbox's for development); a live key only ever goes to Toss Pay |
//! | `APPS_IN_TOSS_API_BASE` | none (in-app payments off) | the sandbox's partner API: Apps-in-Toss payments, Toss users signed in by the bridge stand-in's cookie. Toss's own host needs your Toss login: mount the router with [`crate::state::AppState::with_apps_in_toss`] |
//! | `PORTONE_API_KEY`, `PORTONE_API_SECRET` | none (PortOne off) | PortOne's V1 REST API key and secret (the secret never logged) |
//! | `PORTONE_MERCHANT_CODE` | required with PortOne | `IMP.init`'s merchant identification code (public) |
//! | `PORTONE_API_BASE`, `PORTONE_SDK_URL` | `https://api.iamport.kr`, `https://cdn.iamport.kr/v1/iamport.js` | PortOne's API and SDK (the sandbox's for development) |
//! | `SESSION_SECRET` | none (sessions off) | signs the buyers' session cookies ([`crate::session`]), at least 64 characters |
//! | `SESSION_INSECURE_COOKIE` | off | `1`: the session cookie without `Secure`, for plain HTTP in development |
//! | `REFUND_WINDOW_DAYS` | `7` | how long after payment a buyer may cancel by themselves |
//! | `UNPAID_TTL_MS` | `86400000` | how long an order may stay unpaid before it expires |
//! | `INBOX_RETENTION_MS` | `2592000000` | how long processed webhooks are kept |
//! | `RATE_LIMIT_PER_MINUTE` | `120` | requests a minute per client on the open routes (0: off) |
//! | `TRUST_FORWARDED_FOR` | off | key clients by the first `X-Forwarded-For` address (only behind a proxy that sets it) |
//! | `CLAIM_TIMEOUT_MS` | `1800000` | how long a confirm whose payment cannot be looked up stays claimed before it is failed |
//! | `WEBHOOK_RETRY_MS` | `2000` | first wait before a stored webhook is tried again (doubles) |

use std::sync::Arc;
use std::time::Duration;

/// What `tosspayments-server --help` prints: every variable the server reads.
pub const HELP: &str = "\
tosspayments-server: the companion server of leptos-tosspayments (orders, confirm, cancel,
webhooks, billing, reconciler). Configured from the environment; stops on Ctrl-C.

Environment:
  TOSS_SECRET_KEY      required  the secret key (test_sk_/test_gsk_/live_...); never logged
  TOSS_CLIENT_KEY      required  the client key of the same pair, given to the browser
  TOSS_API_BASE        https://api.tosspayments.com       the Core API (or the sandbox's URL)
  TOSS_SDK_URL         https://js.tosspayments.com/v2/standard  the SDK script the browser loads
  DATABASE_URL         sqlite://tosspayments.sqlite?mode=rwc    SQLite file, or postgres://...
                       (PostgreSQL when several instances share the work)
  BIND                 127.0.0.1:3000    where the server listens
  ALLOWED_ORIGINS      (none)            comma-separated browser origins allowed by CORS
  TOSS_TIMEOUT_MS      10000             timeout of each call to Toss
  RECONCILE_EVERY_MS   15000             how often the reconciler runs
  RECONCILE_GRACE_MS   60000             how old an in-between order is before it is reconciled
  ADMIN_TOKEN          (console off)     the merchant console's staff credential (32+ characters; never logged)
  TOSSPAY_API_KEY      (Toss Pay off)    Toss Pay's merchant apiKey (never logged)
  TOSSPAY_API_BASE     https://pay.toss.im  Toss Pay's API; a live key only ever goes to Toss Pay
  APPS_IN_TOSS_API_BASE (in-app off)    the sandbox's Apps-in-Toss partner API (its Toss login is a cookie);
                       Toss's own host needs your Toss login: mount the router (with_apps_in_toss)
  PORTONE_API_KEY      (PortOne off)     PortOne's V1 REST API key (with PORTONE_API_SECRET, never logged)
  PORTONE_MERCHANT_CODE (with PortOne)   IMP.init's merchant identification code
  PORTONE_API_BASE     https://api.iamport.kr  PortOne's API (the sandbox's URL for development)
  PORTONE_SDK_URL      https://cdn.iamport.kr/v1/iamport.js  PortOne's SDK the browser loads
  SESSION_SECRET       (sessions off)    signs the buyers' session cookies (64+ characters; never logged)
  SESSION_INSECURE_COOKIE  (off)         1: the session cookie without Secure, for plain HTTP in development
  REFUND_WINDOW_DAYS   7                 how long after payment a buyer may cancel by themselves
  UNPAID_TTL_MS        86400000          how long an order may stay unpaid before it expires
  INBOX_RETENTION_MS   2592000000        how long processed webhooks are kept
  RATE_LIMIT_PER_MINUTE 120              requests a minute per client on the open routes (0: off)
  TRUST_FORWARDED_FOR  (off)             set to 1 behind a proxy that sets X-Forwarded-For
  CLAIM_TIMEOUT_MS     1800000           how long a confirm whose payment cannot be looked up stays claimed
  WEBHOOK_RETRY_MS     2000              first wait before a stored webhook is retried (doubles)
  RUST_LOG             info              log filter (tracing-subscriber's EnvFilter)

Routes: GET /api/config, GET /api/products, POST /api/orders, GET /api/orders/{orderId},
POST /api/orders/{orderId}/cancel, POST /api/payments/confirm, POST /api/billing/issue,
POST /api/billing/charge, POST /api/webhooks/toss; the API document (OpenAPI 3.1) is at
GET /api/openapi.json.
";

use crate::catalog::Pricing;
use crate::db::{Db, DbError};
use crate::keys::{Keys, KeysError};
use crate::state::{AppState, Settings};
use crate::toss::{DEFAULT_API_BASE, TossClient};

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The keys are missing, malformed or not one pair.
    #[error(transparent)]
    Keys(#[from] KeysError),
    /// A variable is malformed.
    #[error("{0} is not valid: {1}")]
    Invalid(&'static str, String),
    /// A live key with a Core API base that is not Toss's: the secret key would go to
    /// someone else, and real money would be taken through a stand-in.
    #[error(
        "a live key is configured with TOSS_API_BASE {0:?}: live keys only ever go to {DEFAULT_API_BASE}"
    )]
    LiveKeyElsewhere(String),
    /// The database cannot be opened.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Refuses a live key pair with any Core API base but Toss's own (a sandbox or a typo would
/// receive the live secret key).
pub fn check_live_base(keys: &Keys, api_base: &str) -> Result<(), ConfigError> {
    let live = keys.secret.environment() == leptos_tosspayments::KeyEnvironment::Live;
    if live && api_base.trim_end_matches('/') != DEFAULT_API_BASE {
        return Err(ConfigError::LiveKeyElsewhere(api_base.to_owned()));
    }
    Ok(())
}

/// The server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The key pair.
    pub keys: Keys,
    /// The Core API base URL.
    pub api_base: String,
    /// The SDK script URL.
    pub sdk_url: String,
    /// The database URL.
    pub database_url: String,
    /// Where to listen.
    pub bind: String,
    /// Per-client rate limits.
    pub limits: crate::limits::Limits,
    /// The merchant console's credential, if the console is on.
    pub staff_token: Option<crate::staff::StaffToken>,
    /// How long after payment a buyer may cancel by themselves.
    pub refund_window: Duration,
    /// Signed-in buyers, if sessions are on.
    pub sessions: Option<crate::session::Sessions>,
    /// Toss Pay's base URL and key, if Toss Pay is on.
    pub tosspay: Option<(String, crate::tosspay::TossPayKey)>,
    /// The sandbox's Apps-in-Toss partner API, if in-app payments are on.
    pub apps_in_toss: Option<String>,
    /// PortOne's API base, keys and browser side, if PortOne is on.
    pub portone: Option<(
        String,
        crate::portone::PortOneKeys,
        crate::portone_pay::PortOneBrowser,
    )>,
    /// Timings and CORS.
    pub settings: Settings,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn millis(name: &'static str, default: Duration) -> Result<Duration, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|e| ConfigError::Invalid(name, e.to_string())),
    }
}

impl Config {
    /// Reads the variables above. A test key paired with a live key is refused here, before
    /// anything starts.
    pub fn from_env() -> Result<Config, ConfigError> {
        let keys = Keys::from_env()?;
        let defaults = Settings::default();
        let toss_timeout = millis("TOSS_TIMEOUT_MS", defaults.toss_timeout)?;
        let settings = Settings {
            toss_timeout,
            follower_wait: toss_timeout * 3 + Duration::from_secs(5),
            reconcile_every: millis("RECONCILE_EVERY_MS", defaults.reconcile_every)?,
            reconcile_grace: millis("RECONCILE_GRACE_MS", defaults.reconcile_grace)?,
            claim_timeout: millis("CLAIM_TIMEOUT_MS", defaults.claim_timeout)?,
            unpaid_ttl: millis("UNPAID_TTL_MS", defaults.unpaid_ttl)?,
            inbox_retention: millis("INBOX_RETENTION_MS", defaults.inbox_retention)?,
            webhook_retry: millis("WEBHOOK_RETRY_MS", defaults.webhook_retry)?,
            allowed_origins: var("ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            ..defaults
        };
        let api_base = var("TOSS_API_BASE").unwrap_or_else(|| DEFAULT_API_BASE.to_owned());
        let staff_token = var("ADMIN_TOKEN")
            .map(|t| crate::staff::StaffToken::parse(&t))
            .transpose()
            .map_err(|e| ConfigError::Invalid("ADMIN_TOKEN", e))?;
        let insecure = var("SESSION_INSECURE_COOKIE").is_some_and(|v| v == "1" || v == "true");
        let sessions = var("SESSION_SECRET")
            .map(|s| crate::session::SessionSecret::parse(&s))
            .transpose()
            .map_err(|e| ConfigError::Invalid("SESSION_SECRET", e.to_string()))?
            .map(|secret| {
                let sessions = crate::session::Sessions::new(secret);
                if insecure {
                    sessions.insecure()
                } else {
                    sessions
                }
            });
        let tosspay = match var("TOSSPAY_API_KEY") {
            None => None,
            Some(raw) => {
                let key = crate::tosspay::TossPayKey::parse(&raw)
                    .map_err(|e| ConfigError::Invalid("TOSSPAY_API_KEY", e))?;
                let base = var("TOSSPAY_API_BASE")
                    .unwrap_or_else(|| crate::tosspay::DEFAULT_BASE.to_owned());
                if !key.is_test() && base.trim_end_matches('/') != crate::tosspay::DEFAULT_BASE {
                    return Err(ConfigError::Invalid(
                        "TOSSPAY_API_BASE",
                        format!(
                            "a live Toss Pay key only ever goes to {}",
                            crate::tosspay::DEFAULT_BASE
                        ),
                    ));
                }
                Some((base, key))
            }
        };
        let apps_in_toss = match var("APPS_IN_TOSS_API_BASE") {
            Some(base) if base.trim_end_matches('/') == crate::apps_in_toss::DEFAULT_BASE => {
                return Err(ConfigError::Invalid(
                    "APPS_IN_TOSS_API_BASE",
                    "the binary signs Toss users in only against the sandbox; with Toss's partner API, mount the router with AppState::with_apps_in_toss and your TossLogin".to_owned(),
                ));
            }
            other => other,
        };
        let portone = match (var("PORTONE_API_KEY"), var("PORTONE_API_SECRET")) {
            (None, None) => None,
            (Some(key), Some(secret)) => {
                let keys = crate::portone::PortOneKeys::new(&key, &secret)
                    .map_err(|e| ConfigError::Invalid("PORTONE_API_KEY", e))?;
                let merchant_code = var("PORTONE_MERCHANT_CODE").ok_or_else(|| {
                    ConfigError::Invalid(
                        "PORTONE_MERCHANT_CODE",
                        "required with PORTONE_API_KEY: IMP.init's merchant identification code"
                            .to_owned(),
                    )
                })?;
                let base = var("PORTONE_API_BASE")
                    .unwrap_or_else(|| crate::portone::DEFAULT_BASE.to_owned());
                let sdk_url = var("PORTONE_SDK_URL")
                    .unwrap_or_else(|| "https://cdn.iamport.kr/v1/iamport.js".to_owned());
                Some((
                    base,
                    keys,
                    crate::portone_pay::PortOneBrowser {
                        merchant_code,
                        sdk_url,
                    },
                ))
            }
            _ => {
                return Err(ConfigError::Invalid(
                    "PORTONE_API_SECRET",
                    "PORTONE_API_KEY and PORTONE_API_SECRET go together".to_owned(),
                ));
            }
        };
        let per_minute = match var("RATE_LIMIT_PER_MINUTE") {
            Some(n) => n.parse::<u32>().map_err(|_| {
                ConfigError::Invalid(
                    "RATE_LIMIT_PER_MINUTE",
                    "a whole number, 0 for off".to_owned(),
                )
            })?,
            None => 120,
        };
        let trust = var("TRUST_FORWARDED_FOR").is_some_and(|v| v == "1" || v == "true");
        let limits = crate::limits::Limits::per_minute(per_minute, trust);
        let refund_window = match var("REFUND_WINDOW_DAYS") {
            Some(days) => Duration::from_secs(
                days.parse::<u64>()
                    .ok()
                    .filter(|d| *d <= 3650)
                    .ok_or_else(|| {
                        ConfigError::Invalid(
                            "REFUND_WINDOW_DAYS",
                            "a number of days, 0 to 3650".to_owned(),
                        )
                    })?
                    * 86_400,
            ),
            None => Duration::from_secs(7 * 86_400),
        };
        check_live_base(&keys, &api_base)?;
        Ok(Config {
            keys,
            staff_token,
            refund_window,
            sessions,
            tosspay,
            apps_in_toss,
            portone,
            limits,
            api_base,
            sdk_url: var("TOSS_SDK_URL")
                .unwrap_or_else(|| leptos_tosspayments::TOSS_SDK_URL.to_owned()),
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://tosspayments.sqlite?mode=rwc".to_owned()),
            bind: var("BIND").unwrap_or_else(|| "127.0.0.1:3000".to_owned()),
            settings,
        })
    }

    /// Opens the database and builds the router's state around the storefront's catalog
    /// (the binary passes [`crate::catalog::DemoCatalog`]).
    pub async fn into_state(self, pricing: Arc<dyn Pricing>) -> Result<AppState, ConfigError> {
        let db = Db::connect(&self.database_url).await?;
        let toss = TossClient::new(
            &self.api_base,
            &self.keys.secret,
            self.settings.toss_timeout,
        );
        let mut state = AppState::new(
            db,
            toss,
            self.keys.client.clone(),
            self.sdk_url,
            pricing,
            self.settings,
        )
        .with_refund_policy(Arc::new(crate::policy::WithinWindow(self.refund_window)));
        state.limits = self.limits;
        if let Some(token) = self.staff_token {
            state = state.with_staff_token(token);
        }
        if let Some(sessions) = self.sessions {
            state = state.with_sessions(sessions);
        }
        if let Some((base, key)) = self.tosspay {
            let timeout = state.settings.toss_timeout;
            state = state.with_tosspay(crate::tosspay::TossPayClient::new(&base, key, timeout));
        }
        if let Some((base, keys, browser)) = self.portone {
            let timeout = state.settings.toss_timeout;
            let client = crate::portone::PortOneClient::new(&base, keys, timeout);
            state = state.with_portone(client, browser);
        }
        if let Some(base) = self.apps_in_toss {
            let timeout = state.settings.toss_timeout;
            let client = crate::apps_in_toss::PartnerClient::new(&base, None, timeout)
                .map_err(|e| ConfigError::Invalid("APPS_IN_TOSS_API_BASE", e))?;
            let login = crate::apps_in_toss::SandboxTossLogin::for_client(&client)
                .map_err(|e| ConfigError::Invalid("APPS_IN_TOSS_API_BASE", e))?;
            state = state.with_apps_in_toss(client, Arc::new(login));
        }
        Ok(state)
    }
}

#[cfg(test)]
mod live_base_tests {
    use super::*;

    #[test]
    fn live_keys_only_go_to_toss() {
        let live = Keys::new("live_gck_abcdefghij", "live_gsk_abcdefghij").unwrap();
        assert!(check_live_base(&live, DEFAULT_API_BASE).is_ok());
        assert!(check_live_base(&live, "https://api.tosspayments.com/").is_ok());
        for elsewhere in [
            "http://127.0.0.1:9",
            "https://api.tosspayments.com.evil.example",
            "http://api.tosspayments.com",
        ] {
            let refused = check_live_base(&live, elsewhere).unwrap_err();
            assert!(
                refused.to_string().contains("live keys only ever go to"),
                "{refused}"
            );
        }
        let test = Keys::new("test_gck_abcdefghij", "test_gsk_abcdefghij").unwrap();
        assert!(check_live_base(&test, "http://127.0.0.1:9").is_ok());
    }
}
