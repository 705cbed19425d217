//! Installs the tools the demo and the tests need, each only when it is missing or at the
//! wrong version:
//!
//! | tool | from | version |
//! |---|---|---|
//! | `wasm32-unknown-unknown` target | rustup | the machine's toolchain |
//! | `wasm-bindgen` CLI (+ test runner) | crates.io | exactly the `wasm-bindgen` in Cargo.lock |
//! | `trunk` | crates.io | [`TRUNK_VERSION`] (0.22 needs a newer rustc) |
//! | `wasm-opt` | npm `binaryen` | 132, from `package.json` (Debian's 108 breaks the module) |
//! | Chromium, chromedriver, `fonts-nanum` | Debian packages | the distribution's |
//!
//! Trunk is then run with `TRUNK_OFFLINE=true` and these tools first on `PATH`, so it never
//! tries to download one.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{Result, output, run};

/// Where `checkout.html`, the drop-in checkout page without the shop, is built.
pub const DROP_IN_DIST: &str = "target/drop-in";
/// Where `cargo xtask test` builds the example storefront (`examples/first-storefront`).
pub const FIRST_STOREFRONT_DIST: &str = "target/first-storefront";
/// The trunk release that builds with the machine's Rust (1.95).
pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// A Korean font, so screenshots of the Korean UI show text instead of boxes.
const KOREAN_FONT: &str = "/usr/share/fonts/truetype/nanum";

/// What a task needs installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building and serving the demo.
    Demo,
    /// Everything, the browser included.
    Everything,
}

/// Paths to the installed tools, and the environment to run them with.
pub struct Toolchain {
    path: OsString,
    /// The `wasm-bindgen` version in Cargo.lock (and so of the CLI).
    pub wasm_bindgen_version: String,
}

impl Toolchain {
    /// Installs what `need` requires and returns how to run it.
    pub fn install(need: Need) -> Result<Toolchain> {
        let started = std::time::Instant::now();
        let root = std::env::current_dir().map_err(|e| e.to_string())?;
        let cargo_bin = cargo_home().join("bin");
        let path = prepend_path(&[root.join("node_modules/.bin"), cargo_bin.clone()]);
        let tc = Toolchain {
            path,
            wasm_bindgen_version: String::new(),
        };

        wasm_target()?;
        let wasm_bindgen_version = locked_version("wasm-bindgen")?;
        check_trunk_toml(&wasm_bindgen_version)?;
        let tc = Toolchain {
            wasm_bindgen_version,
            ..tc
        };
        tc.wasm_bindgen_cli()?;
        tc.trunk()?;
        tc.wasm_opt()?;
        if need == Need::Everything {
            chromium()?;
        }
        eprintln!("== setup done in {:.1?}", started.elapsed());
        Ok(tc)
    }

    /// `trunk build --release` of the shop (`index.html` → `dist/`) and of the drop-in
    /// checkout's three pages, a bundle each ([`build_drop_in`](Self::build_drop_in)).
    pub fn build_pages(&self) -> Result {
        run(self.command("trunk").args(["build", "--release"]))?;
        self.build_drop_in()?;
        // The example storefront, from its own directory as a storefront builds itself.
        let dist = format!("../../{FIRST_STOREFRONT_DIST}");
        run(self
            .command("trunk")
            .args(["build", "--release", "--dist", &dist])
            .current_dir("examples/first-storefront"))
    }

    /// The drop-in checkout into [`DROP_IN_DIST`]: `checkout.html` as its `index.html` (the
    /// fallback for `/checkout?orderId=…`), then `success.html` and `fail.html` into
    /// `success/` and `fail/` (`/success` and `/fail`, which any static host serves as those
    /// directories' `index.html`). In that order: trunk empties the directory it builds into.
    fn build_drop_in(&self) -> Result {
        run(self.command("trunk").args([
            "build",
            "--release=true",
            "--dist",
            DROP_IN_DIST,
            "checkout.html",
        ]))?;
        for page in ["success", "fail"] {
            let (dist, url, html) = (
                format!("{DROP_IN_DIST}/{page}"),
                format!("/{page}/"),
                format!("{page}.html"),
            );
            run(self.command("trunk").args([
                "build",
                "--release=true",
                "--dist",
                &dist,
                "--public-url",
                &url,
                &html,
            ]))?;
        }
        Ok(())
    }

    /// A command with the tools first on `PATH` and trunk told to stay offline.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("PATH", &self.path)
            .env("TRUNK_OFFLINE", "true")
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        cmd
    }

    fn version_of(&self, program: &str, flag: &str) -> Option<String> {
        output(self.command(program).arg(flag))
    }

    fn wasm_bindgen_cli(&self) -> Result {
        let want = &self.wasm_bindgen_version;
        let have = self.version_of("wasm-bindgen", "--version");
        let runner = self.version_of("wasm-bindgen-test-runner", "--version");
        let ok = |v: &Option<String>| v.as_deref().is_some_and(|v| v.ends_with(want.as_str()));
        if ok(&have) && ok(&runner) {
            eprintln!("== wasm-bindgen-cli {want}: present");
            return Ok(());
        }
        eprintln!("== installing wasm-bindgen-cli {want} (found {have:?}); a few minutes");
        // Not `--locked`: the CLI's lock file names a version the registry copy lacks.
        run(self
            .command("cargo")
            .args(["install", "wasm-bindgen-cli", "--force", "--version"])
            .arg(format!("={want}")))
    }

    fn trunk(&self) -> Result {
        let have = self.version_of("trunk", "--version");
        if have.as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
            eprintln!("== trunk {TRUNK_VERSION}: present");
            return Ok(());
        }
        eprintln!("== installing trunk {TRUNK_VERSION} (found {have:?}); about 8 minutes");
        run(self
            .command("cargo")
            .args([
                "install",
                "trunk",
                "--locked",
                "--force",
                "--version",
                TRUNK_VERSION,
            ])
            // A quicker build of the tool itself; its speed does not matter.
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))
    }

    fn wasm_opt(&self) -> Result {
        let have = output(Command::new("node_modules/.bin/wasm-opt").arg("--version"));
        if have.as_deref().is_some_and(|v| v.contains("version 132")) {
            eprintln!("== wasm-opt 132: present");
            return Ok(());
        }
        eprintln!("== installing binaryen 132 (wasm-opt) from npm");
        run(Command::new("npm").args(["install", "--no-audit", "--no-fund"]))
    }
}

fn wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    if installed.is_some_and(|t| t.lines().any(|l| l.trim() == "wasm32-unknown-unknown")) {
        eprintln!("== wasm32-unknown-unknown target: present");
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn chromium() -> Result {
    if Path::new(CHROMIUM).exists()
        && Path::new(CHROMEDRIVER).exists()
        && Path::new(KOREAN_FONT).exists()
    {
        eprintln!("== chromium, chromedriver and Korean fonts: present");
        return Ok(());
    }
    eprintln!("== installing chromium, chromium-driver and fonts-nanum from Debian");
    let as_root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !as_root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut cmd)
    };
    apt(&["update", "-qq"])?;
    apt(&[
        "install",
        "-y",
        "-qq",
        "chromium",
        "chromium-driver",
        "fonts-nanum",
    ])
}

/// The version of `package` recorded in Cargo.lock (generating the lock file if needed).
pub fn locked_version(package: &str) -> Result<String> {
    if !Path::new("Cargo.lock").exists() {
        run(Command::new("cargo").arg("generate-lockfile"))?;
    }
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"")
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// Trunk downloads a wasm-bindgen whose version differs from the one it finds, so the pin in
/// Trunk.toml must follow Cargo.lock.
fn check_trunk_toml(version: &str) -> Result {
    let pin = format!("wasm_bindgen = \"{version}\"");
    for file in ["Trunk.toml", "benches/hello/Trunk.toml"] {
        let toml = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        if !toml.lines().any(|l| l.trim() == pin) {
            return Err(format!(
                "{file} must pin the wasm-bindgen of Cargo.lock: put `{pin}` under [tools]"
            ));
        }
    }
    Ok(())
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| "/root".into())).join(".cargo")
        })
}

fn prepend_path(dirs: &[PathBuf]) -> OsString {
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut all: Vec<PathBuf> = dirs.to_vec();
    all.extend(std::env::split_paths(&old));
    std::env::join_paths(all).unwrap_or(old)
}
