//! Storage: one code path for SQLite (the default, WAL) and PostgreSQL (several instances
//! sharing the work), through sqlx's `Any` driver with `$N` placeholders, which both accept.
//! The DDL differs, so each database has its own migrations under `migrations/`.
//!
//! Every change of an order goes through [`Db::transition`]: one statement, a status change
//! guarded in the database (`UPDATE … WHERE status IN (<the statuses it may leave>)`), whose
//! trigger appends a `payment_events` row. Two requests or two server instances can race; only
//! one of them moves the order.
//!
//! Its parts, one per concept:
//!
//! * this module: the pool ([`Db::connect`]) and the SQLite write gate;
//! * `orders`: order rows and their guarded transitions, with the audit events;
//! * `inbox`: the webhook inbox;
//! * `billing_keys`: customers' billing keys;
//! * `cancels`: which order each cancel transaction belongs to.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use leptos_tosspayments::domain::server_api::OrderStatus;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor, Row};
use tokio::sync::{Mutex, MutexGuard};

mod billing_keys;
mod cancels;
mod checkouts;
mod inbox;
mod orders;

pub use billing_keys::BillingKeyRow;
pub use inbox::InboxRow;
pub use orders::{Changes, EventRow, OrderFilter, OrderKind, OrderRow};

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database answered with an error.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The URL names no supported database (only its scheme is kept: the rest may hold a
    /// password).
    #[error("DATABASE_URL must start with sqlite: or postgres:, got a URL with the scheme {0:?}")]
    Url(String),
    /// A stored value cannot be read back (a bug or a hand-edited row).
    #[error("stored order {0} is corrupt: {1}")]
    Corrupt(String, &'static str),
}

/// Connections per pool: `2 × cores + 1`, the pool-sizing rule of thumb of HikariCP and of
/// PostgreSQL's wiki, with this machine's cores standing in for the database's. More
/// connections than cores only make the statements take turns on the CPU (on a 2-core
/// machine, 16 connections made a confirm's p99 twice as slow as 4 or 5).
fn pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u32;
    (2 * cores + 1).clamp(3, 33)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    writes: Arc<Mutex<()>>,
}
impl Db {
    /// Connects to `url` (`sqlite://file.sqlite?mode=rwc`, `sqlite::memory:`, `postgres://…`)
    /// and applies the migrations.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            // Only the scheme: the rest may hold a password.
            let scheme: String = url
                .split(':')
                .next()
                .unwrap_or("")
                .chars()
                .take(20)
                .collect();
            return Err(DbError::Url(scheme));
        };
        // No ping before each use of a pooled connection (sqlx's default): it was a round trip
        // per statement (to PostgreSQL, or to SQLite's worker thread). A connection that broke
        // while idle (a database restart) fails its next statement instead, and sqlx drops it;
        // every caller already survives a failed statement (a confirm whose result cannot be
        // stored stays `confirming` for the reconciler). deadpool-postgres's default recycling
        // (`Fast`) does not test connections either.
        let mut options = AnyPoolOptions::new()
            .test_before_acquire(false)
            .max_connections(pool_size());
        if backend == Backend::Sqlite {
            // One writer at a time is SQLite's nature; WAL lets readers run beside it and
            // busy_timeout makes writers queue instead of failing.
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(url).await?;
        let db = Db {
            pool,
            backend,
            writes: Arc::new(Mutex::new(())),
        };
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&db.pool).await?,
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&db.pool)
                    .await?
            }
        }
        Ok(db)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// SQLite takes one writer at a time. Writers of this process queue here, first come first
    /// served, instead of in SQLite's busy handler, whose sleeps (1 ms doubling to 100 ms)
    /// made the slowest confirms under concurrency tens of milliseconds slower. (Other
    /// processes on the same file still meet `busy_timeout`; several instances belong on
    /// PostgreSQL, where rows lock, and there is no gate.)
    async fn write_gate(&self) -> Option<MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writes.lock().await),
            Backend::Postgres => None,
        }
    }

    /// One round trip to the database (for readiness).
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unsupported_url_is_reported_without_its_password() {
        let err = Db::connect("mysql://shop:hunter2@db.internal/shop")
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"mysql\""), "{err}");
        assert!(
            !err.contains("hunter2") && !err.contains("db.internal"),
            "{err}"
        );
    }
}
