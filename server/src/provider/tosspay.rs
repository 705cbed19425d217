//! Toss Pay (`pay.toss.im` API v2) as a [`PaymentProvider`]: the server creates the payment
//! (a `payToken` and a `checkoutPage`), the buyer approves it on Toss Pay's page (or in the Toss
//! app, Apps-in-Toss' `checkoutPayment`), and the ledger executes it exactly once, looks it up
//! (`/api/v2/status`), refunds it (`/api/v2/refunds`, idempotent per `refundNo`) and reads its
//! `resultCallback`. Source: the Toss Pay API reference (seed 003; `docs-pay.toss.im`).

use async_trait::async_trait;
use leptos_tosspayments::domain::server_api::OrderStatus;
use serde_json::Value;

use super::{
    Approval, CancelRequest, PaymentId, PaymentProvider, ProviderError, ProviderId,
    ProviderPayment, WebhookSubject,
};
use crate::access::sha256_hex;
use crate::tosspay::{TossPayClient, TossPayError};
use leptos_tosspayments::domain::tosspay::{REFUND_REASON_MAX, refund_reason_allows};

/// Toss Pay.
#[derive(Debug, Clone)]
pub struct TossPay {
    client: TossPayClient,
}

impl TossPay {
    /// The provider over `client`.
    pub fn new(client: TossPayClient) -> Self {
        TossPay { client }
    }

    /// The client (the checkout route creates payments with it).
    pub fn client(&self) -> &TossPayClient {
        &self.client
    }
}

impl From<TossPayError> for ProviderError {
    fn from(e: TossPayError) -> Self {
        provider_error(e, ProviderId::tosspay())
    }
}

/// A Toss Pay failure as `provider`'s.
pub(super) fn provider_error(e: TossPayError, provider: ProviderId) -> ProviderError {
    match e {
        TossPayError::Refused { error_code, msg } => ProviderError::Refused {
            provider,
            code: error_code,
            message: msg,
        },
        other => ProviderError::InDoubt {
            provider,
            code: None,
            detail: other.to_string(),
        },
    }
}

/// The order status a `payStatus` settles (seed 003's nine statuses). A refund leaves the
/// order partially cancelled while something of it remains (`balance`: the amount less what
/// was refunded), cancelled when nothing does. `PAY_CANCEL` (the buyer left, or the payment
/// expired) fails a claimed order.
pub fn status_for(pay_status: &str, balance: i64) -> Option<OrderStatus> {
    Some(match pay_status {
        "PAY_COMPLETE" | "SETTLEMENT_COMPLETE" => OrderStatus::Paid,
        "REFUND_SUCCESS" | "SETTLEMENT_REFUND_COMPLETE" if balance > 0 => {
            OrderStatus::PartiallyCancelled
        }
        "REFUND_SUCCESS" | "SETTLEMENT_REFUND_COMPLETE" => OrderStatus::Cancelled,
        "PAY_CANCEL" => OrderStatus::Failed,
        // PAY_STANDBY, PAY_APPROVED, PAY_PROGRESS, REFUND_PROGRESS: still moving.
        _ => return None,
    })
}

/// `/api/v2/status`'s answer in the ledger's terms, as `provider` reports it (Apps-in-Toss'
/// partner API answers the same fields).
pub(super) fn ledger_payment(
    status: &Value,
    provider: ProviderId,
) -> Result<ProviderPayment, ProviderError> {
    let text = |name: &str| status.get(name).and_then(Value::as_str);
    let number = |name: &str| status.get(name).and_then(Value::as_i64).unwrap_or(0);
    let unusable = |what: &str| ProviderError::InDoubt {
        provider: provider.clone(),
        code: None,
        detail: format!("Toss Pay's status answer has no usable {what}"),
    };
    let payment_id = text("payToken")
        .and_then(|t| PaymentId::parse(t).ok())
        .ok_or_else(|| unusable("payToken"))?;
    let pay_status = text("payStatus").ok_or_else(|| unusable("payStatus"))?;
    let amount = number("amount");
    let refunds: Vec<&Value> = status
        .get("transactions")
        .and_then(Value::as_array)
        .map(|txs| {
            txs.iter()
                .filter(|t| t.get("stepType").and_then(Value::as_str) == Some("REFUND"))
                .collect()
        })
        .unwrap_or_default();
    // What was given back: the refunds' amounts (answered negative). Not `refundableAmount`,
    // which is also 0 for a payment never made or settled past its refund period.
    let refunded: i64 = refunds
        .iter()
        .filter_map(|t| t.get("transactionAmount").and_then(Value::as_i64))
        .map(i64::abs)
        .sum();
    let balance = amount - refunded;
    let settled = status_for(pay_status, balance);
    Ok(ProviderPayment {
        provider,
        payment_id,
        order_id: text("orderNo").unwrap_or_default().to_owned(),
        settled,
        provider_status: format!("tosspay status {pay_status}"),
        // Toss Pay takes won only.
        currency: Some("KRW".to_owned()),
        total_amount: amount,
        balance,
        method: Some("토스페이".to_owned()),
        approved_at: text("paidTs").map(str::to_owned),
        virtual_account: None,
        deposit_secret: None,
        failure_code: (pay_status == "PAY_CANCEL").then(|| "PAY_CANCEL".to_owned()),
        cancel_ids: refunds
            .iter()
            .filter_map(|t| t.get("transactionId").and_then(Value::as_str))
            .map(str::to_owned)
            .collect(),
    })
}

/// A refund's `refundNo` (≤ 36 characters, unique per merchant) from the cancel's
/// idempotency key: the same intended refund sends the same number, so Toss Pay refunds once
/// (`idempotent: true`, its default).
fn refund_no(idempotency_key: &str) -> String {
    format!("r{}", &sha256_hex(idempotency_key)[..32])
}

/// A refund reason as Toss Pay takes it (docs-pay refunds: Korean, digits, letters and
/// `_-:.^@()[]#/!%?&`; at most 255): other characters become `_`.
pub fn refund_reason(reason: &str) -> String {
    reason
        .chars()
        .map(|c| if refund_reason_allows(c) { c } else { '_' })
        .take(REFUND_REASON_MAX)
        .collect()
}

#[async_trait]
impl PaymentProvider for TossPay {
    fn id(&self) -> ProviderId {
        ProviderId::tosspay()
    }

    /// `POST /api/v2/execute` with the order number (Toss Pay fails a different one). The
    /// execute answer carries no status, so the payment is read back with the status API.
    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError> {
        self.client
            .execute(approval.payment.as_str(), approval.order_id.as_str())
            .await?;
        self.lookup(approval.payment).await
    }

    /// `POST /api/v2/status`.
    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError> {
        ledger_payment(&self.client.status(payment.as_str()).await?, self.id())
    }

    /// `POST /api/v2/refunds`, then the status.
    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError> {
        self.client
            .refund(
                payment.as_str(),
                &refund_no(cancel.idempotency_key),
                cancel.amount,
                &refund_reason(cancel.reason),
            )
            .await?;
        self.lookup(payment).await
    }

    /// The `resultCallback` (`{status, payToken, orderNo, amount, …}`): only its `payToken`
    /// is read; the payment is then looked up (no signature is documented for it).
    fn webhook_subject(&self, body: &Value) -> WebhookSubject {
        match body
            .get("payToken")
            .and_then(Value::as_str)
            .map(PaymentId::parse)
        {
            Some(Ok(id)) => WebhookSubject::Payment(id),
            Some(Err(_)) => WebhookSubject::Ignore("ignored: malformed payToken".to_owned()),
            None => WebhookSubject::Ignore("ignored: no payToken".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_status_maps_onto_an_order_state() {
        let cases = [
            ("PAY_STANDBY", 0, None),
            ("PAY_APPROVED", 0, None),
            ("PAY_CANCEL", 0, Some(OrderStatus::Failed)),
            ("PAY_PROGRESS", 0, None),
            ("PAY_COMPLETE", 23_000, Some(OrderStatus::Paid)),
            ("REFUND_PROGRESS", 23_000, None),
            (
                "REFUND_SUCCESS",
                20_000,
                Some(OrderStatus::PartiallyCancelled),
            ),
            ("REFUND_SUCCESS", 0, Some(OrderStatus::Cancelled)),
            ("SETTLEMENT_COMPLETE", 23_000, Some(OrderStatus::Paid)),
            (
                "SETTLEMENT_REFUND_COMPLETE",
                0,
                Some(OrderStatus::Cancelled),
            ),
        ];
        for (status, refundable, expected) in cases {
            assert_eq!(status_for(status, refundable), expected, "{status}");
        }
    }

    #[test]
    fn refund_numbers_and_reasons_keep_toss_pays_limits() {
        let n = refund_no("cancel-click-1");
        assert_eq!(n.len(), 33);
        assert_eq!(n, refund_no("cancel-click-1"));
        assert_ne!(n, refund_no("cancel-click-2"));
        assert_eq!(refund_reason("사이즈 교환 (M→L)"), "사이즈_교환_(M_L)");
    }
}
