//! How a sandbox is set up: the key pairs it accepts, where it sends webhooks, its clock and
//! the windows Toss enforces.

use std::time::Duration;

use leptos_tosspayments::{ClientKey, KeyPairError, SecretKey};

use crate::clock::Clock;

/// The documented public test keys (shared by everyone, from Toss's docs and samples).
pub mod docs_keys {
    /// Widget client key.
    pub const WIDGET_CLIENT: &str = "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm";
    /// Widget secret key.
    pub const WIDGET_SECRET: &str = "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6";
    /// API-individual client key (payment window, billing).
    pub const API_CLIENT: &str = "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq";
    /// API-individual secret key.
    pub const API_SECRET: &str = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R";
    /// Toss Pay's test `apiKey` in every sample of its API reference (seed 003).
    pub const TOSSPAY_API_KEY: &str = "sk_test_w5lNQylNqa5lNQe013Nq";
    /// PortOne's REST API key in its official REST clients' tests (`iamport-rest-client-*`).
    pub const PORTONE_API_KEY: &str = "imp_apikey";
    /// Its secret, from the same tests.
    pub const PORTONE_API_SECRET: &str =
        "ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f";
    /// A merchant identification code for `IMP.init` (the sandbox takes any).
    pub const PORTONE_MERCHANT_CODE: &str = "imp00000000";
}

/// A client key and the secret key it pairs with.
#[derive(Debug, Clone)]
pub struct KeyPair {
    /// The browser's key.
    pub client: ClientKey,
    /// The server's key.
    pub secret: SecretKey,
}

impl KeyPair {
    /// Pairs two keys, refusing a mixed environment or family.
    pub fn new(client: ClientKey, secret: SecretKey) -> Result<Self, KeyPairError> {
        secret.check_pair(&client)?;
        Ok(KeyPair { client, secret })
    }

    fn docs(client: &str, secret: &str) -> Self {
        let client = ClientKey::parse(client).expect("documented client key");
        let secret = SecretKey::parse(secret).expect("documented secret key");
        KeyPair { client, secret }
    }
}

/// Everything a sandbox can be told at start. Most of it can also be changed at run time
/// through [`crate::SandboxHandle`] or the `/sandbox/*` control API.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The key pairs the sandbox accepts. Defaults to both documented public test pairs.
    pub keys: Vec<KeyPair>,
    /// Where webhooks go (`POST`, JSON). `None` sends none.
    pub webhook_url: Option<String>,
    /// Where PortOne's notices go when a payment names no `notice_url` (the console's
    /// setting). `None` sends none.
    pub portone_webhook_url: Option<String>,
    /// The clock. Share a clone with the test to move time.
    pub clock: Clock,
    /// How long after the buyer authenticates a confirm is accepted (Toss: about 10 minutes).
    pub session_window: Duration,
    /// How long an `Idempotency-Key` is remembered (Toss: 15 days).
    pub idempotency_ttl: Duration,
    /// How long a virtual account waits for its deposit when the request sets neither
    /// `validHours` nor `dueDate` (Toss's default: 168 hours, "값을 넣지 않으면 기본값 `168`시간(7일)",
    /// Core API, virtual accounts).
    pub deposit_window: Duration,
    /// Whether a virtual account whose deadline has passed shows `virtualAccount.expired:
    /// true`. Toss documents that the payment stays `WAITING_FOR_DEPOSIT` with no webhook, and
    /// that `expired` is "가상계좌의 만료 여부", but not when it flips: a guess, on by default.
    pub va_deadline_sets_expired: bool,
    /// The length of one "minute" of Toss's webhook retry schedule (1, 4, 16, 64, 256, 1024 and
    /// 4096 minutes). Tests shorten it, e.g. to 10 ms.
    pub webhook_retry_minute: Duration,
    /// How long a `Hang` fault holds a request before answering 500 (longer than any client
    /// timeout under test).
    pub hang_for: Duration,
    /// How long a `Slow` fault delays an answer after applying the change.
    pub slow_for: Duration,
    /// The merchant id written into Payment objects.
    pub mid: String,
    /// The Toss Pay `apiKey`s the sandbox accepts (Toss Pay's docs key by default).
    pub tosspay_api_keys: Vec<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            keys: vec![
                KeyPair::docs(docs_keys::WIDGET_CLIENT, docs_keys::WIDGET_SECRET),
                KeyPair::docs(docs_keys::API_CLIENT, docs_keys::API_SECRET),
            ],
            webhook_url: None,
            portone_webhook_url: None,
            clock: Clock::system(),
            session_window: Duration::from_secs(10 * 60),
            idempotency_ttl: Duration::from_secs(15 * 24 * 3600),
            deposit_window: Duration::from_secs(7 * 24 * 3600),
            va_deadline_sets_expired: true,
            webhook_retry_minute: Duration::from_secs(60),
            hang_for: Duration::from_secs(120),
            slow_for: Duration::from_millis(300),
            mid: "tsandbox".to_owned(),
            tosspay_api_keys: vec![docs_keys::TOSSPAY_API_KEY.to_owned()],
        }
    }
}
