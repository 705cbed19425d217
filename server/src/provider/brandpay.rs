//! Toss BrandPay as a [`PaymentProvider`]: the merchant-branded wallet of the V2 SDK's
//! `brandpay()` (and of the widget's BrandPay option). Its payments live in Toss's Core API
//! like any other (query, cancel, webhooks on Toss's route); only the approval differs:
//! `POST /v1/brandpay/payments/confirm` with the paying customer's key (BrandPay API reference;
//! Toss's sample `express-javascript/server.js`, `/confirm/brandpay`). The customer key is the
//! stored order's, never the browser's.

use async_trait::async_trait;
use leptos_tosspayments::PaymentKey;
use serde_json::Value;

use super::toss::{TossCore, ledger_payment};
use super::{
    Approval, CancelRequest, PaymentId, PaymentProvider, ProviderError, ProviderId,
    ProviderPayment, WebhookSubject,
};
use crate::toss::TossClient;

/// Toss BrandPay.
#[derive(Debug, Clone)]
pub struct TossBrandpay {
    client: TossClient,
    core: TossCore,
}

impl TossBrandpay {
    /// The provider over `client`.
    pub fn new(client: TossClient) -> Self {
        TossBrandpay {
            core: TossCore::new(client.clone()),
            client,
        }
    }

    /// Its name in the ledger (`orders.provider`): [`ProviderId::TOSS_BRANDPAY`].
    pub fn id() -> ProviderId {
        ProviderId::toss_brandpay()
    }

    /// A Core API answer, as this provider's.
    fn own(mut payment: ProviderPayment) -> ProviderPayment {
        payment.provider = Self::id();
        payment
    }
}

#[async_trait]
impl PaymentProvider for TossBrandpay {
    fn id(&self) -> ProviderId {
        TossBrandpay::id()
    }

    /// `POST /v1/brandpay/payments/confirm` for the order's customer.
    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError> {
        let key =
            PaymentKey::parse(approval.payment.as_str()).map_err(|e| ProviderError::NotFound {
                provider: Self::id(),
                code: "NOT_FOUND_PAYMENT".to_owned(),
                message: e.to_string(),
            })?;
        let payment = self
            .client
            .brandpay_confirm(
                &key,
                approval.order_id,
                approval.amount,
                approval.customer_key,
                approval.idempotency_key,
            )
            .await?;
        ledger_payment(payment).map(Self::own)
    }

    /// `GET /v1/payments/{paymentKey}`, as for any Toss payment.
    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError> {
        self.core.lookup(payment).await.map(Self::own)
    }

    /// `POST /v1/payments/{paymentKey}/cancel` ("결제 취소 API를 사용하세요": BrandPay reference).
    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError> {
        self.core.cancel(payment, cancel).await.map(Self::own)
    }

    /// Toss's webhooks, read as Toss's.
    fn webhook_subject(&self, body: &Value) -> WebhookSubject {
        self.core.webhook_subject(body)
    }

    /// BrandPay's webhooks are Toss's: they arrive on Toss's route.
    fn webhooks_via(&self) -> ProviderId {
        ProviderId::toss()
    }
}
