//! When a buyer may cancel their own order: the storefront's refund policy. Store staff (the
//! merchant console, [`crate::staff`]) always can; a buyer, with the order's access token, only
//! when the policy says so.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;

use crate::db::{OrderRow, now_ms};

/// Decides whether the buyer may cancel `order` now. `Err` carries the reason shown to them.
///
/// ```
/// use async_trait::async_trait;
/// use tosspayments_server::db::OrderRow;
/// use tosspayments_server::policy::RefundPolicy;
///
/// /// Nothing is refunded by the buyer once it has shipped (the storefront knows what has).
/// #[derive(Debug)]
/// struct BeforeShipping;
///
/// #[async_trait]
/// impl RefundPolicy for BeforeShipping {
///     async fn buyer_may_cancel(&self, order: &OrderRow) -> Result<(), String> {
///         let shipped = false; // look it up in the storefront's own tables
///         if shipped { Err("this order has shipped: ask the store".into()) } else { Ok(()) }
///     }
/// }
/// ```
#[async_trait]
pub trait RefundPolicy: Send + Sync + fmt::Debug {
    /// `Ok` if the buyer may cancel (all or part of) `order` now; `Err(why)` otherwise.
    async fn buyer_may_cancel(&self, order: &OrderRow) -> Result<(), String>;
}

/// The default: a buyer may cancel within a window after the order was paid (Toss's
/// `approvedAt`, or the order's creation when there is none yet, as for an unpaid virtual
/// account, which may always be cancelled).
#[derive(Debug, Clone, Copy)]
pub struct WithinWindow(pub Duration);

impl Default for WithinWindow {
    /// Seven days.
    fn default() -> Self {
        WithinWindow(Duration::from_secs(7 * 24 * 3600))
    }
}

#[async_trait]
impl RefundPolicy for WithinWindow {
    async fn buyer_may_cancel(&self, order: &OrderRow) -> Result<(), String> {
        let paid_at_ms = order
            .approved_at
            .as_deref()
            .and_then(|at| {
                time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).ok()
            })
            .map(|at| (at.unix_timestamp_nanos() / 1_000_000) as i64)
            .unwrap_or(order.created_at);
        if now_ms() - paid_at_ms <= self.0.as_millis() as i64 {
            Ok(())
        } else {
            Err(format!(
                "orders can be cancelled by the buyer within {} days of payment; ask the store",
                self.0.as_secs() / 86_400
            ))
        }
    }
}
