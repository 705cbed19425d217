//! The standard payment window and billing auth: `payment({customerKey})`.

use super::bindings::PaymentObject;
use super::{
    BillingAuthRequest, PaymentResult, PaymentWindowRequest, Promise, SdkError, settle, to_js,
};

/// The object `payment({customerKey})` returns.
#[derive(Clone)]
pub struct PaymentWindow {
    inner: PaymentObject,
}

impl std::fmt::Debug for PaymentWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaymentWindow")
    }
}

impl PaymentWindow {
    pub(super) fn new(inner: PaymentObject) -> Self {
        PaymentWindow { inner }
    }

    /// Opens the payment window for a method. On success the browser leaves for the
    /// successUrl; this returns only with an error.
    pub async fn request_payment(&self, request: &PaymentWindowRequest) -> Result<(), SdkError> {
        settle(self.inner.request_payment(&to_js(request)))
            .await
            .map(drop)
    }

    /// Opens the payment window in promise form: resolves with the payment to confirm,
    /// without leaving the page.
    pub async fn request_payment_promise(
        &self,
        request: &PaymentWindowRequest<Promise>,
    ) -> Result<PaymentResult, SdkError> {
        let value = settle(self.inner.request_payment(&to_js(request))).await?;
        super::result::read(&value)
    }

    /// `destroy()`: closes the open window (its pending `requestPayment` rejects; d.ts:
    /// `PaymentRequestAbortedError`) and frees the SDK's launcher. The d.ts says both that it
    /// throws `NoActivePaymentRequestError` with nothing open and that it is then safe to call;
    /// which holds is not confirmed (`sandbox/CONFORMANCE.md`).
    pub async fn destroy(&self) -> Result<(), SdkError> {
        settle(self.inner.destroy()).await.map(drop)
    }

    /// Opens card (or account) registration for automatic billing. On success the browser
    /// leaves for the successUrl with `customerKey` and `authKey`.
    pub async fn request_billing_auth(&self, request: &BillingAuthRequest) -> Result<(), SdkError> {
        settle(self.inner.request_billing_auth(&to_js(request)))
            .await
            .map(drop)
    }
}
