//! Project tasks, run from the repository root:
//!
//! * `cargo xtask demo` — install what the demo needs, then serve it (see the README);
//! * `cargo xtask test` — install what the tests need, then run every test and check;
//! * `cargo xtask bench` — print the size and speed figures (see `bench.rs`);
//! * `cargo xtask reliability` — the long reliability and security suite (see `reliability.rs`);
//! * `cargo xtask pages` — install what trunk needs, then build the shop (`dist/`), the drop-in
//!   checkout page (`target/drop-in/`) and the example storefront (`target/first-storefront/`);
//! * `cargo xtask setup` — only install the tools.
//!
//! Every install is idempotent: a tool already on the machine at the right version is kept.

mod bench;
mod demo;
mod plot;
mod process;
mod reliability;
mod test;
mod tools;
mod wasm_size;

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run_all(&args[1..]),
        Some("reliability") => reliability::run_all(&args[1..]),
        Some("setup") => tools::Toolchain::install(tools::Need::Everything).map(|_| ()),
        Some("pages") => {
            tools::Toolchain::install(tools::Need::Demo).and_then(|tc| tc.build_pages())
        }
        _ => {
            eprintln!("usage: cargo xtask <demo|test|pages|bench|reliability|setup>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e} (after {:.0?})", started.elapsed());
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn project_root() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}
