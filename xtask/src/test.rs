//! `cargo xtask test`: installs what the tests need, then runs every check and test and ends
//! with one summary line, `tests: N passed, M failed`.
//!
//! Order: formatting, lints and docs first (cheap, and they fail fast), then the release build
//! of the demo (the end-to-end tests load `dist/`), then native tests (unit, property, doc,
//! end-to-end in Chromium; the domain alone without default features), then the wasm tests in
//! headless Chromium (the library's and the demo crate's).

use std::time::Instant;

use crate::process::run as sh;
use crate::process::{Result, Tally, output};
use crate::tools::{CHROMEDRIVER, DROP_IN_DIST, Need, Toolchain};

/// Runs everything; `args` is unused for now.
pub fn run(_args: &[String]) -> Result {
    let started = Instant::now();
    let tc = Toolchain::install(Need::Everything)?;
    postgres_reachable()?;
    let setup = started.elapsed();
    let tests_started = Instant::now();
    let mut tally = Tally::default();

    let result = (|| {
        sh(tc.command("cargo").args(["fmt", "--all", "--", "--check"]))?;
        sh(tc.command("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        sh(tc.command("cargo").args([
            "clippy",
            "-p",
            "leptos-tosspayments",
            "-p",
            "leptos-tosspayments-demo",
            "-p",
            "first-storefront",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        // The docs build with no warning (broken links, private items in public docs).
        sh(tc
            .command("cargo")
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"))?;
        server_is_browser_free()?;
        secret_key_absent_from_wasm(&tc)?;

        tc.build_pages()?;
        no_secret_key_in_dist()?;

        tally.run_tests(
            tc.command("cargo")
                .args(["test", "--workspace"])
                .env("CHROMEDRIVER", CHROMEDRIVER),
        )?;
        // The domain alone, as a contributor to the server-side domain builds it.
        for target in ["--lib", "--doc"] {
            tally.run_tests(tc.command("cargo").args([
                "test",
                "-p",
                "leptos-tosspayments",
                "--no-default-features",
                target,
            ]))?;
        }

        let mut wasm = tc.command("cargo");
        wasm.args([
            "test",
            "-p",
            "leptos-tosspayments",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", "webdriver.json")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        for t in browser_test_targets()? {
            wasm.args(["--test", &t]);
        }
        let ran = tally.run_tests(&mut wasm)?;
        if ran == 0 {
            return Err("the wasm test run executed no test".to_owned());
        }
        // The demo crate's own wasm tests (the shop renders, the browser's randomness works).
        let mut demo = tc.command("cargo");
        demo.args([
            "test",
            "-p",
            "leptos-tosspayments-demo",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", "webdriver.json")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        for t in browser_test_targets_in("demo/tests")? {
            demo.args(["--test", &t]);
        }
        if tally.run_tests(&mut demo)? == 0 {
            return Err("the demo's wasm test run executed no test".to_owned());
        }
        Ok(())
    })();

    clean_chromium_temp();
    eprintln!(
        "== setup took {:.0?}, checks and tests took {:.0?}",
        setup,
        tests_started.elapsed()
    );
    println!(
        "tests: {} passed, {} failed, {} skipped",
        tally.passed, tally.failed, tally.ignored
    );
    result
}

/// The server's suite runs on PostgreSQL too; without it, say so before building anything.
pub fn postgres_reachable() -> Result {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 5432));
    match std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(3)) {
        Ok(_) => {
            eprintln!("== PostgreSQL at 127.0.0.1:5432: reachable");
            Ok(())
        }
        Err(e) => Err(format!(
            "PostgreSQL is not reachable at 127.0.0.1:5432 ({e}); the server's tests run on it as well as \
             on SQLite. Start it (e.g. `pg_ctlcluster $(ls /etc/postgresql) main start`) and run again."
        )),
    }
}

/// The server shares the domain crate without its browser half: building it alone must not
/// pull Leptos or wasm-bindgen.
fn server_is_browser_free() -> Result {
    let tree = output(std::process::Command::new("cargo").args([
        "tree",
        "-p",
        "tosspayments-server",
        "-e",
        "normal",
        "--prefix",
        "none",
    ]))
    .ok_or("`cargo tree -p tosspayments-server` failed")?;
    let leaked: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("leptos ") || l.starts_with("wasm-bindgen "))
        .collect();
    if leaked.is_empty() {
        eprintln!("== tosspayments-server depends on the domain without browser code: ok");
        Ok(())
    } else {
        Err(format!(
            "tosspayments-server pulls browser crates: {leaked:?}"
        ))
    }
}

/// The secret-key type must not exist in a wasm build: a crate naming it compiles natively
/// and fails for wasm32, with the compiler naming `SecretKey`.
fn secret_key_absent_from_wasm(tc: &Toolchain) -> Result {
    let manifest = "xtask/fixtures/secret-key-in-wasm/Cargo.toml";
    let check = |target: Option<&str>| {
        let mut cmd = tc.command("cargo");
        cmd.args([
            "check",
            "--quiet",
            "--manifest-path",
            manifest,
            "--target-dir",
            "target/fixtures",
        ]);
        if let Some(t) = target {
            cmd.args(["--target", t]);
        }
        cmd.output()
            .map_err(|e| format!("cargo check of the fixture: {e}"))
    };
    let native = check(None)?;
    if !native.status.success() {
        return Err(format!(
            "the secret-key fixture should build natively:\n{}",
            String::from_utf8_lossy(&native.stderr)
        ));
    }
    let wasm = check(Some("wasm32-unknown-unknown"))?;
    let stderr = String::from_utf8_lossy(&wasm.stderr);
    if wasm.status.success() || !stderr.contains("SecretKey") {
        return Err(format!(
            "SecretKey must not exist in a wasm build, but the fixture built:\n{stderr}"
        ));
    }
    eprintln!("== SecretKey does not exist in the wasm build (the fixture fails to compile): ok");
    Ok(())
}

/// Nothing shaped like a secret key (`test_sk_…`, `live_gsk_…`, …) is in what the browser gets.
pub fn no_secret_key_in_dist() -> Result {
    let mut hits = Vec::new();
    // Every file under the shop's bundle and the drop-in's (whose pages are directories).
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("dist"), DROP_IN_DIST.into()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}/: {e}", dir.display()))?;
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                dirs.push(entry.path());
            } else {
                files.push(entry);
            }
        }
    }
    for entry in files {
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        for prefix in ["test_sk_", "test_gsk_", "live_sk_", "live_gsk_"] {
            let p = prefix.as_bytes();
            let found = bytes
                .windows(p.len() + 1)
                .any(|w| w.starts_with(p) && w[p.len()].is_ascii_alphanumeric());
            if found {
                hits.push(format!("{}: {prefix}…", entry.path().display()));
            }
        }
    }
    if hits.is_empty() {
        eprintln!("== no secret-key-shaped text in dist/ and {DROP_IN_DIST}/: ok");
        Ok(())
    } else {
        Err(format!(
            "secret-key-shaped text in the browser bundle: {hits:?}"
        ))
    }
}

/// `tests/browser*.rs`: the files that run in headless Chromium under wasm-bindgen-test.
fn browser_test_targets() -> Result<Vec<String>> {
    browser_test_targets_in("tests")
}

/// The `browser*.rs` test targets in `dir`.
fn browser_test_targets_in(dir: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{dir}/: {e}"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("browser") && n.ends_with(".rs"))
        .map(|n| n.trim_end_matches(".rs").to_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// chromedriver leaves `org.chromium.Chromium.*` profile folders in the temp directory.
fn clean_chromium_temp() {
    let tmp = std::env::temp_dir();
    if let Ok(entries) = std::fs::read_dir(&tmp) {
        for e in entries.flatten() {
            if e.file_name()
                .to_string_lossy()
                .starts_with("org.chromium.Chromium.")
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}
