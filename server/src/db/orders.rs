//! Order rows and every change of one: a guarded `UPDATE … RETURNING` whose trigger writes the
//! audit event.

use leptos_tosspayments::{CustomerKey, OrderId, OrderName};
use sqlx::any::AnyRow;

use super::*;
use crate::provider::{PaymentId, ProviderId};
use crate::transitions::allowed;

/// What an order is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderKind {
    /// A checkout: the buyer pays it through a provider.
    Normal,
    /// A charge of a registered billing method ([`crate::billing`]).
    Billing,
}

impl OrderKind {
    /// As stored (`normal`, `billing`).
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderKind::Normal => "normal",
            OrderKind::Billing => "billing",
        }
    }

    /// Reads a stored kind.
    pub fn parse(text: &str) -> Option<OrderKind> {
        [OrderKind::Normal, OrderKind::Billing]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// An order row, read into the domain's types: a row that does not parse is reported as
/// corrupt instead of travelling inward as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// The order id.
    pub order_id: OrderId,
    /// The order name.
    pub order_name: OrderName,
    /// The priced amount (won).
    pub amount: i64,
    /// What remains after cancels (won).
    pub balance: i64,
    /// `KRW`.
    pub currency: String,
    /// The buyer's customer key.
    pub customer_key: CustomerKey,
    /// A checkout or a billing charge.
    pub kind: OrderKind,
    /// Where the order is.
    pub status: OrderStatus,
    /// The provider of its payment; none before a payment is claimed.
    pub provider: Option<ProviderId>,
    /// That provider's id of the payment (Toss's paymentKey, …).
    pub payment_id: Option<PaymentId>,
    /// The provider's method label.
    pub method: Option<String>,
    /// When the provider approved.
    pub approved_at: Option<String>,
    /// Virtual account bank code.
    pub va_bank: Option<String>,
    /// Virtual account number.
    pub va_account: Option<String>,
    /// Virtual account deadline.
    pub va_due: Option<String>,
    /// `Payment.secret`, which every `DEPOSIT_CALLBACK` of this order must carry.
    pub deposit_secret: Option<String>,
    /// The provider's failure code.
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

/// A stored value that does not parse into its type.
#[derive(Debug, thiserror::Error)]
#[error("stored {column} {value:?} is not valid: {why}")]
struct Unreadable {
    column: &'static str,
    value: String,
    why: String,
}

/// Reads text column `column` and parses it.
fn parsed<T>(
    row: &AnyRow,
    column: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    parse(&text).map_err(|why| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(Unreadable {
            column,
            value: text,
            why,
        }),
    })
}

/// Reads nullable text column `column` and parses it.
fn parsed_opt<T>(
    row: &AnyRow,
    column: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|text| {
        parse(&text).map_err(|why| sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: Box::new(Unreadable {
                column,
                value: text.clone(),
                why,
            }),
        })
    })
    .transpose()
}

impl<'r> sqlx::FromRow<'r, AnyRow> for OrderRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(OrderRow {
            order_id: parsed(row, "order_id", |t| {
                OrderId::parse(t).map_err(|e| e.to_string())
            })?,
            order_name: parsed(row, "order_name", |t| {
                OrderName::parse(t).map_err(|e| e.to_string())
            })?,
            amount: row.try_get("amount")?,
            balance: row.try_get("balance")?,
            currency: row.try_get("currency")?,
            customer_key: parsed(row, "customer_key", |t| {
                CustomerKey::parse(t).map_err(|e| e.to_string())
            })?,
            kind: parsed(row, "kind", |t| {
                OrderKind::parse(t).ok_or_else(|| "not an order kind".to_owned())
            })?,
            status: parsed(row, "status", |t| {
                OrderStatus::parse(t).ok_or_else(|| "not an order status".to_owned())
            })?,
            provider: parsed_opt(row, "provider", |t| {
                ProviderId::parse(t).map_err(|e| e.to_string())
            })?,
            payment_id: parsed_opt(row, "payment_id", |t| {
                PaymentId::parse(t).map_err(|e| e.to_string())
            })?,
            method: row.try_get("method")?,
            approved_at: row.try_get("approved_at")?,
            va_bank: row.try_get("va_bank")?,
            va_account: row.try_get("va_account")?,
            va_due: row.try_get("va_due")?,
            deposit_secret: row.try_get("deposit_secret")?,
            failure_code: row.try_get("failure_code")?,
            confirm_started_at: row.try_get("confirm_started_at")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            access_hash: row.try_get("access_hash")?,
            charge_key: row.try_get("charge_key")?,
        })
    }
}

/// Which orders [`Db::list_orders`] returns.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// In this status.
    pub status: Option<OrderStatus>,
    /// This customer's.
    pub customer: Option<CustomerKey>,
    /// Created at or after (ms).
    pub from: Option<i64>,
    /// Created before (ms).
    pub to: Option<i64>,
    /// Last changed before (ms): orders left in between.
    pub changed_before: Option<i64>,
    /// At most this many.
    pub limit: i64,
}

/// Columns a transition may set besides the status. `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// `provider` and `payment_id`: the payment a claim attaches.
    pub payment: Option<(ProviderId, PaymentId)>,
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
    /// Sets `provider` and `payment_id` to NULL (a released claim of an order that had none).
    pub clear_payment: bool,
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
const ORDER_COLUMNS: &str = "order_id, order_name, amount, balance, currency, customer_key, kind, status, \
    provider, payment_id, method, approved_at, va_bank, va_account, va_due, deposit_secret, failure_code, \
    confirm_started_at, version, created_at, updated_at, access_hash, charge_key";

impl Db {
    /// Stores a new order (status `created`); the `orders_event_on_insert` trigger appends its
    /// creation event in the same statement.
    pub async fn insert_order(&self, row: &OrderRow) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO orders (order_id, order_name, amount, balance, currency, customer_key, kind, status, \
             version, created_at, updated_at, access_hash, charge_key, last_cause) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9, $10, $11, 'created')",
        )
        .bind(row.order_id.as_str())
        .bind(row.order_name.as_str())
        .bind(row.amount)
        .bind(row.balance)
        .bind(&row.currency)
        .bind(row.customer_key.as_str())
        .bind(row.kind.as_str())
        .bind(row.status.as_str())
        .bind(row.created_at)
        .bind(&row.access_hash)
        .bind(&row.charge_key)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The order, if it exists.
    pub async fn order(&self, order_id: &OrderId) -> Result<Option<OrderRow>, DbError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = $1");
        Ok(sqlx::query_as::<_, OrderRow>(&sql)
            .bind(order_id.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// How many orders are in each status.
    pub async fn orders_by_status(&self) -> Result<Vec<(OrderStatus, i64)>, DbError> {
        let rows = sqlx::query("SELECT status, COUNT(*) FROM orders GROUP BY status")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some((
                    OrderStatus::parse(&r.get::<String, _>(0))?,
                    r.get::<i64, _>(1),
                ))
            })
            .collect())
    }

    /// When the least recently changed order in `status` last changed (ms), if there is one.
    pub async fn oldest_change(&self, status: OrderStatus) -> Result<Option<i64>, DbError> {
        Ok(
            sqlx::query("SELECT MIN(updated_at) FROM orders WHERE status = $1")
                .bind(status.as_str())
                .fetch_one(&self.pool)
                .await?
                .get::<Option<i64>, _>(0),
        )
    }

    /// How many mismatch events are on record.
    pub async fn mismatch_count(&self) -> Result<i64, DbError> {
        Ok(
            sqlx::query("SELECT COUNT(*) FROM payment_events WHERE cause = 'mismatch'")
                .fetch_one(&self.pool)
                .await?
                .get::<i64, _>(0),
        )
    }

    /// Orders matching `filter`, newest first (the merchant console's list).
    pub async fn list_orders(&self, filter: &OrderFilter) -> Result<Vec<OrderRow>, DbError> {
        let mut update = Update::default();
        let mut conditions = Vec::new();
        if let Some(status) = filter.status {
            conditions.push(format!("status = {}", update.arg(status.as_str())));
        }
        if let Some(customer) = &filter.customer {
            conditions.push(format!("customer_key = {}", update.arg(customer.as_str())));
        }
        if let Some(from) = filter.from {
            conditions.push(format!("created_at >= {}", update.arg(from)));
        }
        if let Some(to) = filter.to {
            conditions.push(format!("created_at < {}", update.arg(to)));
        }
        if let Some(before) = filter.changed_before {
            conditions.push(format!("updated_at < {}", update.arg(before)));
        }
        let limit = update.arg(filter.limit);
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders {} ORDER BY created_at DESC, order_id LIMIT {limit}",
            if conditions.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conditions.join(" AND "))
            }
        );
        let mut query = sqlx::query_as::<_, OrderRow>(&sql);
        for arg in update.args {
            query = match arg {
                Arg::Text(text) => query.bind(text),
                Arg::Int(int) => query.bind(int),
            };
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// Up to `limit` orders in `status` that the reconciler should ask the provider about at
    /// `now`: those whose scheduled check is due (never scheduled counts as due once their last
    /// change is older than `settled_before`), due first, and changed after `changed_after`.
    pub async fn due(
        &self,
        status: OrderStatus,
        now: i64,
        settled_before: i64,
        changed_after: i64,
        limit: i64,
    ) -> Result<Vec<OrderRow>, DbError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE status = $1 AND updated_at > $4 AND \
             ((next_check_at IS NULL AND updated_at < $3) OR next_check_at <= $2) \
             ORDER BY COALESCE(next_check_at, updated_at) LIMIT $5"
        );
        Ok(sqlx::query_as::<_, OrderRow>(&sql)
            .bind(status.as_str())
            .bind(now)
            .bind(settled_before)
            .bind(changed_after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Schedules the reconciler's next look at an order the provider had no news about: after
    /// `base` doubled per earlier unchanged check, at most `max`. Returns when.
    pub async fn check_later(
        &self,
        order: &OrderRow,
        base: std::time::Duration,
        max: std::time::Duration,
    ) -> Result<i64, DbError> {
        let checks: i64 = sqlx::query("SELECT checks FROM orders WHERE order_id = $1")
            .bind(order.order_id.as_str())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.get::<i64, _>(0))
            .unwrap_or(0);
        let wait = base
            .saturating_mul(1u32 << checks.clamp(0, 20) as u32)
            .min(max);
        let at = now_ms() + wait.as_millis() as i64;
        let _gate = self.write_gate().await;
        // Guarded by the version: an order that changed meanwhile keeps its fresh schedule.
        sqlx::query(
            "UPDATE orders SET next_check_at = $1, checks = checks + 1 WHERE order_id = $2 AND version = $3",
        )
        .bind(at)
        .bind(order.order_id.as_str())
        .bind(order.version)
        .execute(&self.pool)
        .await?;
        Ok(at)
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
        customer_key: &CustomerKey,
        charge_key: &str,
    ) -> Result<Option<OrderRow>, DbError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE customer_key = $1 AND charge_key = $2"
        );
        Ok(sqlx::query_as(&sql)
            .bind(customer_key.as_str())
            .bind(charge_key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Replaces an order's access-token hash (a new token for a repeated billing charge).
    pub async fn set_access_hash(&self, order_id: &OrderId, hash: &str) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE orders SET access_hash = $1 WHERE order_id = $2")
            .bind(hash)
            .bind(order_id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Takes over a `confirming` order for reconciling: succeeds for one caller only (across
    /// instances), by moving `confirm_started_at` from the value it read.
    pub async fn lease_confirm(
        &self,
        order_id: &OrderId,
        seen: Option<i64>,
        now: i64,
    ) -> Result<bool, DbError> {
        let _gate = self.write_gate().await;
        let n = sqlx::query(
            "UPDATE orders SET confirm_started_at = $1 WHERE order_id = $2 AND status = 'confirming' \
             AND COALESCE(confirm_started_at, -1) = $3",
        )
        .bind(now)
        .bind(order_id.as_str())
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
        order_id: &OrderId,
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
        order_id: &OrderId,
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
    pub(super) async fn guarded_transition(
        &self,
        order_id: &OrderId,
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
        // A new status starts the reconciler's schedule again (see `due`).
        update.sets.push("next_check_at = NULL".to_owned());
        update.sets.push("checks = 0".to_owned());
        update.set("last_cause", cause);
        update.set("last_detail", detail.map(str::to_owned));
        update.sets.push("version = version + 1".to_owned());
        let Changes {
            payment,
            method,
            approved_at,
            balance,
            virtual_account,
            deposit_secret,
            failure_code,
            confirm_started_at,
            clear_payment,
        } = changes;
        if clear_payment {
            update.sets.push("provider = NULL".to_owned());
            update.sets.push("payment_id = NULL".to_owned());
        }
        if let Some((provider, payment_id)) = payment {
            update.set("provider", provider.as_str());
            update.set("payment_id", payment_id.as_str());
        }
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
        let id = update.arg(order_id.as_str());
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

    /// Appends an event that changes nothing: the order stays in `status` (a mismatch between
    /// the provider's state and ours, for people to look at).
    pub async fn record_event(
        &self,
        order_id: &OrderId,
        status: OrderStatus,
        cause: &str,
        detail: &str,
    ) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO payment_events (order_id, from_status, to_status, cause, detail, at) \
             VALUES ($1, $2, $2, $3, $4, $5)",
        )
        .bind(order_id.as_str())
        .bind(status.as_str())
        .bind(cause)
        .bind(detail)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Orders with a `mismatch` event, newest first: the provider verified a state our state
    /// machine refuses.
    pub async fn mismatches(&self, limit: i64) -> Result<Vec<EventRow>, DbError> {
        Ok(sqlx::query_as::<_, EventRow>(
            "SELECT order_id, from_status, to_status, cause, detail FROM payment_events \
             WHERE cause = 'mismatch' ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every event of an order, oldest first.
    pub async fn events(&self, order_id: &OrderId) -> Result<Vec<EventRow>, DbError> {
        Ok(sqlx::query_as::<_, EventRow>(
            "SELECT order_id, from_status, to_status, cause, detail FROM payment_events WHERE order_id = $1 ORDER BY id",
        )
        .bind(order_id.as_str())
        .fetch_all(&self.pool)
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
    pub(super) fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    /// `column = value`.
    pub(super) fn set(&mut self, column: &str, value: impl Into<Arg>) {
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
