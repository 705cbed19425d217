//! Which order each cancel transaction belongs to: a `CANCEL_STATUS_CHANGED` webhook carries a
//! Cancel object with no paymentKey or orderId (migration 0005).

use leptos_tosspayments::OrderId;

use super::*;

impl Db {
    /// Remembers which order each cancel transaction belongs to (see migration 0005).
    pub async fn remember_cancels(
        &self,
        order_id: &OrderId,
        keys: &[String],
    ) -> Result<(), DbError> {
        if keys.is_empty() {
            return Ok(());
        }
        let _gate = self.write_gate().await;
        for key in keys {
            sqlx::query(
                "INSERT INTO cancel_transactions (transaction_key, order_id) VALUES ($1, $2) \
                 ON CONFLICT (transaction_key) DO NOTHING",
            )
            .bind(key)
            .bind(order_id.as_str())
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// The order a cancel transaction belongs to, if one of ours.
    pub async fn order_of_cancel(&self, transaction_key: &str) -> Result<Option<OrderId>, DbError> {
        let row =
            sqlx::query("SELECT order_id FROM cancel_transactions WHERE transaction_key = $1")
                .bind(transaction_key)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| {
            let id: String = r.get(0);
            OrderId::parse(&id).map_err(|_| DbError::Corrupt(id, "cancel_transactions.order_id"))
        })
        .transpose()
    }
}
