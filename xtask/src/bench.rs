//! `cargo xtask bench`: prints (and writes as JSON under `target/bench/`) the project's
//! figures, each next to a baseline measured in the same run:
//!
//! 1. payload — the drop-in checkout page's wasm + JS glue + CSS (`checkout.html`; the
//!    `/success` and `/fail` bundles and the whole shop's `dist/` beside it), raw, gzip -9 and
//!    brotli (when `brotli` is installed), against Toss's React sample's shape built in the same
//!    run (`benches/react`: React 18, react-router 6, vite 5, the same three pages) and a Leptos
//!    hello-world (`benches/hello`) built with our profile; where the checkout wasm's bytes go
//!    (by crate, and the largest functions), read from a build that keeps the name section;
//! 2. time to widget ready and click-to-success, in headless Chromium, against a vanilla-JS page
//!    and the React page making the same SDK calls (`cargo bench --bench widget_ready`);
//! 3. the server: confirm latency, throughput and CPU against a bare pass-through, the same for
//!    BrandPay, Toss Pay and PortOne, two processes against one, order creation and webhook
//!    throughput, peak RSS (`cargo bench -p tosspayments-server --bench confirm`).
//!
//! Plots (SVG) go to `target/bench/` and are copied to `docs/perf/`, where the README shows them.

use std::path::Path;
use std::process::Command;

use crate::plot;
use crate::process::{Result, run};
use crate::tools::{CHROMEDRIVER, DROP_IN_DIST, Need, Toolchain};
use crate::wasm_size;

/// The React sample's page (`benches/react`) and where vite builds it.
const REACT_DIR: &str = "benches/react";
/// Issue #20's payload target for the drop-in checkout page: Toss's official React sample's
/// production build, gzip -9, measured on 2026-11-30.
const PAYLOAD_TARGET: u64 = 72_702;
/// Where the plots are copied for the README.
const PLOTS: &str = "docs/perf";

/// Runs every benchmark.
pub fn run_all(_args: &[String]) -> Result {
    let tc = Toolchain::install(Need::Everything)?;
    tc.build_pages()?;
    run(tc
        .command("trunk")
        .args(["build", "--release"])
        .current_dir("benches/hello"))?;
    build_react(&tc)?;
    payload(&tc)?;
    run(tc
        .command("cargo")
        .args([
            "bench",
            "-p",
            "leptos-tosspayments",
            "--bench",
            "widget_ready",
        ])
        .env("CHROMEDRIVER", CHROMEDRIVER))?;
    widget_ready_plot()?;
    run(tc
        .command("cargo")
        .args(["bench", "-p", "tosspayments-server", "--bench", "confirm"]))?;
    Ok(())
}

/// `npm ci` (when its packages are missing) and `vite build` of the React page.
fn build_react(tc: &Toolchain) -> Result {
    if !Path::new(REACT_DIR).join("node_modules/.bin/vite").exists() {
        eprintln!("== installing the React page's packages (npm ci in {REACT_DIR})");
        run(tc
            .command("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(REACT_DIR))?;
    }
    run(tc
        .command("node_modules/.bin/vite")
        .args(["build", "--logLevel", "warn"])
        .current_dir(REACT_DIR))
}

#[derive(Default, Clone, Copy)]
struct Size {
    raw: u64,
    gzip: u64,
    brotli: Option<u64>,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, o: Size) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli = match (self.brotli, o.brotli) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
}

fn compressed_len(program: &str, args: &[&str], file: &Path) -> Option<u64> {
    let out = Command::new(program).args(args).arg(file).output().ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

fn size_of(file: &Path) -> Result<Size> {
    let raw = std::fs::metadata(file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .len();
    let gzip = compressed_len("gzip", &["-9", "-c"], file)
        .ok_or("gzip is needed to measure the payload")?;
    let brotli = compressed_len("brotli", &["-c", "-q", "11"], file);
    Ok(Size { raw, gzip, brotli })
}

/// wasm, JS and CSS of a trunk `dist/`.
fn bundle(dist: &str) -> Result<[(&'static str, Size); 3]> {
    let mut parts = [
        ("wasm", Size::default()),
        ("js", Size::default()),
        ("css", Size::default()),
    ];
    for entry in std::fs::read_dir(dist)
        .map_err(|e| format!("{dist}: {e}"))?
        .flatten()
    {
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if let Some(slot) = parts.iter_mut().find(|(k, _)| *k == ext) {
            slot.1 += size_of(&path)?;
        }
    }
    Ok(parts)
}

fn kb(n: u64) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn total(parts: &[(&str, Size); 3]) -> Size {
    let mut t = Size {
        brotli: Some(0),
        ..Size::default()
    };
    for (_, s) in parts {
        t += *s;
    }
    t
}

fn size_json(s: Size) -> String {
    format!(
        "{{\"raw\":{},\"gzip\":{},\"brotli\":{}}}",
        s.raw,
        s.gzip,
        s.brotli.map_or("null".into(), |b| b.to_string())
    )
}

/// A bundle's parts and total, as JSON.
fn bundle_json(parts: &[(&str, Size); 3]) -> String {
    let fields: Vec<String> = parts
        .iter()
        .map(|(k, s)| format!("\"{k}\":{}", size_json(*s)))
        .collect();
    format!(
        "{{{},\"total\":{}}}",
        fields.join(","),
        size_json(total(parts))
    )
}

fn write(path: &str, text: &str) -> Result {
    if let Some(dir) = Path::new(path).parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))
}

/// Writes a plot to `target/bench/` and to [`PLOTS`].
fn write_plot(name: &str, svg: &str) -> Result {
    write(&format!("target/bench/{name}"), svg)?;
    write(&format!("{PLOTS}/{name}"), svg)?;
    println!("plot: {PLOTS}/{name}");
    Ok(())
}

fn payload(tc: &Toolchain) -> Result {
    let checkout = bundle(DROP_IN_DIST)?;
    let success = bundle(&format!("{DROP_IN_DIST}/success"))?;
    let fail = bundle(&format!("{DROP_IN_DIST}/fail"))?;
    let react = bundle(&format!("{REACT_DIR}/dist/assets"))?;
    let shop = bundle("dist")?;
    let hello = bundle("benches/hello/dist")?;
    let (t_checkout, t_react, t_hello) = (total(&checkout), total(&react), total(&hello));
    let (t_success, t_fail) = (total(&success), total(&fail));
    println!(
        "\npayload (release: opt-level z, lto, codegen-units 1, panic abort, wasm-opt -Oz; gzip -9)"
    );
    println!("{:<34} {:>10} {:>10} {:>10}", "", "raw", "gzip", "brotli");
    let show = |name: &str, s: Size| {
        println!(
            "{name:<34} {:>10} {:>10} {:>10}",
            kb(s.raw),
            kb(s.gzip),
            s.brotli.map(kb).unwrap_or_else(|| "-".into())
        );
    };
    for (k, s) in checkout {
        show(&format!("drop-in checkout page {k}"), s);
    }
    show("drop-in checkout page total", t_checkout);
    show("drop-in /success page total", t_success);
    show("drop-in /fail page total", t_fail);
    for (k, s) in react {
        if k != "wasm" {
            show(&format!("React page (3 routes) {k}"), s);
        }
    }
    show("React page total", t_react);
    show("Leptos hello-world total", t_hello);
    show("whole demo shop (dist/)", total(&shop));
    let ratio = t_checkout.gzip as f64 / t_react.gzip as f64;
    let met = t_checkout.gzip <= PAYLOAD_TARGET;
    println!(
        "checkout page gzip {} B: {ratio:.2}x the React page of this run ({} B); target ≤ {PAYLOAD_TARGET} B (Toss's React sample): {}",
        t_checkout.gzip,
        t_react.gzip,
        if met { "met" } else { "MISSED" }
    );
    let breakdown = checkout_breakdown(tc)?;
    let json = format!(
        "{{\"checkout\":{},\"success\":{},\"fail\":{},\"react\":{},\"hello\":{},\"shop\":{},\"ratio_to_react\":{ratio:.3},\"target_bytes\":{PAYLOAD_TARGET},\"target\":\"{}\",\"checkout_wasm_breakdown\":{breakdown}}}",
        bundle_json(&checkout),
        bundle_json(&success),
        bundle_json(&fail),
        bundle_json(&react),
        bundle_json(&hello),
        bundle_json(&shop),
        if met { "met" } else { "MISSED" },
    );
    write("target/bench/payload.json", &json)?;
    let k = |b: u64| b as f64 / 1024.0;
    let mut rows = vec![
        (
            "target: Toss's React sample".to_owned(),
            k(PAYLOAD_TARGET),
            2,
        ),
        ("React page, this run".to_owned(), k(t_react.gzip), 1),
        ("drop-in checkout page".to_owned(), k(t_checkout.gzip), 0),
    ];
    for (part, s) in checkout {
        rows.push((format!("  of which {part}"), k(s.gzip), 0));
    }
    rows.push(("drop-in /success page".to_owned(), k(t_success.gzip), 3));
    rows.push(("drop-in /fail page".to_owned(), k(t_fail.gzip), 3));
    rows.push(("Leptos hello-world".to_owned(), k(t_hello.gzip), 1));
    write_plot(
        "payload.svg",
        &plot::bars("Payload, gzip -9 (wasm + JS + CSS)", "KB", &rows),
    )?;
    Ok(())
}

/// Where the checkout wasm's bytes go: the cargo build trunk made, through wasm-bindgen with
/// the name section kept and `wasm-opt -Oz -g` (the same passes as the bundle, names kept).
/// Prints the crates and the largest functions, plots the crates; returns them as JSON.
fn checkout_breakdown(tc: &Toolchain) -> Result<String> {
    let out = "target/bench/profile";
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    run(tc.command("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        "--out-dir",
        out,
        "target/wasm32-unknown-unknown/release/checkout.wasm",
    ]))?;
    let named = format!("{out}/checkout.wasm");
    run(tc.command("wasm-opt").args([
        "-Oz",
        "-g",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        &format!("{out}/checkout_bg.wasm"),
        "-o",
        &named,
    ]))?;
    let bytes = std::fs::read(&named).map_err(|e| format!("{named}: {e}"))?;
    let b = wasm_size::read(&bytes)?;
    let code: u64 = b.crates.iter().map(|c| c.1).sum();
    println!(
        "\nwhere the checkout wasm's {} go (before compression; names from a -g build): code {}, data {}",
        kb(b.total),
        kb(code),
        kb(b.data)
    );
    for (name, size) in b.crates.iter().take(14) {
        println!(
            "  {:<40} {:>10} {:>5.1}%",
            name,
            kb(*size),
            *size as f64 * 100.0 / b.total as f64
        );
    }
    println!("  largest functions:");
    for (size, name) in &b.functions {
        let short: String = name.chars().take(100).collect();
        println!("  {:>9}  {short}", kb(*size));
    }
    let mut rows: Vec<(String, f64, usize)> = b
        .crates
        .iter()
        .take(14)
        .map(|(name, size)| {
            let ours = name.starts_with("leptos_tosspayments") || name == "checkout";
            let framework = [
                "tachys",
                "reactive_graph",
                "leptos",
                "leptos_dom",
                "any_spawner",
            ]
            .contains(&name.as_str());
            (
                name.clone(),
                *size as f64 / 1024.0,
                if ours {
                    0
                } else if framework {
                    2
                } else {
                    1
                },
            )
        })
        .collect();
    rows.insert(
        0,
        (
            "data section (text, constants)".to_owned(),
            b.data as f64 / 1024.0,
            3,
        ),
    );
    write_plot(
        "payload-breakdown.svg",
        &plot::bars(
            "Checkout wasm by crate (KB before compression; blue ours, orange Leptos)",
            "KB",
            &rows,
        ),
    )?;
    let crates: Vec<String> = b
        .crates
        .iter()
        .take(20)
        .map(|(n, s)| format!("{{\"crate\":\"{n}\",\"bytes\":{s}}}"))
        .collect();
    let functions: Vec<String> = b
        .functions
        .iter()
        .map(|(s, n)| {
            let n: String = n.chars().filter(|c| *c != '"' && *c != '\\').collect();
            format!("{{\"function\":\"{n}\",\"bytes\":{s}}}")
        })
        .collect();
    Ok(format!(
        "{{\"total\":{},\"data\":{},\"crates\":[{}],\"functions\":[{}]}}",
        b.total,
        b.data,
        crates.join(","),
        functions.join(",")
    ))
}

/// The widget-ready distributions plot, from the browser bench's `widget_ready.tsv`.
fn widget_ready_plot() -> Result {
    let path = "target/bench/widget_ready.tsv";
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut series: Vec<(String, Vec<f64>)> = Vec::new();
    for line in text.lines() {
        let Some((page, ms)) = line.split_once('\t') else {
            continue;
        };
        let Ok(ms) = ms.parse::<f64>() else { continue };
        match series.iter_mut().find(|s| s.0 == page) {
            Some(s) => s.1.push(ms),
            None => series.push((page.to_owned(), vec![ms])),
        }
    }
    write_plot(
        "widget-ready.svg",
        &plot::distributions(
            "Navigation start to both widgets rendered (every load)",
            "ms",
            &series,
        ),
    )
}
