//! Toss Payments through PortOne (i'mport, V1) as a [`PaymentProvider`]. The buyer pays in
//! PortOne's window (`IMP.request_pay` with `pg: 'tosspayments'`), which approves the payment
//! itself; what the ledger does is verify it: read `GET /payments/{imp_uid}` and check its
//! `merchant_uid` and amount against the stored order, exactly once (the ledger's claim).
//! Cancels go through `POST /payments/cancel` with the refundable balance as `checksum`, which
//! is PortOne's guard against a repeated cancel (V1 takes no idempotency key). The notice
//! (webhook) `{imp_uid, merchant_uid, status}` is only a pointer: the payment is looked up.
//!
//! Sources: PortOne's V1 API reference and guides (`docs/research/portone.md`); seed 002.

use async_trait::async_trait;
use leptos_tosspayments::domain::server_api::OrderStatus;
use serde_json::Value;

use super::{
    Approval, CancelRequest, PaymentId, PaymentProvider, ProviderError, ProviderId,
    ProviderPayment, VirtualAccount, WebhookSubject,
};
use crate::portone::{PortOneClient, PortOneError};

/// PortOne.
#[derive(Debug, Clone)]
pub struct PortOne {
    client: PortOneClient,
}

impl PortOne {
    /// The provider over `client`.
    pub fn new(client: PortOneClient) -> Self {
        PortOne { client }
    }

    /// The client (billing routes charge with it).
    pub fn client(&self) -> &PortOneClient {
        &self.client
    }
}

impl From<PortOneError> for ProviderError {
    fn from(e: PortOneError) -> Self {
        let provider = ProviderId::portone();
        match e {
            PortOneError::Refused { code, message } => ProviderError::Refused {
                provider,
                code: format!("PORTONE_{code}"),
                message,
            },
            PortOneError::NotFound(message) => ProviderError::NotFound {
                provider,
                code: "NOT_FOUND".to_owned(),
                message,
            },
            other => ProviderError::InDoubt {
                provider,
                code: None,
                detail: other.to_string(),
            },
        }
    }
}

/// The order status a PortOne `status` settles: `paid` (with something cancelled: partially
/// cancelled), `cancelled`, `failed`; `ready` (a virtual account waiting for its deposit) is
/// still moving.
pub fn status_for(status: &str, balance: i64, cancelled: i64) -> Option<OrderStatus> {
    Some(match status {
        "paid" if cancelled > 0 && balance > 0 => OrderStatus::PartiallyCancelled,
        "paid" => OrderStatus::Paid,
        "cancelled" => OrderStatus::Cancelled,
        "failed" => OrderStatus::Failed,
        _ => return None,
    })
}

/// `PaymentAnnotation` in the ledger's terms.
pub fn ledger_payment(payment: &Value) -> Result<ProviderPayment, ProviderError> {
    let text = |name: &str| payment.get(name).and_then(Value::as_str);
    let number = |name: &str| payment.get(name).and_then(Value::as_i64).unwrap_or(0);
    let unusable = |what: &str| ProviderError::InDoubt {
        provider: ProviderId::portone(),
        code: None,
        detail: format!("PortOne's payment has no usable {what}"),
    };
    let payment_id = text("imp_uid")
        .and_then(|t| PaymentId::parse(t).ok())
        .ok_or_else(|| unusable("imp_uid"))?;
    let status = text("status").ok_or_else(|| unusable("status"))?;
    let amount = number("amount");
    let cancelled = number("cancel_amount");
    let balance = amount - cancelled;
    // Unix seconds; 0 when it did not happen.
    let at = |name: &str| {
        let seconds = number(name);
        (seconds > 0)
            .then(|| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
            .flatten()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
    };
    let virtual_account = (status == "ready" && text("pay_method") == Some("vbank"))
        .then(|| {
            Some(VirtualAccount {
                bank: text("vbank_name")?.to_owned(),
                account_number: text("vbank_num")?.to_owned(),
                due: at("vbank_date")?,
            })
        })
        .flatten();
    Ok(ProviderPayment {
        provider: ProviderId::portone(),
        payment_id,
        order_id: text("merchant_uid").unwrap_or_default().to_owned(),
        settled: status_for(status, balance, cancelled),
        provider_status: format!("portone status {status}"),
        currency: text("currency").map(str::to_owned),
        total_amount: amount,
        balance,
        method: text("pay_method").map(|m| format!("PortOne {m}")),
        approved_at: at("paid_at"),
        virtual_account,
        deposit_secret: None,
        failure_code: (status == "failed").then(|| {
            text("fail_reason")
                .unwrap_or("failed")
                .chars()
                .take(60)
                .collect()
        }),
        cancel_ids: payment
            .get("cancel_history")
            .and_then(Value::as_array)
            .map(|cancels| {
                cancels
                    .iter()
                    .filter_map(|c| c.get("cancellation_id").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    })
}

#[async_trait]
impl PaymentProvider for PortOne {
    fn id(&self) -> ProviderId {
        ProviderId::portone()
    }

    /// Verification: PortOne's window approved the payment; the ledger compares what
    /// `GET /payments/{imp_uid}` says with the stored order.
    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError> {
        self.lookup(approval.payment).await
    }

    /// `GET /payments/{imp_uid}`.
    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError> {
        ledger_payment(&self.client.payment(payment.as_str()).await?)
    }

    /// `POST /payments/cancel` with the balance read just before as `checksum`: a cancel sent
    /// twice (a retry after a lost answer) is refused the second time, and the caller reads the
    /// payment. A payment with nothing left is answered as it is.
    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError> {
        let before = self.lookup(payment).await?;
        if before.balance == 0 {
            return Ok(before);
        }
        let reason: String = cancel.reason.chars().take(256).collect();
        let after = self
            .client
            .cancel(payment.as_str(), cancel.amount, before.balance, &reason)
            .await?;
        ledger_payment(&after)
    }

    /// PortOne's window approves the payment; the server only verifies it.
    fn approves_on_its_own(&self) -> bool {
        true
    }

    /// `GET /payments/find/{merchant_uid}`: the order's latest payment at PortOne.
    async fn find_for_order(
        &self,
        order_id: &leptos_tosspayments::OrderId,
    ) -> Result<Option<ProviderPayment>, ProviderError> {
        match self.client.find(order_id.as_str()).await {
            Ok(found) => ledger_payment(&found).map(Some),
            Err(PortOneError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// `{imp_uid, merchant_uid, status}`: only `imp_uid` is read; the payment is looked up
    /// (V1 notices carry no signature).
    fn webhook_subject(&self, body: &Value) -> WebhookSubject {
        match body
            .get("imp_uid")
            .and_then(Value::as_str)
            .map(PaymentId::parse)
        {
            Some(Ok(id)) => WebhookSubject::Payment(id),
            Some(Err(_)) => WebhookSubject::Ignore("ignored: malformed imp_uid".to_owned()),
            None => WebhookSubject::Ignore("ignored: no imp_uid".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_portone_status_maps_onto_an_order_state() {
        assert_eq!(status_for("ready", 0, 0), None);
        assert_eq!(status_for("paid", 23_000, 0), Some(OrderStatus::Paid));
        assert_eq!(
            status_for("paid", 20_000, 3_000),
            Some(OrderStatus::PartiallyCancelled)
        );
        assert_eq!(
            status_for("cancelled", 0, 23_000),
            Some(OrderStatus::Cancelled)
        );
        assert_eq!(status_for("failed", 0, 0), Some(OrderStatus::Failed));
    }

    #[test]
    fn a_payment_annotation_reads_into_the_ledger() {
        let found = ledger_payment(&serde_json::json!({
            "imp_uid": "imp_123456789012", "merchant_uid": "ord_1", "status": "paid",
            "amount": 23000, "cancel_amount": 3000, "currency": "KRW", "pay_method": "card",
            "paid_at": 1_700_000_000, "cancel_history": [{"cancellation_id": "c1"}]
        }))
        .unwrap();
        assert_eq!(found.order_id, "ord_1");
        assert_eq!(found.balance, 20_000);
        assert_eq!(found.settled, Some(OrderStatus::PartiallyCancelled));
        assert_eq!(found.cancel_ids, vec!["c1".to_owned()]);
        assert!(found.approved_at.unwrap().starts_with("2023-11-14"));
    }
}
