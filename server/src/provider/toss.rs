//! Toss's Core API as a [`PaymentProvider`]: the widget's and the payment window's payments
//! (confirm, query, cancel) and Toss's webhooks. Billing charges ([`crate::billing`]) use the
//! same client and the same conversion ([`ledger_payment`]).

use async_trait::async_trait;
use leptos_tosspayments::domain::server_api::OrderStatus;
use leptos_tosspayments::{OrderId, PaymentKey, PaymentStatus};
use serde_json::Value;

use super::{
    Approval, CancelRequest, PaymentId, PaymentProvider, ProviderError, ProviderId,
    ProviderPayment, VirtualAccount, WebhookSubject,
};
use crate::toss::{CancelBody, Payment, TossClient, TossCode, TossError};

/// Toss's Core API (`https://api.tosspayments.com`, or the sandbox).
#[derive(Debug, Clone)]
pub struct TossCore {
    client: TossClient,
}

impl TossCore {
    /// The provider over `client`.
    pub fn new(client: TossClient) -> Self {
        TossCore { client }
    }
}

/// The `paymentKey` a payment id must be for Toss.
fn payment_key(id: &PaymentId) -> Result<PaymentKey, ProviderError> {
    PaymentKey::parse(id.as_str()).map_err(|e| ProviderError::NotFound {
        provider: ProviderId::toss(),
        code: "NOT_FOUND_PAYMENT".to_owned(),
        message: e.to_string(),
    })
}

impl From<TossError> for ProviderError {
    /// Toss's `NOT_FOUND_PAYMENT` is "no such payment"; [`TossError::is_in_doubt`] decides
    /// what may have happened anyway; everything else is a refusal.
    fn from(e: TossError) -> Self {
        let provider = ProviderId::toss();
        let not_found = e.toss_code() == Some(TossCode::NotFoundPayment);
        if let TossError::Api { code, message, .. } = &e
            && not_found
        {
            return ProviderError::NotFound {
                provider,
                code: code.clone(),
                message: message.clone(),
            };
        }
        if e.is_in_doubt() {
            return ProviderError::InDoubt {
                provider,
                code: e.code().map(str::to_owned),
                detail: e.to_string(),
            };
        }
        match e {
            TossError::Api { code, message, .. } => ProviderError::Refused {
                provider,
                code,
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

/// The order status Toss's payment status means, if it settles anything.
///
/// At a virtual account's deadline Toss leaves the payment `WAITING_FOR_DEPOSIT` and sends no
/// webhook (웹훅 이벤트: "입금 기한 만료 → WAITING_FOR_DEPOSIT", noWebhook), and a deposit after
/// it fails ("`dueDate`이 지난 시점에 입금을 시도하면 실패합니다"). So a waiting payment whose
/// account is `expired`, or whose `dueDate` has passed, means an expired order.
pub fn status_for(payment: &Payment) -> Option<OrderStatus> {
    Some(match payment.status {
        PaymentStatus::Done => OrderStatus::Paid,
        PaymentStatus::WaitingForDeposit if deadline_passed(payment) => OrderStatus::Expired,
        PaymentStatus::WaitingForDeposit => OrderStatus::WaitingForDeposit,
        PaymentStatus::PartialCanceled => OrderStatus::PartiallyCancelled,
        PaymentStatus::Canceled => OrderStatus::Cancelled,
        PaymentStatus::Aborted => OrderStatus::Failed,
        PaymentStatus::Expired => OrderStatus::Expired,
        _ => return None,
    })
}

/// Whether a virtual account's deadline has passed: Toss says `expired`, or its `dueDate`
/// (RFC 3339, `2024-02-28T23:59:59+09:00`) is behind us.
fn deadline_passed(payment: &Payment) -> bool {
    let Some(va) = &payment.virtual_account else {
        return false;
    };
    va.expired
        || time::OffsetDateTime::parse(&va.due_date, &time::format_description::well_known::Rfc3339)
            .is_ok_and(|due| due <= time::OffsetDateTime::now_utc())
}

/// Toss's Payment object in the ledger's terms.
pub fn ledger_payment(payment: Payment) -> Result<ProviderPayment, ProviderError> {
    let settled = status_for(&payment);
    let payment_id =
        PaymentId::parse(&payment.payment_key).map_err(|e| ProviderError::InDoubt {
            provider: ProviderId::toss(),
            code: None,
            detail: format!("Toss sent a payment with an unusable paymentKey: {e}"),
        })?;
    Ok(ProviderPayment {
        provider: ProviderId::toss(),
        payment_id,
        order_id: payment.order_id,
        settled,
        provider_status: format!("toss status {}", payment.status),
        currency: payment.currency,
        total_amount: payment.total_amount,
        balance: payment.balance_amount,
        method: payment.method.filter(|m| !m.is_empty()),
        approved_at: payment.approved_at,
        virtual_account: payment.virtual_account.map(|va| VirtualAccount {
            bank: va.bank_code,
            account_number: va.account_number,
            due: va.due_date,
        }),
        deposit_secret: payment.secret,
        failure_code: payment
            .failure
            .as_ref()
            .and_then(|f| f.get("code"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        cancel_ids: payment
            .cancels
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.transaction_key)
            .collect(),
    })
}

#[async_trait]
impl PaymentProvider for TossCore {
    fn id(&self) -> ProviderId {
        ProviderId::toss()
    }

    /// `POST /v1/payments/confirm`.
    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError> {
        let key = payment_key(approval.payment)?;
        let payment = self
            .client
            .confirm(
                &key,
                approval.order_id,
                approval.amount,
                approval.idempotency_key,
            )
            .await?;
        ledger_payment(payment)
    }

    /// `GET /v1/payments/{paymentKey}`.
    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError> {
        let key = payment_key(payment)?;
        ledger_payment(self.client.payment(&key).await?)
    }

    /// `POST /v1/payments/{paymentKey}/cancel`.
    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError> {
        let key = payment_key(payment)?;
        let body = CancelBody {
            cancel_reason: cancel.reason.to_owned(),
            cancel_amount: cancel.amount,
            refund_receive_account: cancel.refund_account.as_ref().map(|a| {
                serde_json::json!({
                    "bank": a.bank, "accountNumber": a.account_number, "holderName": a.holder_name,
                })
            }),
        };
        let payment = self
            .client
            .cancel(&key, &body, cancel.idempotency_key)
            .await?;
        ledger_payment(payment)
    }

    /// Toss's webhooks (웹훅 이벤트 page):
    ///
    /// * `PAYMENT_STATUS_CHANGED` (`data` is a Payment): only `data.paymentKey` is read. Toss
    ///   sends it for every status change, cancels and partial cancels included.
    /// * `CANCEL_STATUS_CHANGED` (`data` is a Cancel object; sent only for foreign easy-pay
    ///   cancels): `data.transactionKey`. A body with a `data.paymentKey` is read like
    ///   `PAYMENT_STATUS_CHANGED`.
    /// * `DEPOSIT_CALLBACK` (flat, no `eventType`): `orderId` and `secret`.
    fn webhook_subject(&self, body: &Value) -> WebhookSubject {
        match body.get("eventType").and_then(Value::as_str) {
            Some("CANCEL_STATUS_CHANGED") if body.pointer("/data/paymentKey").is_none() => {
                const KIND: &str = "CANCEL_STATUS_CHANGED";
                let Some(tx) = body.pointer("/data/transactionKey").and_then(Value::as_str) else {
                    return WebhookSubject::Ignore(format!(
                        "ignored {KIND}: no data.transactionKey"
                    ));
                };
                if tx.is_empty() || tx.len() > 200 || !tx.chars().all(|c| c.is_ascii_graphic()) {
                    return WebhookSubject::Ignore(format!(
                        "ignored {KIND}: malformed transactionKey"
                    ));
                }
                WebhookSubject::Cancel(tx.to_owned())
            }
            Some(kind @ ("PAYMENT_STATUS_CHANGED" | "CANCEL_STATUS_CHANGED")) => {
                let Some(key) = body.pointer("/data/paymentKey").and_then(Value::as_str) else {
                    return WebhookSubject::Ignore(format!("ignored {kind}: no data.paymentKey"));
                };
                match PaymentKey::parse(key)
                    .ok()
                    .and_then(|k| PaymentId::parse(k.as_str()).ok())
                {
                    Some(id) => WebhookSubject::Payment(id),
                    None => WebhookSubject::Ignore(format!("ignored {kind}: malformed paymentKey")),
                }
            }
            Some(other) => WebhookSubject::Ignore(format!("ignored event {other}")),
            None => {
                let (Some(order_id), Some(secret)) = (
                    body.get("orderId").and_then(Value::as_str),
                    body.get("secret").and_then(Value::as_str),
                ) else {
                    return WebhookSubject::Ignore(
                        "ignored: neither an event nor a DEPOSIT_CALLBACK".to_owned(),
                    );
                };
                // Parsed before it reaches storage: no order has an id that is not an OrderId
                // (and PostgreSQL refuses text with a NUL, which would otherwise retry forever).
                match OrderId::parse(order_id) {
                    Ok(order_id) => WebhookSubject::Deposit {
                        order_id,
                        secret: secret.to_owned(),
                    },
                    Err(_) => WebhookSubject::Ignore(
                        "ignored DEPOSIT_CALLBACK: malformed orderId".to_owned(),
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, code: &str) -> TossError {
        TossError::Api {
            status,
            code: code.to_owned(),
            message: "m".to_owned(),
        }
    }

    #[test]
    fn tosss_errors_become_the_ledgers_three_cases() {
        assert!(ProviderError::from(error(404, "NOT_FOUND_PAYMENT")).is_not_found());
        assert!(ProviderError::from(error(500, "UNKNOWN_PAYMENT_ERROR")).is_in_doubt());
        assert!(ProviderError::from(error(409, "IDEMPOTENT_REQUEST_PROCESSING")).is_in_doubt());
        assert!(ProviderError::from(TossError::Timeout).is_in_doubt());
        let refused = ProviderError::from(error(400, "REJECT_CARD_PAYMENT"));
        assert!(!refused.is_in_doubt() && !refused.is_not_found());
        assert_eq!(refused.code(), Some("REJECT_CARD_PAYMENT"));
    }

    #[test]
    fn webhooks_name_a_payment_a_cancel_or_a_deposit() {
        let toss = TossCore::new(TossClient::new(
            "http://127.0.0.1:9",
            &leptos_tosspayments::SecretKey::parse("test_sk_x").unwrap(),
            std::time::Duration::from_secs(1),
        ));
        let payment = serde_json::json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": "pk_1"}});
        assert_eq!(
            toss.webhook_subject(&payment),
            WebhookSubject::Payment(PaymentId::parse("pk_1").unwrap())
        );
        let dots = serde_json::json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": ".."}});
        assert!(matches!(
            toss.webhook_subject(&dots),
            WebhookSubject::Ignore(_)
        ));
        let cancel = serde_json::json!({"eventType": "CANCEL_STATUS_CHANGED", "data": {"transactionKey": "tx_1"}});
        assert_eq!(
            toss.webhook_subject(&cancel),
            WebhookSubject::Cancel("tx_1".to_owned())
        );
        let deposit =
            serde_json::json!({"orderId": "order-123456", "secret": "s", "status": "DONE"});
        assert!(matches!(
            toss.webhook_subject(&deposit),
            WebhookSubject::Deposit { .. }
        ));
    }
}
