//! The raw wasm-bindgen view of the SDK's objects. Every method is `catch`: the SDK throws
//! synchronously for some errors and rejects its promise for others.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The object `TossPayments(clientKey)` returns.
    #[derive(Clone)]
    pub type TossPaymentsObject;
    /// `widgets({customerKey})`.
    #[wasm_bindgen(method, catch)]
    pub fn widgets(this: &TossPaymentsObject, params: &JsValue) -> Result<WidgetsObject, JsValue>;
    /// `payment({customerKey})`.
    #[wasm_bindgen(method, catch)]
    pub fn payment(this: &TossPaymentsObject, params: &JsValue) -> Result<PaymentObject, JsValue>;
    /// `brandpay({customerKey, redirectUrl})`.
    #[wasm_bindgen(method, catch)]
    pub fn brandpay(this: &TossPaymentsObject, params: &JsValue)
    -> Result<BrandpayObject, JsValue>;

    /// BrandPay (`TossPaymentsBrandpay` of the d.ts).
    #[derive(Clone)]
    pub type BrandpayObject;
    /// `requestPayment(request)`.
    #[wasm_bindgen(method, catch, js_name = requestPayment)]
    pub fn request_payment(this: &BrandpayObject, request: &JsValue) -> Result<JsValue, JsValue>;
    /// `addPaymentMethod()`.
    #[wasm_bindgen(method, catch, js_name = addPaymentMethod)]
    pub fn add_payment_method(this: &BrandpayObject) -> Result<JsValue, JsValue>;
    /// `changePassword()`.
    #[wasm_bindgen(method, catch, js_name = changePassword)]
    pub fn change_password(this: &BrandpayObject) -> Result<JsValue, JsValue>;
    /// `openSettings()`.
    #[wasm_bindgen(method, catch, js_name = openSettings)]
    pub fn open_settings(this: &BrandpayObject) -> Result<JsValue, JsValue>;
    /// `changeOneTouchPay()`.
    #[wasm_bindgen(method, catch, js_name = changeOneTouchPay)]
    pub fn change_one_touch_pay(this: &BrandpayObject) -> Result<JsValue, JsValue>;
    /// `isOneTouchPayEnabled()`.
    #[wasm_bindgen(method, catch, js_name = isOneTouchPayEnabled)]
    pub fn is_one_touch_pay_enabled(this: &BrandpayObject) -> Result<JsValue, JsValue>;
    /// `requestBillingAuth()`.
    #[wasm_bindgen(method, catch, js_name = requestBillingAuth)]
    pub fn request_billing_auth(this: &BrandpayObject) -> Result<JsValue, JsValue>;

    /// The payment widget.
    #[derive(Clone)]
    pub type WidgetsObject;
    /// `setAmount({value, currency})`.
    #[wasm_bindgen(method, catch, js_name = setAmount)]
    pub fn set_amount(this: &WidgetsObject, amount: &JsValue) -> Result<JsValue, JsValue>;
    /// `renderPaymentMethods({selector, variantKey})`.
    #[wasm_bindgen(method, catch, js_name = renderPaymentMethods)]
    pub fn render_payment_methods(
        this: &WidgetsObject,
        params: &JsValue,
    ) -> Result<JsValue, JsValue>;
    /// `renderAgreement({selector, variantKey})`.
    #[wasm_bindgen(method, catch, js_name = renderAgreement)]
    pub fn render_agreement(this: &WidgetsObject, params: &JsValue) -> Result<JsValue, JsValue>;
    /// `requestPayment(request)`.
    #[wasm_bindgen(method, catch, js_name = requestPayment)]
    pub fn request_payment(this: &WidgetsObject, request: &JsValue) -> Result<JsValue, JsValue>;

    /// A rendered widget (payment methods or agreement).
    #[derive(Clone)]
    pub type RenderedWidgetObject;
    /// `on(eventName, callback)`.
    #[wasm_bindgen(method, catch)]
    pub fn on(
        this: &RenderedWidgetObject,
        event: &str,
        callback: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;
    /// `getSelectedPaymentMethod()` (payment methods widget only).
    #[wasm_bindgen(method, catch, js_name = getSelectedPaymentMethod)]
    pub fn get_selected_payment_method(this: &RenderedWidgetObject) -> Result<JsValue, JsValue>;
    /// `destroy()`.
    #[wasm_bindgen(method, catch)]
    pub fn destroy(this: &RenderedWidgetObject) -> Result<JsValue, JsValue>;

    /// The standard payment window.
    #[derive(Clone)]
    pub type PaymentObject;
    /// `requestPayment(request)`.
    #[wasm_bindgen(method, catch, js_name = requestPayment)]
    pub fn request_payment(this: &PaymentObject, request: &JsValue) -> Result<JsValue, JsValue>;
    /// `requestBillingAuth(request)`.
    #[wasm_bindgen(method, catch, js_name = requestBillingAuth)]
    pub fn request_billing_auth(
        this: &PaymentObject,
        request: &JsValue,
    ) -> Result<JsValue, JsValue>;
    /// `destroy()`.
    #[wasm_bindgen(method, catch)]
    pub fn destroy(this: &PaymentObject) -> Result<JsValue, JsValue>;
}
