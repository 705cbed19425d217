//! Customers' billing keys (one per customer; the billing key itself never leaves the server).

use leptos_tosspayments::CustomerKey;

use super::*;

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
impl Db {
    /// Stores (or replaces) a customer's billing key.
    pub async fn put_billing_key(
        &self,
        customer_key: &CustomerKey,
        row: &BillingKeyRow,
    ) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM billing_keys WHERE customer_key = $1")
            .bind(customer_key.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO billing_keys (customer_key, billing_key, method, card_number, created_at, access_hash) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(customer_key.as_str())
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

    /// Forgets a customer's billing method, if it is still `billing_key` (not replaced
    /// meanwhile). Whether it was.
    pub async fn delete_billing_key(
        &self,
        customer_key: &CustomerKey,
        billing_key: &str,
    ) -> Result<bool, DbError> {
        let _gate = self.write_gate().await;
        Ok(
            sqlx::query("DELETE FROM billing_keys WHERE customer_key = $1 AND billing_key = $2")
                .bind(customer_key.as_str())
                .bind(billing_key)
                .execute(&self.pool)
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// A customer's billing method.
    pub async fn billing_key(
        &self,
        customer_key: &CustomerKey,
    ) -> Result<Option<BillingKeyRow>, DbError> {
        Ok(sqlx::query_as(
            "SELECT billing_key, method, card_number, access_hash FROM billing_keys WHERE customer_key = $1",
        )
        .bind(customer_key.as_str())
        .fetch_optional(&self.pool)
        .await?)
    }
}
