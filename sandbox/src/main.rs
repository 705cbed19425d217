//! `tosspayments-sandbox`: the offline Toss stand-in as a process, for the demo and for a
//! storefront's CI. Every option is a flag and an environment variable (`--help` lists them).
//!
//! ```text
//! tosspayments-sandbox --port 8787 --webhook-url http://127.0.0.1:3000/api/webhooks/toss
//! TOSS_SANDBOX_PORT=8787 TOSS_SANDBOX_WEBHOOK_URL=... tosspayments-sandbox
//! ```
//!
//! It accepts Toss's public documentation test keys. Stop it with Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tosspayments_sandbox::{Sandbox, SandboxConfig};

/// The offline Toss Payments stand-in: the V2 SDK at /v2/standard, the Core API at /v1/*, the
/// control API at /sandbox/*. It accepts Toss's public documentation test keys
/// (test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm / test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6 for the
/// payment widget, test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq / test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R
/// for the payment window and billing).
#[derive(Debug, Parser)]
#[command(name = "tosspayments-sandbox", version)]
struct Args {
    /// The address to listen on.
    #[arg(long, env = "TOSS_SANDBOX_HOST", default_value = "127.0.0.1")]
    host: String,
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, env = "TOSS_SANDBOX_PORT", default_value_t = 8787)]
    port: u16,
    /// Where webhooks go (the storefront server's webhook route). None: no webhooks.
    #[arg(long, env = "TOSS_SANDBOX_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// Where PortOne's notices go (`POST`, JSON), unless a payment names its `notice_url`.
    #[arg(long, env = "TOSS_SANDBOX_PORTONE_WEBHOOK_URL")]
    portone_webhook_url: Option<String>,
    /// The length of one "minute" of Toss's webhook retry schedule (1, 4, 16, ... minutes), in
    /// milliseconds. Shorten it in tests.
    #[arg(long, env = "TOSS_SANDBOX_WEBHOOK_RETRY_MS", default_value_t = 60_000)]
    webhook_retry_ms: u64,
    /// How long after the buyer approves a confirm is accepted, in seconds (Toss: 10 minutes).
    #[arg(long, env = "TOSS_SANDBOX_SESSION_WINDOW_SECS", default_value_t = 600)]
    session_window_secs: u64,
    /// A virtual account's deadline when the request sets none, in hours (Toss: 168).
    #[arg(long, env = "TOSS_SANDBOX_DEPOSIT_WINDOW_HOURS", default_value_t = 168)]
    deposit_window_hours: u64,
    /// Whether a virtual account past its deadline shows `expired: true` (a guess; see
    /// CONFORMANCE.md).
    #[arg(long, env = "TOSS_SANDBOX_VA_DEADLINE_SETS_EXPIRED", default_value_t = true, action = clap::ArgAction::Set)]
    va_deadline_sets_expired: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            // --help and --version print and succeed; a bad argument prints why and exits 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let config = SandboxConfig {
        webhook_url: args.webhook_url,
        portone_webhook_url: args.portone_webhook_url,
        webhook_retry_minute: Duration::from_millis(args.webhook_retry_ms),
        session_window: Duration::from_secs(args.session_window_secs),
        deposit_window: Duration::from_secs(args.deposit_window_hours.saturating_mul(3600)),
        va_deadline_sets_expired: args.va_deadline_sets_expired,
        ..SandboxConfig::default()
    };
    let addr: SocketAddr = match format!("{}:{}", args.host, args.port).parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: bad --host/--port: {e}\n\nFor more information, try '--help'.");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start_on(config, addr).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}; is another sandbox running? Try --port 0.");
            return ExitCode::FAILURE;
        }
    };
    println!("tosspayments-sandbox listening on {}", sandbox.base_url());
    println!("  SDK stand-in: {}", sandbox.sdk_url());
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
