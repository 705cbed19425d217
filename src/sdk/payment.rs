//! The standard payment window and billing auth: `payment({customerKey})`.

use super::bindings::PaymentObject;
use super::{BillingAuthRequest, PaymentWindowRequest, SdkError, settle, to_js};

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

    /// Opens card (or account) registration for automatic billing. On success the browser
    /// leaves for the successUrl with `customerKey` and `authKey`.
    pub async fn request_billing_auth(&self, request: &BillingAuthRequest) -> Result<(), SdkError> {
        settle(self.inner.request_billing_auth(&to_js(request)))
            .await
            .map(drop)
    }
}
