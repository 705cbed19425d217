//! `cargo xtask demo`: installs what the demo needs and serves it with `trunk serve`.
//!
//! The storefront is a placeholder page for now; the sandbox and the companion server join
//! this command when they exist.

use crate::process::{self, Result};
use crate::tools::{Need, Toolchain};

/// Serves the demo on <http://127.0.0.1:8080> until Ctrl-C.
pub fn run(_args: &[String]) -> Result {
    let tc = Toolchain::install(Need::Demo)?;
    eprintln!("== demo: http://127.0.0.1:8080  (Ctrl-C stops it)");
    process::run(tc.command("trunk").arg("serve"))
}
