//! Checkouts: the payment a provider minted for an order before the buyer saw it (Toss Pay's
//! `payToken`), kept until the buyer comes back.

use leptos_tosspayments::OrderId;

use super::*;
use crate::provider::{PaymentId, ProviderId};

impl Db {
    /// Keeps `payment` as `provider`'s checkout of `order_id` (replacing an earlier one: a new
    /// checkout page for the same order).
    pub async fn put_checkout(
        &self,
        order_id: &OrderId,
        provider: &ProviderId,
        payment: &PaymentId,
    ) -> Result<(), DbError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM checkouts WHERE order_id = $1 AND provider = $2")
            .bind(order_id.as_str())
            .bind(provider.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO checkouts (order_id, provider, payment_id, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(order_id.as_str())
        .bind(provider.as_str())
        .bind(payment.as_str())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `provider`'s checkout of `order_id`, if it made one.
    pub async fn checkout(
        &self,
        order_id: &OrderId,
        provider: &ProviderId,
    ) -> Result<Option<PaymentId>, DbError> {
        let row =
            sqlx::query("SELECT payment_id FROM checkouts WHERE order_id = $1 AND provider = $2")
                .bind(order_id.as_str())
                .bind(provider.as_str())
                .fetch_optional(&self.pool)
                .await?;
        match row {
            None => Ok(None),
            Some(row) => {
                let raw: String = row.get(0);
                PaymentId::parse(&raw)
                    .map(Some)
                    .map_err(|_| DbError::Corrupt(order_id.to_string(), "checkout payment id"))
            }
        }
    }
}
