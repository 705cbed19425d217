//! `cargo xtask demo`: the whole shop on this machine, one command.
//!
//! * Without `TOSS_CLIENT_KEY`/`TOSS_SECRET_KEY`: starts the offline sandbox
//!   (`tosspayments-sandbox`, Toss's public docs test keys) on 127.0.0.1:8787; the widget pair
//!   by default, the API-individual pair (payment window, billing) with `--api-keys`.
//! * With them: uses real Toss (test keys) and the real SDK; no sandbox.
//!
//! Then the companion server on 127.0.0.1:3000 (SQLite in `target/demo.sqlite`) and
//! `trunk serve` on 127.0.0.1:8080, which proxies `/api` to the server. Ctrl-C (or any of the
//! three exiting) stops all of them.

use std::net::{SocketAddr, TcpStream};
use std::process::Child;
use std::time::{Duration, Instant};

use crate::process::Result;
use crate::tools::{Need, Toolchain};

const SANDBOX: &str = "127.0.0.1:8787";
const SERVER: &str = "127.0.0.1:3000";
const SHOP: &str = "http://127.0.0.1:8080";
/// Toss's public test keys (from its docs and samples): the payment widget's pair, and the
/// API-individual pair the payment window and billing need (`--api-keys`).
const DOCS_WIDGET_KEYS: (&str, &str) = (
    "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm",
    "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6",
);
const DOCS_API_KEYS: (&str, &str) = (
    "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
    "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R",
);

/// Children that are killed when this goes out of scope.
struct Running(Vec<(&'static str, Child)>);

impl Drop for Running {
    fn drop(&mut self) {
        for (_, child) in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_for_port(addr: &str, what: &str, running: &mut Running) -> Result {
    let sock: SocketAddr = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
    let started = Instant::now();
    while TcpStream::connect_timeout(&sock, Duration::from_millis(200)).is_err() {
        for (name, child) in &mut running.0 {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("{name} exited ({status}) before {what} was up"));
            }
        }
        if started.elapsed() > Duration::from_secs(600) {
            return Err(format!("{what} did not start listening on {addr}"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

fn port_free(addr: &str) -> Result {
    match std::net::TcpListener::bind(addr) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "{addr} is taken ({e}): stop whatever listens there and run again"
        )),
    }
}

/// Runs the demo until Ctrl-C. `--api-keys` runs the sandbox shop with the API-individual
/// pair (payment window and billing pages) instead of the widget pair.
pub fn run(args: &[String]) -> Result {
    let (client_key, secret_key) = match args.first().map(String::as_str) {
        None => DOCS_WIDGET_KEYS,
        Some("--api-keys") => DOCS_API_KEYS,
        Some(other) => {
            return Err(format!(
                "unknown option {other}: the only option is --api-keys"
            ));
        }
    };
    let tc = Toolchain::install(Need::Demo)?;
    for addr in [SANDBOX, SERVER, "127.0.0.1:8080"] {
        port_free(addr)?;
    }
    crate::process::run(tc.command("cargo").args([
        "build",
        "-p",
        "tosspayments-sandbox",
        "-p",
        "tosspayments-server",
    ]))?;
    let real = std::env::var("TOSS_CLIENT_KEY").is_ok() && std::env::var("TOSS_SECRET_KEY").is_ok();
    let mut running = Running(Vec::new());

    let mut server = tc.command("target/debug/tosspayments-server");
    server
        .env("BIND", SERVER)
        .env("DATABASE_URL", "sqlite://target/demo.sqlite?mode=rwc")
        .env("ALLOWED_ORIGINS", SHOP);
    if real {
        eprintln!("== real Toss test keys from TOSS_CLIENT_KEY/TOSS_SECRET_KEY; the real SDK");
    } else {
        eprintln!(
            "== sandbox mode (set TOSS_CLIENT_KEY and TOSS_SECRET_KEY for real Toss test keys)"
        );
        let sandbox = tc
            .command("target/debug/tosspayments-sandbox")
            .args([
                "--port",
                "8787",
                "--webhook-url",
                &format!("http://{SERVER}/api/webhooks/toss"),
                "--portone-webhook-url",
                &format!("http://{SERVER}/api/webhooks/portone"),
            ])
            .spawn()
            .map_err(|e| format!("cannot start the sandbox: {e}"))?;
        running.0.push(("the sandbox", sandbox));
        wait_for_port(SANDBOX, "the sandbox", &mut running)?;
        server
            .env("TOSS_CLIENT_KEY", client_key)
            .env("TOSS_SECRET_KEY", secret_key)
            .env("TOSS_API_BASE", format!("http://{SANDBOX}"))
            .env("TOSS_SDK_URL", format!("http://{SANDBOX}/v2/standard"))
            // Toss Pay through the sandbox's stand-in, with Toss Pay's docs key.
            .env("TOSSPAY_API_KEY", "sk_test_w5lNQylNqa5lNQe013Nq")
            .env("TOSSPAY_API_BASE", format!("http://{SANDBOX}"))
            // Apps-in-Toss through the sandbox's partner API (its Toss login is a cookie).
            .env("APPS_IN_TOSS_API_BASE", format!("http://{SANDBOX}"))
            // PortOne through the sandbox's stand-in, with the key of PortOne's client tests.
            .env("PORTONE_API_KEY", "imp_apikey")
            .env(
                "PORTONE_API_SECRET",
                "ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f",
            )
            .env("PORTONE_MERCHANT_CODE", "imp00000000")
            .env("PORTONE_API_BASE", format!("http://{SANDBOX}"))
            .env("PORTONE_SDK_URL", format!("http://{SANDBOX}/v1/iamport.js"))
            .env("RECONCILE_EVERY_MS", "5000")
            .env("RECONCILE_GRACE_MS", "20000");
    }
    // The merchant console (/console) opens with this staff token, made fresh for each run
    // unless ADMIN_TOKEN is set.
    let staff_token = std::env::var("ADMIN_TOKEN").unwrap_or_else(|_| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("demo-staff-{nanos:032x}-{:08x}", std::process::id())
    });
    server.env("ADMIN_TOKEN", &staff_token);
    // Buyers are signed in as guests by a session cookie, signed with a fresh secret (every
    // session ends with the demo) unless SESSION_SECRET is set; plain HTTP, so not `Secure`.
    let session_secret = std::env::var("SESSION_SECRET").unwrap_or_else(|_| random_hex(48));
    server
        .env("SESSION_SECRET", session_secret)
        .env("SESSION_INSECURE_COOKIE", "1");
    eprintln!(
        "== merchant console: http://127.0.0.1:8080/console with the staff token {staff_token}"
    );
    running.0.push((
        "the server",
        server
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?,
    ));
    wait_for_port(SERVER, "the server", &mut running)?;

    let trunk = tc
        .command("trunk")
        .arg("serve")
        .spawn()
        .map_err(|e| format!("cannot start trunk: {e}"))?;
    running.0.push(("trunk serve", trunk));
    wait_for_port("127.0.0.1:8080", "trunk serve", &mut running)?;
    eprintln!("\n== the shop is at {SHOP}  (Ctrl-C stops the shop, the server and the sandbox)\n");

    loop {
        for (name, child) in &mut running.0 {
            if let Ok(Some(status)) = child.try_wait() {
                return if status.success() {
                    Ok(())
                } else {
                    Err(format!("{name} stopped ({status})"))
                };
            }
        }
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// `bytes` random bytes as hex, from the system's random source (a time-and-process fallback
/// where there is none: the demo's secrets only need to differ between runs).
fn random_hex(bytes: usize) -> String {
    use std::io::Read;
    let mut buf = vec![0u8; bytes];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf));
    if read.is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = format!("{nanos:032x}{:08x}", std::process::id());
        return seed.repeat(bytes * 2 / seed.len() + 1)[..bytes * 2].to_owned();
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
