//! Errors the SDK reports, as Rust values.

use wasm_bindgen::{JsCast, JsValue};

crate::domain::open_enum! {
    /// Every error code the V2 SDK throws (from its source, `@tosspayments/standard-public-interfaces`)
    /// and the codes Toss sends to a failUrl (BrandPay's: the "브랜드페이 전용" table of
    /// `docs.tosspayments.com/sdk/v2/error-codes`). Branch on these, never on the (Korean)
    /// message.
    pub enum SdkErrorCode {
        /// `renderAgreement` on an agreement widget that is already rendered.
        AgreementWidgetAlreadyRendered => "AGREEMENT_WIDGET_ALREADY_RENDERED",
        /// A negative amount.
        BelowZeroAmount => "BELOW_ZERO_AMOUNT",
        /// The custom payment method cannot pay.
        CustomPaymentMethodUnableToPay => "CUSTOM_PAYMENT_METHOD_UNABLE_TO_PAY",
        /// The virtual account's amount limit is exceeded.
        ExceedDepositAmountLimit => "EXCEED_DEPOSIT_AMOUNT_LIMIT",
        /// The due date is too far away.
        ExceedMaxDueDate => "EXCEED_MAX_DUE_DATE",
        /// `failUrl` is not an absolute URL.
        IncorrectFailUrlFormat => "INCORRECT_FAIL_URL_FORMAT",
        /// `pendingUrl` is not an absolute URL.
        IncorrectPendingUrlFormat => "INCORRECT_PENDING_URL_FORMAT",
        /// `successUrl` is not an absolute URL.
        IncorrectSuccessUrlFormat => "INCORRECT_SUCCESS_URL_FORMAT",
        /// A secret key was used in the browser.
        InsecureKeyUsage => "INSECURE_KEY_USAGE",
        /// The currency is not supported.
        InvalidAmountCurrency => "INVALID_AMOUNT_CURRENCY",
        /// The amount is not a valid number.
        InvalidAmountValue => "INVALID_AMOUNT_VALUE",
        /// A bad callback or event name.
        InvalidParameter => "INVALID_PARAMETER",
        /// The client key is malformed or unknown.
        InvalidClientKey => "INVALID_CLIENT_KEY",
        /// The customer key is malformed.
        InvalidCustomerKey => "INVALID_CUSTOMER_KEY",
        /// `metadata` breaks its limits.
        InvalidMetadata => "INVALID_METADATA",
        /// Another SDK call is still running.
        InvalidMethodTransaction => "INVALID_METHOD_TRANSACTION",
        /// A request parameter is invalid.
        InvalidParameters => "INVALID_PARAMETERS",
        /// The container selector matches nothing.
        InvalidSelector => "INVALID_SELECTOR",
        /// The variant key is unknown.
        InvalidVariantKey => "INVALID_VARIANT_KEY",
        /// The buyer has not agreed to the required terms.
        NeedAgreementWithRequiredTerms => "NEED_AGREEMENT_WITH_REQUIRED_TERMS",
        /// Card details are missing.
        NeedCardPaymentDetail => "NEED_CARD_PAYMENT_DETAIL",
        /// Refund account details are missing.
        NeedRefundAccountDetail => "NEED_REFUND_ACCOUNT_DETAIL",
        /// No payment method is selected.
        NotSelectedPaymentMethod => "NOT_SELECTED_PAYMENT_METHOD",
        /// `setAmount` was not called before rendering or requesting.
        NotSetupAmount => "NOT_SETUP_AMOUNT",
        /// `widgets()` with an API-individual (`ck`) key.
        NotSupportedApiIndividualKey => "NOT_SUPPORTED_API_INDIVIDUAL_KEY",
        /// No payment request handler is registered.
        NotRegisteredPaymentRequestHandler => "NOT_REGISTERED_PAYMENT_REQUEST_HANDLER",
        /// Promise mode is not supported here; use successUrl/failUrl.
        NotSupportedPromise => "NOT_SUPPORTED_PROMISE",
        /// `renderPaymentMethods` on a methods widget that is already rendered.
        PaymentMethodsWidgetAlreadyRendered => "PAYMENT_METHODS_WIDGET_ALREADY_RENDERED",
        /// `renderPaymentWindow` on a window that is already rendered.
        PaymentWindowAlreadyRendered => "PAYMENT_WINDOW_ALREADY_RENDERED",
        /// The payment provider is unhealthy.
        ProviderStatusUnhealthy => "PROVIDER_STATUS_UNHEALTHY",
        /// An unknown error.
        Unknown => "UNKNOWN",
        /// The method cannot be tested in the test phase.
        UnsupportedTestPhasePaymentMethod => "UNSUPPORTED_TEST_PHASE_PAYMENT_METHOD",
        /// The buyer closed the payment window.
        UserCancel => "USER_CANCEL",
        /// A V1 method was called on the V2 SDK.
        V1MethodNotSupported => "V1_METHOD_NOT_SUPPORTED",
        /// `payment()`: the method is not supported.
        NotSupportedMethod => "NOT_SUPPORTED_METHOD",
        /// `payment()` or `brandpay()` with a widget (`gck`) key.
        NotSupportedWidgetKey => "NOT_SUPPORTED_WIDGET_KEY",
        /// Brandpay: terms not agreed.
        NeedAgreementWithTerms => "NEED_AGREEMENT_WITH_TERMS",
        /// Brandpay: one-touch not set up for the merchant.
        NeedMerchantOneTouchSetting => "NEED_MERCHANT_ONE_TOUCH_SETTING",
        /// Brandpay: the redirect URL is not registered.
        NotRegisteredRedirectUrl => "NOT_REGISTERED_REDIRECT_URL",
        /// `payment().destroy()` closed the window of a pending `requestPayment` (d.ts
        /// `PaymentRequestAbortedError`; the code string is a guess from the class name: no
        /// Toss source spells it).
        PaymentRequestAborted => "PAYMENT_REQUEST_ABORTED",
        /// `payment().destroy()` with no window open (d.ts `NoActivePaymentRequestError`).
        NoActivePaymentRequest => "NO_ACTIVE_PAYMENT_REQUEST",
        /// BrandPay's failUrl: no registered method (BrandPay's error table).
        NotFoundMethod => "NOT_FOUND_METHOD",
        /// BrandPay's failUrl: the card company failed the payment.
        FailedCardCompany => "FAILED_CARD_COMPANY",
        /// BrandPay's failUrl: the method is under maintenance.
        MaintainedMethod => "MAINTAINED_METHOD",
        /// BrandPay's failUrl: the card is suspended.
        InvalidStoppedCard => "INVALID_STOPPED_CARD",
        /// BrandPay's failUrl: the card's details changed: register it again.
        InvalidCardInfoReRegister => "INVALID_CARD_INFO_RE_REGISTER",
        /// BrandPay's failUrl: the card is reported lost or stolen.
        InvalidCardLostOrStolen => "INVALID_CARD_LOST_OR_STOLEN",
        /// BrandPay's failUrl: the order id was already used.
        DuplicatedOrderId => "DUPLICATED_ORDER_ID",
        /// BrandPay's failUrl: the method is not allowed in BrandPay.
        NotAllowedBrandpayMethod => "NOT_ALLOWED_BRANDPAY_METHOD",
        /// BrandPay's failUrl: the request is invalid.
        InvalidRequest => "INVALID_REQUEST",
        /// BrandPay's failUrl: the BrandPay password was wrong.
        InvalidPassword => "INVALID_PASSWORD",
        /// BrandPay's failUrl: no such BrandPay customer.
        NotFoundCustomer => "NOT_FOUND_CUSTOMER",
        /// BrandPay's failUrl: Toss's storage failed.
        FailedDbProcessing => "FAILED_DB_PROCESSING",
        /// BrandPay's failUrl: the method is not this customer's.
        NotFoundMethodOwnership => "NOT_FOUND_METHOD_OWNERSHIP",
        /// BrandPay's failUrl: no such merchant.
        NotFoundMerchant => "NOT_FOUND_MERCHANT",
        /// BrandPay's failUrl: an unknown payment error.
        UnknownPaymentError => "UNKNOWN_PAYMENT_ERROR",
        /// BrandPay's failUrl: the account may not transfer.
        RestrictedTransferAccount => "RESTRICTED_TRANSFER_ACCOUNT",
        /// BrandPay's failUrl: the customer is dormant or left.
        ForbiddenDormantOrWithdrawalCustomer => "FORBIDDEN_DORMANT_OR_WITHDRAWAL_CUSTOMER",
        /// BrandPay's failUrl: Toss's payment system failed.
        FailedPaymentInternalSystemProcessing => "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
        /// BrandPay's failUrl: a general error.
        CommonError => "COMMON_ERROR",
        /// BrandPay's failUrl: the discount exceeds its maximum.
        InvalidMaximumDiscountAmount => "INVALID_MAXIMUM_DISCOUNT_AMOUNT",
        /// BrandPay's failUrl: no such payment.
        NotFoundPayment => "NOT_FOUND_PAYMENT",
        /// BrandPay's failUrl: a required parameter is missing or invalid.
        InvalidRequiredParam => "INVALID_REQUIRED_PARAM",
        /// BrandPay's failUrl: the payment looks like phishing.
        SuspectedPhishingPayment => "SUSPECTED_PHISHING_PAYMENT",
        /// BrandPay's failUrl: the discount was used too often.
        ExceedMaxDiscountCount => "EXCEED_MAX_DISCOUNT_COUNT",
        /// The V1 SDK is on the page too.
        IncompatibleSdkVersion => "INCOMPATIBLE_SDK_VERSION",
        /// failUrl: the buyer cancelled.
        PayProcessCanceled => "PAY_PROCESS_CANCELED",
        /// failUrl: the payment was aborted.
        PayProcessAborted => "PAY_PROCESS_ABORTED",
        /// failUrl: the card company refused.
        RejectCardCompany => "REJECT_CARD_COMPANY",
    }
}

/// An error thrown or rejected by the SDK: its `code`, its message, and the order id that a
/// `PaymentRequestFailError` carries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} ({code})")]
pub struct SdkError {
    /// What happened; branch on this.
    pub code: SdkErrorCode,
    /// The SDK's message (Korean).
    pub message: String,
    /// The order, for failures of `requestPayment`.
    pub order_id: Option<String>,
}

impl SdkError {
    /// An error with a code and message of our own making (for checks done before the SDK).
    pub fn new(code: SdkErrorCode, message: impl Into<String>) -> Self {
        SdkError {
            code,
            message: message.into(),
            order_id: None,
        }
    }

    /// Reads `{code, message, orderId}` from whatever the SDK threw. Anything without a
    /// `code` (a plain `TypeError`, a string) becomes `UNKNOWN` with its text.
    pub fn from_js(value: JsValue) -> Self {
        let field = |name: &str| {
            js_sys::Reflect::get(&value, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
        };
        let code = field("code")
            .map(|c| SdkErrorCode::from_code(&c))
            .unwrap_or(SdkErrorCode::Unknown);
        let message = field("message")
            .or_else(|| value.as_string())
            .or_else(|| {
                value
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.to_string()))
            })
            .unwrap_or_default();
        SdkError {
            code,
            message,
            order_id: field("orderId"),
        }
    }
}
