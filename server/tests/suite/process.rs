//! The server binary as a child process (for kill -9 and for several instances), with its
//! log captured to a file that the secrets suite scans.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::holds_secret;

/// Log bytes of server processes scanned, and the logs that held a secret key.
pub static LOG_BYTES_SCANNED: AtomicUsize = AtomicUsize::new(0);
/// See [`LOG_BYTES_SCANNED`].
pub static LOGS_WITH_SECRET: AtomicUsize = AtomicUsize::new(0);
/// Server processes whose logs were scanned.
pub static LOGS_SCANNED: AtomicUsize = AtomicUsize::new(0);

/// A running `tosspayments-server`.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    log: PathBuf,
}

/// Where the binary is (built by cargo for this test or bench).
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_tosspayments-server")
}

/// A free loopback port (bound, read, released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    /// Starts the binary against `api_base` and `db_url` and waits until it answers.
    pub async fn start(
        api_base: &str,
        db_url: &str,
        (client, secret): (&str, &str),
        extra: &[(&str, &str)],
    ) -> ServerProcess {
        let port = free_port();
        let log =
            std::env::temp_dir().join(format!("ltp-server-{}.log", uuid::Uuid::new_v4().simple()));
        let file = std::fs::File::create(&log).unwrap();
        let mut cmd = Command::new(binary());
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TOSS_CLIENT_KEY", client)
            .env("TOSS_SECRET_KEY", secret)
            .env("TOSS_API_BASE", api_base)
            .env("DATABASE_URL", db_url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            // The load and storm suites send everything from one address.
            .env("RATE_LIMIT_PER_MINUTE", "0")
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("the server binary starts");
        let me = ServerProcess {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", me.url)).send().await
                && r.status().is_success()
            {
                return me;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not come up: {}",
                me.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `kill -9`: no shutdown, no flush, nothing.
    pub fn kill9(&mut self) {
        // std's Child::kill sends SIGKILL on Unix.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM (what a container runtime sends), then waits up to `within` for the exit.
    /// Returns the exit code, or `None` if it had to be killed.
    pub fn terminate(&mut self, within: Duration) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < within {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.kill9();
        None
    }

    /// What it printed so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill9();
        let text = self.log_text();
        LOGS_SCANNED.fetch_add(1, Ordering::Relaxed);
        LOG_BYTES_SCANNED.fetch_add(text.len(), Ordering::Relaxed);
        if holds_secret(&text) {
            LOGS_WITH_SECRET.fetch_add(1, Ordering::Relaxed);
            eprintln!("a server log holds a secret key: {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// Runs the binary with `env` and waits for it to exit (for configurations it must refuse).
/// Returns (exit code, everything it printed).
pub fn run_to_exit(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BIND", "127.0.0.1:0")
        .env("DATABASE_URL", "sqlite::memory:");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the server binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}
