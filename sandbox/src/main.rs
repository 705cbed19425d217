//! `tosspayments-sandbox`: the offline Toss stand-in as a process, for the demo and for a
//! storefront's CI.
//!
//! ```text
//! tosspayments-sandbox [--host 127.0.0.1] [--port 8787] [--webhook-url URL] [--webhook-retry-ms 60000]
//! ```
//!
//! It accepts the documented public test keys. Stop it with Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use tosspayments_sandbox::{Sandbox, SandboxConfig};

const USAGE: &str = "usage: tosspayments-sandbox [--host 127.0.0.1] [--port 8787] [--webhook-url URL] [--webhook-retry-ms MS]";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let mut host = "127.0.0.1".to_owned();
    let mut port: u16 = 8787;
    let mut config = SandboxConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let parsed: Result<(), String> = (|| {
            match flag.as_str() {
                "--host" => host = value()?,
                "--port" => port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
                "--webhook-url" => config.webhook_url = Some(value()?),
                "--webhook-retry-ms" => {
                    let ms: u64 = value()?
                        .parse()
                        .map_err(|e| format!("--webhook-retry-ms: {e}"))?;
                    config.webhook_retry_minute = Duration::from_millis(ms);
                }
                "-h" | "--help" => return Err(String::new()),
                other => return Err(format!("unknown argument {other}")),
            }
            Ok(())
        })();
        if let Err(e) = parsed {
            if !e.is_empty() {
                eprintln!("{e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    let addr: SocketAddr = match format!("{host}:{port}").parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bad --host/--port: {e}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start_on(config, addr).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("tosspayments-sandbox listening on {}", sandbox.base_url());
    println!("  SDK stand-in: {}", sandbox.sdk_url());
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
