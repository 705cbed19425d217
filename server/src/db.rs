//! Storage: one code path for SQLite (the default, WAL) and PostgreSQL (several instances
//! sharing the work), through sqlx's `Any` driver with `$N` placeholders, which both accept.
//! The DDL differs, so each database has its own migrations under `migrations/`.
//!
//! Every change of an order goes through [`Db::transition`]: one statement, a status change
//! guarded in the database (`UPDATE … WHERE status IN (<the statuses it may leave>)`), whose
//! trigger appends a `payment_events` row. Two requests or two server instances can race; only
//! one of them moves the order.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use leptos_tosspayments::domain::server_api::OrderStatus;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor, Row};
use tokio::sync::{Mutex, MutexGuard};

use crate::orders::allowed;

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
    /// The URL names no supported database.
    #[error("DATABASE_URL must start with sqlite: or postgres:, got {0:?}")]
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

/// An order row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderRow {
    /// The order id.
    pub order_id: String,
    /// The order name.
    pub order_name: String,
    /// The priced amount (won).
    pub amount: i64,
    /// What remains after cancels (won).
    pub balance: i64,
    /// `KRW`.
    pub currency: String,
    /// The buyer's customer key.
    pub customer_key: String,
    /// `normal` or `billing`.
    pub kind: String,
    /// [`OrderStatus::as_str`].
    pub status: String,
    /// The Toss payment this order is paid with.
    pub payment_key: Option<String>,
    /// Toss's Korean method label.
    pub method: Option<String>,
    /// When Toss approved.
    pub approved_at: Option<String>,
    /// Virtual account bank code.
    pub va_bank: Option<String>,
    /// Virtual account number.
    pub va_account: Option<String>,
    /// Virtual account deadline.
    pub va_due: Option<String>,
    /// `Payment.secret`, which every `DEPOSIT_CALLBACK` of this order must carry.
    pub deposit_secret: Option<String>,
    /// Toss's failure code.
    pub failure_code: Option<String>,
    /// When the current confirm began (ms), for the reconciler.
    pub confirm_started_at: Option<i64>,
    /// Bumped by every change.
    pub version: i64,
    /// Created (ms).
    pub created_at: i64,
    /// Last changed (ms).
    pub updated_at: i64,
    /// SHA-256 hex of the order's access token ([`crate::access`]).
    pub access_hash: Option<String>,
    /// The browser's `Idempotency-Key` of the billing charge that created it.
    pub charge_key: Option<String>,
}

impl OrderRow {
    /// The status as a type.
    pub fn status(&self) -> Result<OrderStatus, DbError> {
        OrderStatus::parse(&self.status)
            .ok_or_else(|| DbError::Corrupt(self.order_id.clone(), "status"))
    }
}

/// Columns a transition may set besides the status. `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// `payment_key`.
    pub payment_key: Option<String>,
    /// `method`.
    pub method: Option<String>,
    /// `approved_at`.
    pub approved_at: Option<String>,
    /// `balance`.
    pub balance: Option<i64>,
    /// `va_bank`, `va_account`, `va_due`.
    pub virtual_account: Option<(String, String, String)>,
    /// `deposit_secret`.
    pub deposit_secret: Option<String>,
    /// `failure_code`.
    pub failure_code: Option<String>,
    /// `confirm_started_at`.
    pub confirm_started_at: Option<i64>,
    /// Sets `payment_key` to NULL (a released claim of an order that had none).
    pub clear_payment_key: bool,
}

/// One `payment_events` row.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    /// The order.
    pub order_id: String,
    /// The status before (none for creation).
    pub from_status: Option<String>,
    /// The status after.
    pub to_status: String,
    /// Why: `created`, `confirm`, `webhook:PAYMENT_STATUS_CHANGED`, `reconcile`, …
    pub cause: String,
    /// Details (Toss's code, the cancel reason, …).
    pub detail: Option<String>,
}

/// A customer's registered billing method.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BillingKeyRow {
    /// Toss's billing key (never shown to the browser).
    pub billing_key: String,
    /// `카드` or `계좌이체`.
    pub method: String,
    /// The masked card number.
    pub card_number: Option<String>,
    /// SHA-256 hex of the access token a charge needs ([`crate::access`]).
    pub access_hash: Option<String>,
}

/// A stored webhook waiting to be worked off.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxRow {
    /// Its id.
    pub id: i64,
    /// The raw JSON body.
    pub body: String,
    /// How many times processing was tried.
    pub attempts: i64,
}

/// The database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    writes: Arc<Mutex<()>>,
}

const ORDER_COLUMNS: &str = "order_id, order_name, amount, balance, currency, customer_key, kind, status, \
    payment_key, method, approved_at, va_bank, va_account, va_due, deposit_secret, failure_code, \
    confirm_started_at, version, created_at, updated_at, access_hash, charge_key";

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
            return Err(DbError::Url(url.to_owned()));
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

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Stores a new order (status `created`); the `orders_event_on_insert` trigger appends its
    /// creation event in the same statement.
    pub async fn insert_order(&self, row: &OrderRow) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO orders (order_id, order_name, amount, balance, currency, customer_key, kind, status, \
             version, created_at, updated_at, access_hash, charge_key, last_cause) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9, $10, $11, 'created')",
        )
        .bind(&row.order_id)
        .bind(&row.order_name)
        .bind(row.amount)
        .bind(row.balance)
        .bind(&row.currency)
        .bind(&row.customer_key)
        .bind(&row.kind)
        .bind(&row.status)
        .bind(row.created_at)
        .bind(&row.access_hash)
        .bind(&row.charge_key)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The order, if it exists.
    pub async fn order(&self, order_id: &str) -> Result<Option<OrderRow>, DbError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = $1");
        Ok(sqlx::query_as::<_, OrderRow>(&sql)
            .bind(order_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Orders in `status` whose confirm started before `before_ms` (for the reconciler).
    pub async fn stale(
        &self,
        status: OrderStatus,
        before_ms: i64,
        limit: i64,
    ) -> Result<Vec<OrderRow>, DbError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE status = $1 AND COALESCE(confirm_started_at, updated_at) < $2 \
             ORDER BY updated_at LIMIT $3"
        );
        Ok(sqlx::query_as::<_, OrderRow>(&sql)
            .bind(status.as_str())
            .bind(before_ms)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The order a customer's billing charge with this `Idempotency-Key` created, if any.
    pub async fn order_by_charge_key(
        &self,
        customer_key: &str,
        charge_key: &str,
    ) -> Result<Option<OrderRow>, DbError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE customer_key = $1 AND charge_key = $2"
        );
        Ok(sqlx::query_as(&sql)
            .bind(customer_key)
            .bind(charge_key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Replaces an order's access-token hash (a new token for a repeated billing charge).
    pub async fn set_access_hash(&self, order_id: &str, hash: &str) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE orders SET access_hash = $1 WHERE order_id = $2")
            .bind(hash)
            .bind(order_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Takes over a `confirming` order for reconciling: succeeds for one caller only (across
    /// instances), by moving `confirm_started_at` from the value it read.
    pub async fn lease_confirm(
        &self,
        order_id: &str,
        seen: Option<i64>,
        now: i64,
    ) -> Result<bool, DbError> {
        let _gate = self.write_gate().await;
        let n = sqlx::query(
            "UPDATE orders SET confirm_started_at = $1 WHERE order_id = $2 AND status = 'confirming' \
             AND COALESCE(confirm_started_at, -1) = $3",
        )
        .bind(now)
        .bind(order_id)
        .bind(seen.unwrap_or(-1))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Moves the order from one of `from` to `to`, setting `changes`, and records why.
    /// Returns the updated row, or `None` if the order is not in one of `from` (someone else
    /// moved it first), the move is not an allowed transition, or `changes` would raise the
    /// balance (an answer older than what is stored).
    ///
    /// One statement, `UPDATE … WHERE status IN (…) RETURNING …`: the guard, the change and
    /// the row as it now is in one round trip, atomic without a transaction of its own. The
    /// audit event is appended by the `orders_event_on_change` trigger from the cause and
    /// detail the statement sets (migration 0004).
    pub async fn transition(
        &self,
        order_id: &str,
        from: &[OrderStatus],
        to: OrderStatus,
        changes: Changes,
        cause: &str,
        detail: Option<&str>,
    ) -> Result<Option<OrderRow>, DbError> {
        self.guarded_transition(order_id, from, None, to, changes, cause, detail)
            .await
    }

    /// [`Db::transition`] that also requires the order's `amount` to be `amount`: a confirm's
    /// claim, which checks the paid amount against the stored one in the same statement.
    pub async fn transition_if_amount(
        &self,
        order_id: &str,
        from: &[OrderStatus],
        amount: i64,
        to: OrderStatus,
        changes: Changes,
        cause: &str,
    ) -> Result<Option<OrderRow>, DbError> {
        self.guarded_transition(order_id, from, Some(amount), to, changes, cause, None)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn guarded_transition(
        &self,
        order_id: &str,
        from: &[OrderStatus],
        amount: Option<i64>,
        to: OrderStatus,
        changes: Changes,
        cause: &str,
        detail: Option<&str>,
    ) -> Result<Option<OrderRow>, DbError> {
        let from: Vec<&str> = from
            .iter()
            .filter(|status| allowed(**status, to))
            .map(|status| status.as_str())
            .collect();
        if from.is_empty() {
            return Ok(None);
        }
        let mut update = Update::default();
        update.set("status", to.as_str());
        update.set("updated_at", now_ms());
        update.set("last_cause", cause);
        update.set("last_detail", detail.map(str::to_owned));
        update.sets.push("version = version + 1".to_owned());
        let Changes {
            payment_key,
            method,
            approved_at,
            balance,
            virtual_account,
            deposit_secret,
            failure_code,
            confirm_started_at,
            clear_payment_key,
        } = changes;
        if clear_payment_key {
            update.sets.push("payment_key = NULL".to_owned());
        }
        update.set_some("payment_key", payment_key);
        update.set_some("method", method);
        update.set_some("approved_at", approved_at);
        if let Some((bank, account, due)) = virtual_account {
            update.set("va_bank", bank);
            update.set("va_account", account);
            update.set("va_due", due);
        }
        update.set_some("deposit_secret", deposit_secret);
        update.set_some("failure_code", failure_code);
        update.set_some("balance", balance);
        update.set_some("confirm_started_at", confirm_started_at);
        let id = update.arg(order_id);
        let statuses: Vec<String> = from.into_iter().map(|s| update.arg(s)).collect();
        let mut guards = String::new();
        if let Some(amount) = amount {
            guards.push_str(&format!(" AND amount = {}", update.arg(amount)));
        }
        // Toss's balance only goes down (cancels), so an answer that would raise it is older
        // than what is stored (two cancels, or a cancel and a webhook, settling out of order).
        if let Some(balance) = balance {
            guards.push_str(&format!(" AND balance >= {}", update.arg(balance)));
        }
        let sql = format!(
            "UPDATE orders SET {} WHERE order_id = {id} AND status IN ({}){guards} RETURNING {ORDER_COLUMNS}",
            update.sets.join(", "),
            statuses.join(", "),
        );
        let mut query = sqlx::query_as::<_, OrderRow>(&sql);
        for arg in update.args {
            query = match arg {
                Arg::Text(text) => query.bind(text),
                Arg::Int(int) => query.bind(int),
            };
        }
        let _gate = self.write_gate().await;
        // `fetch_all` steps the statement to its end, so SQLite's implicit transaction has
        // committed (and its lock is free) before the gate opens. At most one row.
        Ok(query.fetch_all(&self.pool).await?.pop())
    }

    /// Every event of an order, oldest first.
    pub async fn events(&self, order_id: &str) -> Result<Vec<EventRow>, DbError> {
        Ok(sqlx::query_as::<_, EventRow>(
            "SELECT order_id, from_status, to_status, cause, detail FROM payment_events WHERE order_id = $1 ORDER BY id",
        )
        .bind(order_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores a received webhook body.
    pub async fn inbox_push(&self, body: &str) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query("INSERT INTO webhook_inbox (received_at, body, attempts, locked_until) VALUES ($1, $2, 0, 0)")
            .bind(now_ms())
            .bind(body)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Takes the next unprocessed webhook whose lease is free, leasing it for `lease_ms` so
    /// another instance does not work on it at the same time.
    pub async fn inbox_take(&self, lease_ms: i64) -> Result<Option<InboxRow>, DbError> {
        let now = now_ms();
        let candidate: Option<InboxRow> = sqlx::query_as(
            "SELECT id, body, attempts FROM webhook_inbox WHERE processed_at IS NULL AND locked_until < $1 ORDER BY id LIMIT 1",
        )
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = candidate else {
            return Ok(None);
        };
        let _gate = self.write_gate().await;
        let leased = sqlx::query(
            "UPDATE webhook_inbox SET locked_until = $1, attempts = attempts + 1 WHERE id = $2 AND locked_until < $3 AND processed_at IS NULL",
        )
        .bind(now + lease_ms)
        .bind(row.id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok((leased == 1).then_some(row))
    }

    /// Marks a webhook done with its outcome.
    pub async fn inbox_done(&self, id: i64, outcome: &str) -> Result<(), DbError> {
        // An outcome may quote the webhook's text; PostgreSQL's TEXT cannot hold NUL.
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE webhook_inbox SET processed_at = $1, outcome = $2 WHERE id = $3")
            .bind(now_ms())
            .bind(outcome.replace('\0', "\\0"))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Leaves a webhook for another attempt no earlier than `at_ms`.
    pub async fn inbox_retry_at(&self, id: i64, at_ms: i64) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "UPDATE webhook_inbox SET locked_until = $1 WHERE id = $2 AND processed_at IS NULL",
        )
        .bind(at_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Webhooks not yet processed.
    pub async fn inbox_pending(&self) -> Result<i64, DbError> {
        Ok(
            sqlx::query("SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL")
                .fetch_one(&self.pool)
                .await?
                .get::<i64, _>(0),
        )
    }

    /// Outcomes of processed webhooks, oldest first.
    pub async fn inbox_outcomes(&self) -> Result<Vec<String>, DbError> {
        Ok(sqlx::query(
            "SELECT outcome FROM webhook_inbox WHERE processed_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| r.get::<Option<String>, _>(0).unwrap_or_default())
        .collect())
    }

    /// Stores (or replaces) a customer's billing key.
    pub async fn put_billing_key(
        &self,
        customer_key: &str,
        row: &BillingKeyRow,
    ) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM billing_keys WHERE customer_key = $1")
            .bind(customer_key)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO billing_keys (customer_key, billing_key, method, card_number, created_at, access_hash) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(customer_key)
            .bind(&row.billing_key)
            .bind(&row.method)
            .bind(&row.card_number)
            .bind(now_ms())
            .bind(&row.access_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Remembers which order each cancel transaction belongs to (see migration 0005).
    pub async fn remember_cancels(&self, order_id: &str, keys: &[&str]) -> Result<(), DbError> {
        if keys.is_empty() {
            return Ok(());
        }
        let _gate = self.write_gate().await;
        for key in keys {
            sqlx::query(
                "INSERT INTO cancel_transactions (transaction_key, order_id) VALUES ($1, $2) \
                 ON CONFLICT (transaction_key) DO NOTHING",
            )
            .bind(*key)
            .bind(order_id)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// The order a cancel transaction belongs to, if one of ours.
    pub async fn order_of_cancel(&self, transaction_key: &str) -> Result<Option<String>, DbError> {
        Ok(
            sqlx::query("SELECT order_id FROM cancel_transactions WHERE transaction_key = $1")
                .bind(transaction_key)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.get::<String, _>(0)),
        )
    }

    /// A customer's billing method.
    pub async fn billing_key(&self, customer_key: &str) -> Result<Option<BillingKeyRow>, DbError> {
        Ok(sqlx::query_as(
            "SELECT billing_key, method, card_number, access_hash FROM billing_keys WHERE customer_key = $1",
        )
        .bind(customer_key)
        .fetch_optional(&self.pool)
        .await?)
    }
}

/// A value bound to an `UPDATE` built by [`Db::transition`].
enum Arg {
    Text(Option<String>),
    Int(i64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(Some(text.to_owned()))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(Some(text))
    }
}

impl From<Option<String>> for Arg {
    fn from(text: Option<String>) -> Arg {
        Arg::Text(text)
    }
}

impl From<i64> for Arg {
    fn from(int: i64) -> Arg {
        Arg::Int(int)
    }
}

/// The `SET` list of an `UPDATE` and its values, numbered `$1`, `$2`, … in order.
#[derive(Default)]
struct Update {
    sets: Vec<String>,
    args: Vec<Arg>,
}

impl Update {
    /// Adds a value and returns its placeholder.
    fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    /// `column = value`.
    fn set(&mut self, column: &str, value: impl Into<Arg>) {
        let placeholder = self.arg(value);
        self.sets.push(format!("{column} = {placeholder}"));
    }

    /// `column = value` when there is a value; the column is left as it is otherwise.
    fn set_some<T: Into<Arg>>(&mut self, column: &str, value: Option<T>) {
        if let Some(value) = value {
            self.set(column, value);
        }
    }
}
