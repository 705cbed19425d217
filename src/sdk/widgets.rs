//! The payment widget: `setAmount`, `renderPaymentMethods`, `renderAgreement`,
//! `requestPayment`.

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::bindings::{RenderedWidgetObject, WidgetsObject};
use super::{PaymentResult, Promise, SdkError, WidgetPaymentRequest, settle, to_js};
use crate::Amount;
use crate::from_js::{Fields, FromJs, FromJsError};

/// The object `widgets({customerKey})` returns.
#[derive(Clone)]
pub struct Widgets {
    inner: WidgetsObject,
}

impl std::fmt::Debug for Widgets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Widgets")
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RenderParams<'a> {
    selector: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant_key: Option<&'a str>,
}

impl Widgets {
    pub(super) fn new(inner: WidgetsObject) -> Self {
        Widgets { inner }
    }

    /// `setAmount`: must come before rendering and again whenever the amount changes.
    pub async fn set_amount(&self, amount: Amount) -> Result<(), SdkError> {
        settle(self.inner.set_amount(&to_js(&amount)))
            .await
            .map(drop)
    }

    /// Renders the payment-method list into the element `selector` names.
    pub async fn render_payment_methods(
        &self,
        selector: &str,
        variant_key: Option<&str>,
    ) -> Result<PaymentMethodsWidget, SdkError> {
        let params = to_js(&RenderParams {
            selector,
            variant_key,
        });
        let w = settle(self.inner.render_payment_methods(&params)).await?;
        Ok(PaymentMethodsWidget {
            inner: RenderedWidget::new(w),
        })
    }

    /// Renders the terms agreement into the element `selector` names.
    pub async fn render_agreement(
        &self,
        selector: &str,
        variant_key: Option<&str>,
    ) -> Result<AgreementWidget, SdkError> {
        let params = to_js(&RenderParams {
            selector,
            variant_key,
        });
        let w = settle(self.inner.render_agreement(&params)).await?;
        Ok(AgreementWidget {
            inner: RenderedWidget::new(w),
        })
    }

    /// `requestPayment` in redirect mode: on success the browser leaves for the successUrl,
    /// so this returns only with an error (or, for a window the buyer closes, `USER_CANCEL`).
    pub async fn request_payment(&self, request: &WidgetPaymentRequest) -> Result<(), SdkError> {
        settle(self.inner.request_payment(&to_js(request)))
            .await
            .map(drop)
    }

    /// `requestPayment` in promise form: resolves with the payment to confirm (its
    /// `paymentType` says whether it is BrandPay's), without leaving the page.
    pub async fn request_payment_promise(
        &self,
        request: &WidgetPaymentRequest<Promise>,
    ) -> Result<PaymentResult, SdkError> {
        let value = settle(self.inner.request_payment(&to_js(request))).await?;
        super::result::read(&value)
    }
}

/// A rendered widget and the JS callbacks it holds.
struct RenderedWidget {
    inner: RenderedWidgetObject,
    listeners: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl RenderedWidget {
    fn new(value: JsValue) -> Self {
        RenderedWidget {
            inner: value.unchecked_into(),
            listeners: Vec::new(),
        }
    }

    fn on(&mut self, event: &str, f: impl FnMut(JsValue) + 'static) -> Result<(), SdkError> {
        let closure = Closure::<dyn FnMut(JsValue)>::new(f);
        self.inner
            .on(event, closure.as_ref().unchecked_ref())
            .map_err(SdkError::from_js)?;
        self.listeners.push(closure);
        Ok(())
    }

    async fn destroy(&self) -> Result<(), SdkError> {
        settle(self.inner.destroy()).await.map(drop)
    }

    fn destroy_promise(&self) -> js_sys::Promise {
        match self.inner.destroy() {
            Ok(v) => v
                .dyn_into::<js_sys::Promise>()
                .unwrap_or_else(|v| js_sys::Promise::resolve(&v)),
            Err(e) => js_sys::Promise::reject(&e),
        }
    }
}

/// The rendered payment-method list.
pub struct PaymentMethodsWidget {
    inner: RenderedWidget,
}

impl std::fmt::Debug for PaymentMethodsWidget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaymentMethodsWidget")
    }
}

/// `paymentMethodSelect`'s payload and `getSelectedPaymentMethod()`'s answer: `{code}`.
fn method_code(value: &JsValue) -> Option<String> {
    Fields::of(value, "method").ok()?.string("code").ok()
}

impl PaymentMethodsWidget {
    /// Calls `f` with the method code (`CARD`, `VIRTUAL_ACCOUNT`, `TOSSPAY`, …) whenever the
    /// buyer picks one (`paymentMethodSelect`). The callback lives as long as this widget.
    pub fn on_payment_method_select(
        &mut self,
        mut f: impl FnMut(String) + 'static,
    ) -> Result<(), SdkError> {
        self.inner.on("paymentMethodSelect", move |v| {
            if let Some(code) = method_code(&v) {
                f(code);
            }
        })
    }

    /// The method selected now, if any.
    pub async fn selected_payment_method(&self) -> Result<Option<String>, SdkError> {
        let v = settle(self.inner.inner.get_selected_payment_method()).await?;
        Ok(method_code(&v))
    }

    /// `destroy()`: removes the widget so it can be rendered again.
    pub async fn destroy(&self) -> Result<(), SdkError> {
        self.inner.destroy().await
    }

    /// Starts `destroy()` and returns its promise (for cleanup code that cannot await).
    pub fn destroy_promise(&self) -> js_sys::Promise {
        self.inner.destroy_promise()
    }
}

/// `agreementStatusChange`'s payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementStatus {
    /// Whether every required term is agreed (`agreedRequiredTerms`).
    pub agreed_required_terms: bool,
}

impl FromJs for AgreementStatus {
    fn from_js(value: &JsValue) -> Result<Self, FromJsError> {
        let f = Fields::of(value, "agreementStatus")?;
        Ok(AgreementStatus {
            agreed_required_terms: f.bool("agreedRequiredTerms")?,
        })
    }
}

/// The rendered terms agreement.
pub struct AgreementWidget {
    inner: RenderedWidget,
}

impl std::fmt::Debug for AgreementWidget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AgreementWidget")
    }
}

impl AgreementWidget {
    /// Calls `f` whenever the buyer ticks or unticks a term (`agreementStatusChange`).
    pub fn on_agreement_status_change(
        &mut self,
        mut f: impl FnMut(AgreementStatus) + 'static,
    ) -> Result<(), SdkError> {
        self.inner.on("agreementStatusChange", move |v| {
            if let Ok(s) = AgreementStatus::from_js(&v) {
                f(s);
            }
        })
    }

    /// `destroy()`.
    pub async fn destroy(&self) -> Result<(), SdkError> {
        self.inner.destroy().await
    }

    /// Starts `destroy()` and returns its promise.
    pub fn destroy_promise(&self) -> js_sys::Promise {
        self.inner.destroy_promise()
    }
}
