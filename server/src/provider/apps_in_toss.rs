//! Toss Pay inside the Toss app (Apps-in-Toss' partner API) as a [`PaymentProvider`]. The
//! payments are Toss Pay's (the same statuses and status fields, read with
//! [`super::tosspay`]'s mapping), but each belongs to one Toss user, whose `userKey` every call
//! carries: the ledger's payment id is therefore the pair, `{userKey}~{payToken}`, so that the
//! reconciler can look a payment up with nothing else. Refunds are of everything that remains,
//! once (the API takes no amount and no `refundNo`). No callback is sent.
//!
//! Source: the Apps-in-Toss Toss Pay develop guide and API reference
//! (`docs/research/tosspay-and-apps-in-toss.md` §2.5); seed 004's server example (which checks a
//! `status === 'DONE'`) describes another API and is not followed.

use async_trait::async_trait;
use serde_json::Value;

use super::tosspay::{ledger_payment, provider_error};
use super::{
    Approval, CancelRequest, PaymentId, PaymentProvider, ProviderError, ProviderId,
    ProviderPayment, WebhookSubject,
};
use crate::apps_in_toss::{PartnerClient, TossUserKey};
use crate::tosspay::TossPayError;

/// An in-app payment: whose, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InAppPayment {
    /// The Toss user it is made for.
    pub user: TossUserKey,
    /// Toss Pay's payment.
    pub pay_token: String,
}

impl InAppPayment {
    /// The ledger's id of it: `{userKey}~{payToken}`.
    pub fn payment_id(&self) -> Result<PaymentId, String> {
        PaymentId::parse(&format!("{}~{}", self.user.as_str(), self.pay_token))
            .map_err(|e| format!("Toss Pay's payToken is unusable: {e}"))
    }

    /// The payment a ledger id names.
    pub fn from_payment_id(id: &PaymentId) -> Result<InAppPayment, ProviderError> {
        let unusable = || ProviderError::NotFound {
            provider: ProviderId::apps_in_toss(),
            code: "INVALID_PAYMENT_ID".to_owned(),
            message: "not an Apps-in-Toss payment id ({userKey}~{payToken})".to_owned(),
        };
        let (user, pay_token) = id.as_str().split_once('~').ok_or_else(unusable)?;
        Ok(InAppPayment {
            user: TossUserKey::parse(user).map_err(|_| unusable())?,
            pay_token: pay_token.to_owned(),
        })
    }
}

/// Apps-in-Toss' Toss Pay.
#[derive(Debug, Clone)]
pub struct AppsInToss {
    client: PartnerClient,
}

impl AppsInToss {
    /// The provider over `client`.
    pub fn new(client: PartnerClient) -> Self {
        AppsInToss { client }
    }
}

fn failed(e: TossPayError) -> ProviderError {
    provider_error(e, ProviderId::apps_in_toss())
}

impl AppsInToss {
    /// The status, in the ledger's terms, under the ledger's id.
    async fn status(&self, payment: &InAppPayment) -> Result<ProviderPayment, ProviderError> {
        let status: Value = self
            .client
            .status(&payment.user, &payment.pay_token)
            .await
            .map_err(failed)?;
        let mut found = ledger_payment(&status, self.id())?;
        found.payment_id = payment
            .payment_id()
            .map_err(|detail| ProviderError::InDoubt {
                provider: self.id(),
                code: None,
                detail,
            })?;
        Ok(found)
    }
}

#[async_trait]
impl PaymentProvider for AppsInToss {
    fn id(&self) -> ProviderId {
        ProviderId::apps_in_toss()
    }

    /// `execute-payment` with the order number, then the status (the execute answer is not
    /// the payment's state).
    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError> {
        let payment = InAppPayment::from_payment_id(approval.payment)?;
        self.client
            .execute(
                &payment.user,
                &payment.pay_token,
                approval.order_id.as_str(),
            )
            .await
            .map_err(failed)?;
        self.status(&payment).await
    }

    /// `get-payment-status`.
    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError> {
        self.status(&InAppPayment::from_payment_id(payment)?).await
    }

    /// `refund-payment`, of everything that remains. The status is read first: a part is
    /// refused (the API cannot refund one), and a payment already refunded is answered as it
    /// is, so a retried cancel refunds once.
    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError> {
        let in_app = InAppPayment::from_payment_id(payment)?;
        let before = self.status(&in_app).await?;
        if before.balance == 0 {
            return Ok(before);
        }
        if cancel.amount.is_some_and(|amount| amount < before.balance) {
            return Err(ProviderError::Refused {
                provider: self.id(),
                code: "PARTIAL_REFUND_NOT_SUPPORTED".to_owned(),
                message: "Apps-in-Toss refunds only everything that remains".to_owned(),
            });
        }
        self.client
            .refund(&in_app.user, &in_app.pay_token, cancel.reason)
            .await
            .map_err(failed)?;
        self.status(&in_app).await
    }

    /// No callback is documented for in-app payments: whatever arrives is ignored (the
    /// reconciler reads the status instead).
    fn webhook_subject(&self, _: &Value) -> WebhookSubject {
        WebhookSubject::Ignore("ignored: Apps-in-Toss sends no callbacks".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_id_holds_the_user_and_the_pay_token() {
        let payment = InAppPayment {
            user: TossUserKey::parse("443731104").unwrap(),
            pay_token: "O1NZck9XME8ureeVJVJP67".to_owned(),
        };
        let id = payment.payment_id().unwrap();
        assert_eq!(id.as_str(), "443731104~O1NZck9XME8ureeVJVJP67");
        assert_eq!(InAppPayment::from_payment_id(&id).unwrap(), payment);
        let web = PaymentId::parse("O1NZck9XME8ureeVJVJP67").unwrap();
        assert!(
            InAppPayment::from_payment_id(&web)
                .unwrap_err()
                .is_not_found()
        );
    }
}
