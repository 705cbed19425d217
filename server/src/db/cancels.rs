//! Which order each cancel transaction belongs to: a `CANCEL_STATUS_CHANGED` webhook carries a
//! Cancel object with no paymentKey or orderId (migration 0005).

use super::*;

impl Db {
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
}
