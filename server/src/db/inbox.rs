//! The webhook inbox: a webhook is stored before it is answered and worked off from here.

use super::*;
use crate::provider::ProviderId;

/// A stored webhook waiting to be worked off.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxRow {
    /// Its id.
    pub id: i64,
    /// The provider that sent it (the route it arrived at).
    pub provider: String,
    /// The raw JSON body.
    pub body: String,
    /// How many times processing was tried.
    pub attempts: i64,
}
/// A stored webhook as the merchant console lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxEntry {
    /// Its id.
    pub id: i64,
    /// The provider that sent it.
    pub provider: String,
    /// The raw JSON body (for the provider to read what it names; not shown).
    pub body: String,
    /// When it arrived (ms).
    pub received_at: i64,
    /// How many times processing was tried.
    pub attempts: i64,
    /// When it was worked off (ms).
    pub processed_at: Option<i64>,
    /// What working it off did.
    pub outcome: Option<String>,
}

impl Db {
    /// The newest `limit` webhooks of the inbox, newest first.
    pub async fn inbox_recent(&self, limit: i64) -> Result<Vec<InboxEntry>, DbError> {
        Ok(sqlx::query_as(
            "SELECT id, provider, body, received_at, attempts, processed_at, outcome \
             FROM webhook_inbox ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores a received webhook body.
    pub async fn inbox_push(&self, provider: &ProviderId, body: &str) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        sqlx::query("INSERT INTO webhook_inbox (received_at, provider, body, attempts, locked_until) VALUES ($1, $2, $3, 0, 0)")
            .bind(now_ms())
            .bind(provider.as_str())
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
            "SELECT id, provider, body, attempts FROM webhook_inbox WHERE processed_at IS NULL AND locked_until < $1 ORDER BY id LIMIT 1",
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

    /// Deletes webhooks processed before `before_ms` (retention). Returns how many.
    pub async fn inbox_purge(&self, before_ms: i64) -> Result<u64, DbError> {
        let _gate = self.write_gate().await;
        Ok(sqlx::query(
            "DELETE FROM webhook_inbox WHERE processed_at IS NOT NULL AND processed_at < $1",
        )
        .bind(before_ms)
        .execute(&self.pool)
        .await?
        .rows_affected())
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
}
