//! The reliability and security suite at full scale: every scenario of `tests/suite` on both
//! databases, with the figures printed as a table and written to
//! `target/reliability/report.json`. Exits with 1 when a target is missed.
//!
//! Run with `cargo xtask reliability` (or `cargo bench -p tosspayments-server --bench
//! reliability`); PostgreSQL must be reachable at 127.0.0.1:5432.

#[path = "../tests/suite/mod.rs"]
mod suite;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use suite::{Figure, Scale, crash, faults, forgery, fuzz, load, print, secrets, storm, takeover};
use support::Backend;

fn main() {
    // `cargo bench` passes `--bench`; nothing else is expected.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let s = Scale::FULL;
    let started = Instant::now();
    let mut figures: Vec<Figure> = Vec::new();
    let mut section = |name: &str, mut more: Vec<Figure>| {
        eprintln!("[{:>5.0} s] {name} done", started.elapsed().as_secs_f64());
        print(&more);
        figures.append(&mut more);
    };
    runtime.block_on(async {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            section("fault matrix", faults::matrix(backend, s.per_cell).await);
            section(
                "crash recovery",
                crash::crash_recovery(backend, s.crash_orders).await,
            );
            section("forgeries", forgery::forgeries(backend).await);
            section("takeover", takeover::attacks(backend).await);
            section(
                "endpoint fuzzing",
                fuzz::endpoints(backend, s.fuzz_inputs).await,
            );
            section(
                "load",
                load::load(backend, s.load_requests, s.load_concurrency).await,
            );
        }
        section(
            "duplicate storm",
            storm::duplicate_storm(s.storm_orders, s.storm_clicks).await,
        );
        section(
            "duplicate storm (Toss Pay)",
            storm::tosspay_storm(storm::TossPayFlow::Web, s.storm_orders, s.storm_clicks).await,
        );
        section(
            "duplicate storm (PortOne)",
            storm::portone_storm(s.storm_orders, s.storm_clicks).await,
        );
        section(
            "duplicate storm (Apps-in-Toss)",
            storm::tosspay_storm(storm::TossPayFlow::InApp, s.storm_orders, s.storm_clicks).await,
        );
    });
    let (tried, panics) = fuzz::parsers(s.fuzz_inputs);
    section(
        "parser fuzzing",
        vec![
            Figure::info(
                "fuzz",
                "parser inputs tried (17 parsers)",
                tried.to_string(),
            ),
            Figure::zero("fuzz", "parser panics", panics, tried),
        ],
    );
    section("key refusals", secrets::refusals());
    section("secret scans", secrets::scans());

    let missed = figures.iter().filter(|f| !f.met).count();
    println!();
    println!(
        "reliability: {} figures, {} targets missed, {:.0} s",
        figures.len(),
        missed,
        started.elapsed().as_secs_f64()
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/reliability");
    std::fs::create_dir_all(&dir).expect("target/reliability");
    let json = serde_json::to_string_pretty(&figures).expect("figures serialize");
    std::fs::write(dir.join("report.json"), json).expect("report.json");
    println!("written to target/reliability/report.json");
    if missed > 0 {
        std::process::exit(1);
    }
}
