//! `cargo xtask reliability`: the reliability and security suite at full scale (issue #8).
//!
//! Builds the demo bundle and scans it for secret-key-shaped text, then runs
//! `cargo bench -p tosspayments-server --bench reliability`: the fault matrix, crash recovery
//! of the server binary, the duplicate storm across two processes, forgeries, fuzzing, load
//! and the secret scans, on SQLite and PostgreSQL. It prints the figures, writes
//! `target/reliability/report.json`, and fails when a target is missed.

use crate::process::{Result, run};
use crate::test::{no_secret_key_in_dist, postgres_reachable};
use crate::tools::{Need, Toolchain};

/// Runs the full suite.
pub fn run_all(_args: &[String]) -> Result {
    postgres_reachable()?;
    let tc = Toolchain::install(Need::Demo)?;
    tc.build_pages()?;
    no_secret_key_in_dist()?;
    run(tc.command("cargo").args([
        "bench",
        "-p",
        "tosspayments-server",
        "--bench",
        "reliability",
    ]))
}
