//! Serves the trunk-built `dist/` on a free loopback port.

use std::path::PathBuf;

/// The demo's build output. The test command builds it (`trunk build --release`) first.
pub fn dist_dir() -> PathBuf {
    built_dir("dist", "trunk build --release")
}

/// The drop-in checkout page's bundle (`checkout.html`, built into `target/drop-in/` by
/// `cargo xtask test` and `cargo xtask bench`).
pub fn drop_in_dir() -> PathBuf {
    built_dir(
        "target/drop-in",
        "trunk build --release=true --dist target/drop-in checkout.html",
    )
}

/// The example storefront's bundle (`examples/first-storefront`, built into
/// `target/first-storefront/` by `cargo xtask test`).
pub fn first_storefront_dir() -> PathBuf {
    built_dir(
        "target/first-storefront",
        "cd examples/first-storefront && trunk build --release --dist ../../target/first-storefront",
    )
}

/// `dir` (from the repository root), which `build` must have filled.
fn built_dir(dir: &str, build: &str) -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build it with `{build}` (`cargo xtask test` does)",
        dist.display()
    );
    dist
}

/// Starts a static file server for `dist/` and returns its base URL.
pub async fn serve_dist() -> String {
    let app = axum::Router::new().fallback_service(
        tower_http::services::ServeDir::new(dist_dir()).append_index_html_on_directories(true),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // TCP_NODELAY, as the server binary listens.
    let listener = tosspayments_server::without_delay(listener);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}
