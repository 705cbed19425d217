//! The whole shop in this process: the sandbox, the companion server on a fresh SQLite file
//! (or a fresh PostgreSQL database), and the trunk-built `dist/` served by the same router (so
//! `/api` is same-origin, as with `trunk serve`'s proxy).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tosspayments_sandbox::{Sandbox, SandboxConfig, SandboxHandle, docs_keys};
use tosspayments_server::catalog::DemoCatalog;
use tosspayments_server::db::Db;
use tosspayments_server::keys::Keys;
use tosspayments_server::state::{AppState, Settings};
use tosspayments_server::toss::TossClient;
use tower_http::services::{ServeDir, ServeFile};

/// A running shop.
/// The staff token of the e2e shop's merchant console.
pub const STAFF_TOKEN: &str = "e2e-staff-token-0123456789abcdef01234";

/// The demo shop, its server and the sandbox, in this process.
pub struct Shop {
    /// The Toss stand-in.
    pub sandbox: SandboxHandle,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The server's state (its database included).
    pub state: AppState,
    db: Database,
}

/// The PostgreSQL every test machine runs (trust auth).
const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Which database the shop's server keeps its orders in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the temp directory.
    Sqlite,
    /// A fresh PostgreSQL database on 127.0.0.1:5432.
    Postgres,
}

/// The shop's database, removed when the shop is dropped.
enum Database {
    File(PathBuf),
    Postgres(String),
}

impl Database {
    async fn create(backend: Backend) -> (Database, String) {
        let unique = uuid_like().replace('-', "_");
        match backend {
            Backend::Sqlite => {
                let file = std::env::temp_dir().join(format!("ltp-e2e-{unique}.sqlite"));
                let url = format!("sqlite://{}?mode=rwc", file.display());
                (Database::File(file), url)
            }
            Backend::Postgres => {
                use sqlx::Connection;
                let name = format!("ltp_e2e_{unique}");
                let mut admin = sqlx::PgConnection::connect(PG_ADMIN).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is not reachable at {PG_ADMIN} ({e}): start it and run again")
                });
                sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
                    .await
                    .unwrap();
                let url = format!("postgres://postgres@127.0.0.1:5432/{name}");
                (Database::Postgres(name), url)
            }
        }
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        match &self.db {
            Database::File(file) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
            Database::Postgres(name) => {
                let name = name.clone();
                // Drop runs inside the test's runtime: a thread with a runtime of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        use sqlx::Connection;
                        if let Ok(mut admin) = sqlx::PgConnection::connect(PG_ADMIN).await {
                            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = sqlx::Executor::execute(&mut admin, drop.as_str()).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Which key pair the shop runs with.
#[derive(Debug, Clone, Copy)]
pub enum Keyset {
    /// `gck`/`gsk`: the payment widget.
    Widget,
    /// `ck`/`sk`: the payment window and billing.
    ApiIndividual,
}

impl Shop {
    /// `POST /api/orders` as a storefront's server would, for `lines`; the new order's id.
    pub async fn create_order(&self, lines: serde_json::Value) -> String {
        let order: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/orders", self.base))
            .json(&serde_json::json!({ "lines": lines }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        order["orderId"].as_str().unwrap().to_owned()
    }

    /// Starts a shop with `keys` on SQLite, serving the demo shop's `dist/`.
    pub async fn start(keys: Keyset) -> Shop {
        Shop::start_on(keys, Backend::Sqlite).await
    }

    /// Starts a shop with `keys` on `backend`, serving the demo shop's `dist/`.
    pub async fn start_on(keys: Keyset, backend: Backend) -> Shop {
        Shop::serving_on(keys, super::static_site::dist_dir(), backend).await
    }

    /// Starts a shop with `keys` on SQLite, serving the pages built in `dist` (the shop's
    /// `dist/`, or the drop-in checkout's `target/drop-in/`).
    pub async fn serving(keys: Keyset, dist: PathBuf) -> Shop {
        Shop::serving_on(keys, dist, Backend::Sqlite).await
    }

    /// [`Shop::serving`] on `backend`.
    pub async fn serving_on(keys: Keyset, dist: PathBuf, backend: Backend) -> Shop {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let (db, db_url) = Database::create(backend).await;
        let (client, secret) = match keys {
            Keyset::Widget => (docs_keys::WIDGET_CLIENT, docs_keys::WIDGET_SECRET),
            Keyset::ApiIndividual => (docs_keys::API_CLIENT, docs_keys::API_SECRET),
        };
        let keys = Keys::new(client, secret).unwrap();
        let settings = Settings {
            toss_timeout: Duration::from_secs(5),
            reconcile_every: Duration::from_secs(1),
            ..Settings::default()
        };
        let db_handle = Db::connect(&db_url).await.unwrap();
        let toss = TossClient::new(sandbox.base_url(), &keys.secret, settings.toss_timeout);
        let state = AppState::new(
            db_handle,
            toss,
            keys.client.clone(),
            sandbox.sdk_url(),
            Arc::new(DemoCatalog),
            settings,
        );
        // Every request of the e2e suite comes from one address: no rate limits here. The
        // merchant console is on, for STAFF_TOKEN; buyers have sessions over plain HTTP, as
        // `cargo xtask demo` runs them.
        let state = state
            .with_staff_token(tosspayments_server::staff::StaffToken::parse(STAFF_TOKEN).unwrap())
            .with_sessions(
                tosspayments_server::session::Sessions::new(
                    tosspayments_server::session::SessionSecret::generate(),
                )
                .insecure(),
            )
            // Toss Pay through the sandbox's stand-in (pay.toss.im's paths), with its docs key.
            .with_tosspay(tosspayments_server::tosspay::TossPayClient::new(
                sandbox.base_url(),
                tosspayments_server::tosspay::TossPayKey::parse(docs_keys::TOSSPAY_API_KEY)
                    .unwrap(),
                Duration::from_secs(5),
            ));
        // Apps-in-Toss through the sandbox's partner API; the Toss user is the bridge
        // stand-in's cookie (the sandbox's Toss login).
        let partner = tosspayments_server::apps_in_toss::PartnerClient::new(
            sandbox.base_url(),
            None,
            Duration::from_secs(5),
        )
        .unwrap();
        let login =
            tosspayments_server::apps_in_toss::SandboxTossLogin::for_client(&partner).unwrap();
        let state = state.with_apps_in_toss(partner, Arc::new(login));
        // And Toss Payments through PortOne (the sandbox serves api.iamport.kr's paths), with the
        // REST key of PortOne's own client tests.
        let state = state.with_portone(
            tosspayments_server::portone::PortOneClient::new(
                sandbox.base_url(),
                tosspayments_server::portone::PortOneKeys::new(
                    docs_keys::PORTONE_API_KEY,
                    docs_keys::PORTONE_API_SECRET,
                )
                .unwrap(),
                Duration::from_secs(5),
            ),
            tosspayments_server::portone_pay::PortOneBrowser {
                merchant_code: docs_keys::PORTONE_MERCHANT_CODE.to_owned(),
                sdk_url: format!("{}/v1/iamport.js", sandbox.base_url()),
            },
        );
        let mut state = state;
        state.limits = tosspayments_server::limits::Limits::per_minute(0, false);
        tosspayments_server::webhooks::spawn_worker(state.clone(), Duration::from_millis(200));
        let pages = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
        // The vanilla-JS reference pages of `cargo xtask bench`, beside the demo.
        let vanilla =
            ServeDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/vanilla"));
        // The pages written from Toss's integration guide (`tests/e2e_guide.rs`).
        let guide = ServeDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/guide"));
        // The React reference of `cargo xtask bench` (`benches/react`, built by vite into its
        // `dist/`), its client-side routes falling back to its index.html.
        let react_dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/react/dist");
        let react =
            ServeDir::new(&react_dist).fallback(ServeFile::new(react_dist.join("index.html")));
        let app = tosspayments_server::router(state.clone())
            .nest_service("/vanilla", vanilla)
            .nest_service("/react", react)
            .nest_service("/guide", guide)
            .fallback_service(pages);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        // TCP_NODELAY, as the server binary listens.
        let listener = tosspayments_server::without_delay(listener);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        sandbox.set_webhook_url(Some(format!("{base}/api/webhooks/toss")));
        sandbox.set_portone_webhook_url(Some(format!("{base}/api/webhooks/portone")));
        Shop {
            sandbox,
            base,
            state,
            db,
        }
    }
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}-{nanos}", std::process::id())
}
