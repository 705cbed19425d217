//! Serves the trunk-built `dist/` on a free loopback port.

use std::path::PathBuf;

/// The demo's build output. The test command builds it (`trunk build --release`) first.
pub fn dist_dir() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build the demo first with `trunk build --release` \
         (`cargo xtask test` does)",
        dist.display()
    );
    dist
}

/// The drop-in checkout page's bundle (`checkout.html`, built into `target/drop-in/` by
/// `cargo xtask test` and `cargo xtask bench`).
pub fn drop_in_dir() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/drop-in");
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build it with `trunk build --release=true --dist target/drop-in \
         checkout.html` (`cargo xtask test` does)",
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
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}
