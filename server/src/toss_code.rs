//! The Toss error codes the server decides on, typed. Every other code is kept as
//! [`TossCode::Other`] and reported as Toss sent it.
//!
//! Codes and HTTP statuses: Toss's error-code list ("전체 에러 목록",
//! docs.tosspayments.com/reference/error-codes) and, for the idempotency codes, its "인증 및
//! 기타 헤더 설정" page. `sandbox/CONFORMANCE.md` lists the same table.

/// A Toss Core API error code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TossCode {
    /// 400, confirm: the payment was already confirmed (perhaps by our own earlier attempt).
    AlreadyProcessedPayment,
    /// 400, billing charge: the orderId was already approved or cancelled (perhaps by our own
    /// earlier charge whose answer was lost).
    DuplicatedOrderId,
    /// 400, cancel: the payment is already cancelled (perhaps by our own earlier cancel).
    AlreadyCanceledPayment,
    /// 403, cancel: more than the balance.
    NotCancelableAmount,
    /// 403, cancel: the payment cannot be cancelled in its state.
    NotCancelablePayment,
    /// 400: a temporary error at the card company or bank ("잠시 후 다시 시도해주세요").
    ProviderError,
    /// 500: Toss's own processing failed ("잠시 후 다시 시도해주세요").
    FailedInternalSystemProcessing,
    /// 500: the card company's, bank's or tax office's system failed.
    FailedPaymentInternalSystemProcessing,
    /// 500: payment failed for an unknown reason.
    UnknownPaymentError,
    /// 409: an earlier request with the same Idempotency-Key is still being processed.
    IdempotentRequestProcessing,
    /// 404: no such payment.
    NotFoundPayment,
    /// 404: the confirm window has passed.
    NotFoundPaymentSession,
    /// 400: the billing key is unknown or its authentication is incomplete.
    InvalidBillKeyRequest,
    /// 400: below the method's minimum (card 100 won, account 200 won).
    BelowMinimumAmount,
    /// Any other code, as Toss sent it.
    Other(String),
}

impl TossCode {
    /// Reads Toss's `code`.
    pub fn parse(code: &str) -> TossCode {
        use TossCode::*;
        match code {
            "ALREADY_PROCESSED_PAYMENT" => AlreadyProcessedPayment,
            "DUPLICATED_ORDER_ID" => DuplicatedOrderId,
            "ALREADY_CANCELED_PAYMENT" => AlreadyCanceledPayment,
            "NOT_CANCELABLE_AMOUNT" => NotCancelableAmount,
            "NOT_CANCELABLE_PAYMENT" => NotCancelablePayment,
            "PROVIDER_ERROR" => ProviderError,
            "FAILED_INTERNAL_SYSTEM_PROCESSING" => FailedInternalSystemProcessing,
            "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING" => FailedPaymentInternalSystemProcessing,
            "UNKNOWN_PAYMENT_ERROR" => UnknownPaymentError,
            "IDEMPOTENT_REQUEST_PROCESSING" => IdempotentRequestProcessing,
            "NOT_FOUND_PAYMENT" => NotFoundPayment,
            "NOT_FOUND_PAYMENT_SESSION" => NotFoundPaymentSession,
            "INVALID_BILL_KEY_REQUEST" => InvalidBillKeyRequest,
            "BELOW_MINIMUM_AMOUNT" => BelowMinimumAmount,
            other => Other(other.to_owned()),
        }
    }

    /// Whether a call answered with this code may have been done anyway, or done by an
    /// earlier attempt of ours, so that the outcome must be looked up with the query API
    /// before anything is concluded. Toss's own "try again later" codes are in doubt too.
    pub fn is_in_doubt(&self) -> bool {
        use TossCode::*;
        matches!(
            self,
            AlreadyProcessedPayment
                | DuplicatedOrderId
                | AlreadyCanceledPayment
                | ProviderError
                | FailedInternalSystemProcessing
                | FailedPaymentInternalSystemProcessing
                | UnknownPaymentError
                | IdempotentRequestProcessing
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_that_may_hide_a_done_operation_are_in_doubt() {
        for code in [
            "ALREADY_PROCESSED_PAYMENT",
            "DUPLICATED_ORDER_ID",
            "ALREADY_CANCELED_PAYMENT",
            "PROVIDER_ERROR",
            "FAILED_INTERNAL_SYSTEM_PROCESSING",
            "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
            "UNKNOWN_PAYMENT_ERROR",
            "IDEMPOTENT_REQUEST_PROCESSING",
        ] {
            assert!(TossCode::parse(code).is_in_doubt(), "{code}");
        }
        for code in [
            "NOT_CANCELABLE_AMOUNT",
            "NOT_CANCELABLE_PAYMENT",
            "NOT_FOUND_PAYMENT",
            "NOT_FOUND_PAYMENT_SESSION",
            "INVALID_BILL_KEY_REQUEST",
            "BELOW_MINIMUM_AMOUNT",
            "REJECT_CARD_COMPANY",
            "INVALID_REQUEST",
        ] {
            assert!(!TossCode::parse(code).is_in_doubt(), "{code}");
        }
        assert_eq!(
            TossCode::parse("SOMETHING_NEW"),
            TossCode::Other("SOMETHING_NEW".into())
        );
    }
}
