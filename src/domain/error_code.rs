//! The companion server's error codes: the `code` of every `{code, message}` answer, shared by
//! the server (which answers them) and the browser (which decides what to offer the buyer).

super::open_enum! {
    /// The `code` of an error answer of `tosspayments-server`.
    ///
    /// Each known code decides whether trying again may help ([`ErrorCode::is_retryable`]) and
    /// which HTTP status carries it ([`ErrorCode::status`]). When Toss refuses a payment, the
    /// answer (402) carries Toss's own code, which arrives here as [`ErrorCode::Other`].
    ///
    /// ```
    /// use leptos_tosspayments::domain::error_code::ErrorCode;
    ///
    /// assert!(ErrorCode::ConfirmInProgress.is_retryable());
    /// assert!(!ErrorCode::AlreadyPaid.is_retryable());
    /// assert_eq!(ErrorCode::from_code("AMOUNT_MISMATCH"), ErrorCode::AmountMismatch);
    /// assert_eq!(ErrorCode::AmountMismatch.status(), Some(400));
    /// ```
    #[non_exhaustive]
    pub enum ErrorCode {
        /// 400: the body is not the JSON the route takes.
        InvalidBody => "INVALID_BODY",
        /// 400: a path parameter is malformed.
        InvalidPath => "INVALID_PATH",
        /// 400: the query string is malformed.
        InvalidQuery => "INVALID_QUERY",
        /// 400: the order id is not 6–64 of `A-Z a-z 0-9 - _ =`.
        InvalidOrderId => "INVALID_ORDER_ID",
        /// 400: an unknown product, a bad quantity, or a total of 0.
        InvalidCart => "INVALID_CART",
        /// 400: the successUrl's amount differs from the order's; Toss was not called.
        AmountMismatch => "AMOUNT_MISMATCH",
        /// 400: the paymentKey belongs to another order.
        PaymentNotForOrder => "PAYMENT_NOT_FOR_ORDER",
        /// 400: a cancel reason of 1–200 characters is needed.
        InvalidReason => "INVALID_REASON",
        /// 400: a cancel amount must be positive.
        InvalidAmount => "INVALID_AMOUNT",
        /// 400: more than the order's balance.
        CancelAmountTooLarge => "CANCEL_AMOUNT_TOO_LARGE",
        /// 400: an unpaid virtual account is cancelled in full only.
        PartialCancelUnpaid => "PARTIAL_CANCEL_UNPAID",
        /// 400: a deposited virtual account needs a refund account.
        RefundAccountRequired => "REFUND_ACCOUNT_REQUIRED",
        /// 400: the refund account is malformed.
        InvalidRefundAccount => "INVALID_REFUND_ACCOUNT",
        /// 400: the `Idempotency-Key` header is malformed.
        InvalidIdempotencyKey => "INVALID_IDEMPOTENCY_KEY",
        /// 400: a request that moves money needs an `Idempotency-Key` header, one per intended
        /// action (the same on a retry).
        IdempotencyKeyRequired => "IDEMPOTENCY_KEY_REQUIRED",
        /// 409: the storefront's refund policy does not let the buyer cancel this order now;
        /// the store can.
        RefundNotAllowed => "REFUND_NOT_ALLOWED",
        /// 400: a return URL (Toss Pay's `retUrl`, `retCancelUrl`) is not an absolute http(s)
        /// URL of at most 255 characters.
        InvalidReturnUrl => "INVALID_RETURN_URL",
        /// 409: the order cannot be paid now (already paid, being confirmed, cancelled or
        /// expired).
        NotPayable => "NOT_PAYABLE",
        /// 401: no usable `Authorization: Bearer` access token.
        AccessTokenRequired => "ACCESS_TOKEN_REQUIRED",
        /// 403: the access token does not open this order or billing method.
        AccessDenied => "ACCESS_DENIED",
        /// 404: no such order, route or billing method.
        NotFound => "NOT_FOUND",
        /// 401: an Apps-in-Toss payment needs the buyer signed in with Toss login.
        TossLoginRequired => "TOSS_LOGIN_REQUIRED",
        /// 405: the route does not take that method.
        MethodNotAllowed => "METHOD_NOT_ALLOWED",
        /// 409: the order is already paid.
        AlreadyPaid => "ALREADY_PAID",
        /// 409: the order expired (or its virtual account did).
        OrderExpired => "ORDER_EXPIRED",
        /// 409: another request is confirming this order right now.
        ConfirmInProgress => "CONFIRM_IN_PROGRESS",
        /// 409: the order cannot be cancelled in its state.
        NotCancellable => "NOT_CANCELLABLE",
        /// 409: Toss refused the cancel.
        CancelRefused => "CANCEL_REFUSED",
        /// 409: the billing method belongs to another customer.
        CustomerMismatch => "CUSTOMER_MISMATCH",
        /// 409: this `Idempotency-Key` was used for another charge.
        IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
        /// 409: the storefront's own order id is already taken.
        OrderIdTaken => "ORDER_ID_TAKEN",
        /// 409: the order's payment came through a provider this server is not configured for.
        ProviderUnavailable => "PROVIDER_UNAVAILABLE",
        /// 413: the body is too large.
        BodyTooLarge => "BODY_TOO_LARGE",
        /// 429: this client sent too many requests; `Retry-After` says when to try again.
        RateLimited => "RATE_LIMITED",
        /// 415: the body is not `application/json`.
        InvalidContentType => "INVALID_CONTENT_TYPE",
        /// 500: storage failed.
        StorageError => "STORAGE_ERROR",
        /// 500: the server failed.
        ServerError => "SERVER_ERROR",
        /// 502: Toss could not be reached for something that needs it now.
        TossUnavailable => "TOSS_UNAVAILABLE",
        /// 503: the outcome with Toss is being checked.
        ConfirmPending => "CONFIRM_PENDING",
        /// 503: the request took too long.
        Timeout => "TIMEOUT",
        /// 503: the storefront's catalog could not be read.
        CatalogUnavailable => "CATALOG_UNAVAILABLE",
        /// 400: a request the server did not understand.
        BadRequest => "BAD_REQUEST",
    }
}

impl ErrorCode {
    /// Whether the same request may succeed if sent again later: the outcome is still being
    /// settled (`CONFIRM_PENDING`, `CONFIRM_IN_PROGRESS`) or something was unavailable
    /// (`TOSS_UNAVAILABLE`, `STORAGE_ERROR`, `SERVER_ERROR`, `TIMEOUT`, `CATALOG_UNAVAILABLE`).
    /// A code that states a
    /// fact about the order (`ALREADY_PAID`, `ORDER_EXPIRED`, `NOT_CANCELLABLE`, ...) or about
    /// the request is never retryable, and neither is an unknown code (Toss's refusal of a
    /// payment included).
    pub fn is_retryable(&self) -> bool {
        use ErrorCode::*;
        matches!(
            self,
            ConfirmPending
                | ConfirmInProgress
                | TossUnavailable
                | StorageError
                | ServerError
                | Timeout
                | CatalogUnavailable
                | RateLimited
        )
    }

    /// The HTTP status the server answers this code with; `None` for [`ErrorCode::Other`] (a
    /// refused payment answers 402 with Toss's code).
    pub fn status(&self) -> Option<u16> {
        use ErrorCode::*;
        Some(match self {
            InvalidBody
            | InvalidPath
            | InvalidQuery
            | InvalidOrderId
            | InvalidCart
            | AmountMismatch
            | PaymentNotForOrder
            | InvalidReason
            | InvalidAmount
            | CancelAmountTooLarge
            | PartialCancelUnpaid
            | RefundAccountRequired
            | InvalidRefundAccount
            | InvalidIdempotencyKey
            | IdempotencyKeyRequired
            | InvalidReturnUrl
            | BadRequest => 400,
            AccessTokenRequired | TossLoginRequired => 401,
            AccessDenied => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            AlreadyPaid | OrderExpired | ConfirmInProgress | NotCancellable | CancelRefused
            | CustomerMismatch | IdempotencyKeyReused | OrderIdTaken | ProviderUnavailable
            | RefundNotAllowed | NotPayable => 409,
            BodyTooLarge => 413,
            RateLimited => 429,
            InvalidContentType => 415,
            StorageError | ServerError => 500,
            TossUnavailable => 502,
            ConfirmPending | Timeout | CatalogUnavailable => 503,
            Other(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per code: whether a "try again" can ever help.
    #[test]
    fn each_code_decides_whether_it_is_retryable() {
        use ErrorCode::*;
        let expected = [
            (InvalidBody, false),
            (InvalidPath, false),
            (InvalidQuery, false),
            (InvalidOrderId, false),
            (InvalidCart, false),
            (AmountMismatch, false),
            (PaymentNotForOrder, false),
            (InvalidReason, false),
            (InvalidAmount, false),
            (CancelAmountTooLarge, false),
            (PartialCancelUnpaid, false),
            (RefundAccountRequired, false),
            (InvalidRefundAccount, false),
            (InvalidIdempotencyKey, false),
            (IdempotencyKeyRequired, false),
            (InvalidReturnUrl, false),
            (NotPayable, false),
            (AccessTokenRequired, false),
            (TossLoginRequired, false),
            (AccessDenied, false),
            (NotFound, false),
            (MethodNotAllowed, false),
            (AlreadyPaid, false),
            (OrderExpired, false),
            (ConfirmInProgress, true),
            (NotCancellable, false),
            (CancelRefused, false),
            (CustomerMismatch, false),
            (IdempotencyKeyReused, false),
            (OrderIdTaken, false),
            (ProviderUnavailable, false),
            (RefundNotAllowed, false),
            (BodyTooLarge, false),
            (RateLimited, true),
            (InvalidContentType, false),
            (StorageError, true),
            (ServerError, true),
            (TossUnavailable, true),
            (ConfirmPending, true),
            (Timeout, true),
            (CatalogUnavailable, true),
            (BadRequest, false),
        ];
        assert_eq!(
            expected.len(),
            ErrorCode::KNOWN.len(),
            "every code has a line"
        );
        for (code, retryable) in expected {
            assert_eq!(code.is_retryable(), retryable, "{code}");
            assert_eq!(ErrorCode::from_code(code.as_str()), code);
            assert!(code.status().is_some(), "{code}");
        }
        assert!(!ErrorCode::from_code("REJECT_CARD_PAYMENT").is_retryable());
        assert_eq!(ErrorCode::from_code("REJECT_CARD_PAYMENT").status(), None);
    }

    #[test]
    fn a_409_is_not_retryable_by_itself() {
        for code in ErrorCode::KNOWN {
            if code.status() == Some(409) && code != &ErrorCode::ConfirmInProgress {
                assert!(!code.is_retryable(), "{code}");
            }
        }
    }
}
