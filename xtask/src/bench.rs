//! `cargo xtask bench`: prints (and writes as JSON under `target/bench/`) the project's
//! figures, each next to a baseline measured in the same run:
//!
//! 1. payload — the checkout page's wasm + JS glue + CSS (the drop-in `checkout.html` bundle;
//!    the whole shop's `dist/` is printed beside it), raw, gzip and brotli (when `brotli` is
//!    installed), against a Leptos hello-world (`benches/hello`) built with the same profile
//!    (`opt-level = "z"`, `lto`, `codegen-units = 1`, `panic = "abort"`, wasm-bindgen without
//!    the name section, `wasm-opt -Oz`);
//! 2. time to widget ready and click-to-success, in headless Chromium, against a vanilla-JS page
//!    making the same SDK calls (`cargo bench --bench widget_ready`);
//! 3. the server: confirm latency and throughput against a bare pass-through, order creation
//!    and webhook throughput, peak RSS (`cargo bench -p tosspayments-server --bench confirm`).

use std::path::Path;
use std::process::Command;

use crate::process::{Result, run};
use crate::tools::{CHROMEDRIVER, DROP_IN_DIST, Need, Toolchain};

/// Runs every benchmark.
pub fn run_all(_args: &[String]) -> Result {
    let tc = Toolchain::install(Need::Everything)?;
    tc.build_pages()?;
    run(tc
        .command("trunk")
        .args(["build", "--release"])
        .current_dir("benches/hello"))?;
    payload()?;
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
    run(tc
        .command("cargo")
        .args(["bench", "-p", "tosspayments-server", "--bench", "confirm"]))?;
    Ok(())
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

fn payload() -> Result {
    let ours = bundle(DROP_IN_DIST)?;
    let shop = bundle("dist")?;
    let base = bundle("benches/hello/dist")?;
    let total = |parts: &[(&str, Size); 3]| {
        let mut t = Size {
            brotli: Some(0),
            ..Size::default()
        };
        for (_, s) in parts {
            t += *s;
        }
        t
    };
    let (t_ours, t_shop, t_base) = (total(&ours), total(&shop), total(&base));
    println!("\npayload (release: opt-level z, lto, codegen-units 1, panic abort, wasm-opt -Oz)");
    println!("{:<22} {:>10} {:>10} {:>10}", "", "raw", "gzip", "brotli");
    let show = |name: &str, s: Size| {
        println!(
            "{name:<22} {:>10} {:>10} {:>10}",
            kb(s.raw),
            kb(s.gzip),
            s.brotli.map(kb).unwrap_or_else(|| "-".into())
        );
    };
    for (k, s) in ours {
        show(&format!("checkout {k}"), s);
    }
    show("checkout total", t_ours);
    show("whole shop (dist/)", t_shop);
    for (k, s) in base {
        show(&format!("hello-world {k}"), s);
    }
    show("hello-world total", t_base);
    let ratio = t_ours.gzip as f64 / t_base.gzip as f64;
    println!(
        "gzip ratio to hello-world: {ratio:.2}x (target ≤ 1.5x); gzip total {} (target ≤ 120 KB)",
        kb(t_ours.gzip)
    );
    let json = format!(
        "{{\"checkout\":{{\"raw\":{},\"gzip\":{},\"brotli\":{}}},\"shop\":{{\"raw\":{},\"gzip\":{}}},\"hello\":{{\"raw\":{},\"gzip\":{},\"brotli\":{}}},\"gzip_ratio\":{ratio:.3}}}",
        t_ours.raw,
        t_ours.gzip,
        t_ours.brotli.map_or("null".into(), |b| b.to_string()),
        t_shop.raw,
        t_shop.gzip,
        t_base.raw,
        t_base.gzip,
        t_base.brotli.map_or("null".into(), |b| b.to_string()),
    );
    std::fs::create_dir_all("target/bench").map_err(|e| e.to_string())?;
    std::fs::write("target/bench/payload.json", json).map_err(|e| e.to_string())?;
    Ok(())
}
