//! The status of a Toss payment (`Payment.status`).

super::open_enum! {
    /// `Payment.status` as the Core API reports it.
    ///
    /// ```
    /// use leptos_tosspayments::PaymentStatus;
    ///
    /// let s: PaymentStatus = serde_json::from_str(r#""WAITING_FOR_DEPOSIT""#)?;
    /// assert_eq!(s, PaymentStatus::WaitingForDeposit);
    /// let new: PaymentStatus = serde_json::from_str(r#""SOMETHING_NEW""#)?;
    /// assert_eq!(new, PaymentStatus::Other("SOMETHING_NEW".into()));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum PaymentStatus {
        /// Created, the buyer has not authenticated yet.
        Ready => "READY",
        /// Authenticated, waiting for the merchant's confirm.
        InProgress => "IN_PROGRESS",
        /// A virtual account was issued; the money has not arrived.
        WaitingForDeposit => "WAITING_FOR_DEPOSIT",
        /// Approved: the money is taken.
        Done => "DONE",
        /// Fully cancelled.
        Canceled => "CANCELED",
        /// Partly cancelled; `balanceAmount` is what remains.
        PartialCanceled => "PARTIAL_CANCELED",
        /// The approval failed.
        Aborted => "ABORTED",
        /// Not confirmed in time, or a virtual account's deposit window passed.
        Expired => "EXPIRED",
    }
}

impl PaymentStatus {
    /// Whether Toss will not move this payment any further by itself (no deposit, no approval
    /// pending). `PARTIAL_CANCELED` is not final: more can be cancelled.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            PaymentStatus::Canceled | PaymentStatus::Aborted | PaymentStatus::Expired
        )
    }

    /// Whether money was taken and (some of it) is still held: `DONE` or `PARTIAL_CANCELED`.
    pub fn is_paid(&self) -> bool {
        matches!(self, PaymentStatus::Done | PaymentStatus::PartialCanceled)
    }
}
