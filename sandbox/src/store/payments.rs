//! Payments: what the SDK stand-in authenticated, confirm, query, cancel.

use super::*;

/// A confirm request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmRequest {
    /// From the successUrl.
    pub payment_key: String,
    /// From the successUrl (must equal the authenticated one).
    pub order_id: String,
    /// A JSON integer or a string of digits, as Toss takes it (must equal the authenticated one).
    #[serde(with = "leptos_tosspayments::domain::amount::core_krw")]
    pub amount: Amount,
}

/// A cancel request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    /// Required, at most 200 characters.
    pub cancel_reason: String,
    /// Omit for a full cancel.
    #[serde(default)]
    pub cancel_amount: Option<i64>,
    /// Required to refund a deposited virtual account.
    #[serde(default)]
    pub refund_receive_account: Option<RefundAccount>,
    /// Tax-free part of the cancel.
    #[serde(default)]
    pub tax_free_amount: Option<i64>,
}

/// `refundReceiveAccount`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundAccount {
    /// Bank code.
    pub bank: String,
    /// Digits only, at most 20.
    pub account_number: String,
    /// At most 60 characters.
    pub holder_name: String,
}

impl Store {
    /// Records a buyer's approval in the payment window and returns the new `paymentKey`.
    /// The payment is `IN_PROGRESS` until confirmed.
    pub fn authenticate(
        &mut self,
        a: Authentication,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        if a.amount.currency() != leptos_tosspayments::Currency::Krw {
            return Err(ApiError::invalid_request(
                "sandbox: only KRW payments are emulated",
            ));
        }
        if let Some(existing) = self.latest_for_order(a.order_id.as_str())
            && !matches!(
                existing.payment.status,
                "IN_PROGRESS" | "EXPIRED" | "ABORTED"
            )
        {
            return Err(ApiError::new(
                "ALREADY_PROCESSED_PAYMENT",
                "이미 처리된 주문번호입니다. (this orderId was already paid)",
            ));
        }
        let payment_key = token("tsbx");
        let total = a.amount.value();
        let vat = payment::vat_of(total, 0);
        let payment = Payment {
            version: "2022-11-16",
            payment_key: payment_key.clone(),
            kind: "NORMAL",
            order_id: a.order_id.to_string(),
            order_name: a.order_name.to_string(),
            m_id: self.mid.clone(),
            currency: "KRW".into(),
            method: a.method.korean_label(),
            total_amount: total,
            balance_amount: total,
            status: "IN_PROGRESS",
            requested_at: api_time(now),
            approved_at: None,
            use_escrow: false,
            last_transaction_key: None,
            supplied_amount: total - vat,
            vat,
            culture_expense: false,
            tax_free_amount: 0,
            tax_exemption_amount: 0,
            cancels: None,
            is_partial_cancelable: true,
            card: None,
            virtual_account: None,
            secret: None,
            mobile_phone: None,
            gift_certificate: None,
            transfer: None,
            receipt: None,
            checkout: Url {
                url: format!("{}/sandbox/checkout/{payment_key}", self.base_url),
            },
            easy_pay: None,
            country: "KR",
            failure: None,
            cash_receipt: None,
            cash_receipts: None,
            discount: None,
            metadata: a.metadata,
        };
        let record = Record {
            payment,
            client_key: a.client_key,
            customer_key: a.customer_key.to_string(),
            method: a.method,
            session_expires: now + self.session_window,
            due: None,
            valid_hours: a.valid_hours,
        };
        self.by_order
            .entry(record.payment.order_id.clone())
            .or_default()
            .push(payment_key.clone());
        let session = (record.session_expires, self.payments.len() as u64);
        self.sessions.insert(session, payment_key.clone());
        self.payments.insert(payment_key.clone(), record);
        let _ = a.customer_name;
        Ok(payment_key)
    }

    /// [`Store::authenticate`] for an easy pay: the SDK stand-in reports the provider code the
    /// buyer chose (`TOSSPAY`, `KAKAOPAY`, ...: the widget's `간편결제` choices, or
    /// `card: {flowMode: "DIRECT", easyPay}` in the payment window). The payment's method is
    /// `간편결제` and it carries `easyPay {provider, amount, discountAmount}` with the provider's
    /// Korean name, as the Core API reports it; confirm keeps both (no `card`).
    pub fn authenticate_easy_pay(
        &mut self,
        mut a: Authentication,
        provider_code: &str,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        let provider = payment::easy_pay_provider(provider_code).ok_or_else(|| {
            ApiError::invalid_request(format!(
                "sandbox: unknown easy pay provider {provider_code}"
            ))
        })?;
        if !matches!(a.method, PaymentMethod::EasyPay | PaymentMethod::Card) {
            return Err(ApiError::invalid_request(
                "sandbox: an easy pay is reported with method EASY_PAY (or CARD)",
            ));
        }
        a.method = PaymentMethod::EasyPay;
        let payment_key = self.authenticate(a, now)?;
        if let Some(record) = self.payments.get_mut(&payment_key) {
            // The whole amount from the provider's balance; no discount (sandbox choice).
            record.payment.easy_pay = Some(payment::EasyPay {
                provider,
                amount: record.payment.total_amount,
                discount_amount: 0,
            });
        }
        Ok(payment_key)
    }

    /// `POST /v1/payments/confirm`.
    pub fn confirm(
        &mut self,
        caller: &ClientKey,
        req: ConfirmRequest,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        self.expire_stale(now);
        let deposit_window = self.deposit_window;
        let record = self.payments.get_mut(&req.payment_key).ok_or_else(|| {
            ApiError::new(
                "NOT_FOUND_PAYMENT_SESSION",
                "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다. (no payment session for this paymentKey)",
            )
        })?;
        if &record.client_key != caller {
            return Err(invalid_api_key());
        }
        match record.payment.status {
            "IN_PROGRESS" => {}
            "EXPIRED" => {
                return Err(ApiError::new(
                    "NOT_FOUND_PAYMENT_SESSION",
                    "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다. (the confirm window has passed)",
                ));
            }
            _ => {
                return Err(ApiError::new(
                    "ALREADY_PROCESSED_PAYMENT",
                    "이미 처리된 결제 입니다. (this payment was already confirmed)",
                ));
            }
        }
        if req.order_id != record.payment.order_id {
            return Err(ApiError::invalid_request(
                "orderId가 인증된 결제와 다릅니다. (orderId differs from the authenticated payment)",
            ));
        }
        if req.amount.value() != record.payment.total_amount {
            return Err(ApiError::invalid_request(
                "결제 금액이 인증된 금액과 다릅니다. (amount differs from the authenticated amount)",
            ));
        }
        check_minimum(&record.method, req.amount)?;
        let p = &mut record.payment;
        let tx = token("txsbx");
        p.last_transaction_key = Some(tx.clone());
        p.approved_at = Some(api_time(now));
        match &record.method {
            PaymentMethod::VirtualAccount => {
                let window = record.valid_hours.map_or(deposit_window, |h| {
                    time::Duration::hours(i64::from(h.hours()))
                });
                let due = now + window;
                record.due = Some(due);
                self.deadlines.insert((due, req.payment_key.clone()));
                p.status = "WAITING_FOR_DEPOSIT";
                p.secret = Some(token("ps_"));
                p.virtual_account = Some(VirtualAccount {
                    account_type: "일반",
                    account_number: format!("X{}", &tx[5..18]),
                    bank_code: "20",
                    customer_name: "구매자".into(),
                    due_date: api_time(due),
                    refund_status: "NONE",
                    expired: false,
                    settlement_status: "INCOMPLETED",
                    refund_receive_account: None,
                });
            }
            method => {
                p.status = "DONE";
                p.receipt = Some(Url {
                    url: format!("{}/sandbox/receipts/{}", self.base_url, p.payment_key),
                });
                match method {
                    PaymentMethod::Card => p.card = Some(card(p.total_amount)),
                    PaymentMethod::Transfer => {
                        p.transfer = Some(Transfer {
                            bank_code: "88",
                            settlement_status: "INCOMPLETED",
                        })
                    }
                    _ => {}
                }
            }
        }
        let payment = p.clone();
        // Issuing a virtual account sends DEPOSIT_CALLBACK (WAITING_FOR_DEPOSIT) as well
        // (웹훅 이벤트: "가상계좌 발급 → WAITING_FOR_DEPOSIT", yesWebhook).
        let mut events = Vec::new();
        if record.method == PaymentMethod::VirtualAccount {
            events.push(Event::deposit_callback(&payment, now));
        }
        events.push(Event::payment_status_changed(payment.clone()));
        Ok((payment, events))
    }

    /// A confirm the card company refuses: the payment becomes `ABORTED` with its `failure`,
    /// and the answer is `403 REJECT_CARD_PAYMENT`.
    pub fn reject(
        &mut self,
        caller: &ClientKey,
        req: ConfirmRequest,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let _ = now;
        let record = self
            .payments
            .get_mut(&req.payment_key)
            .ok_or_else(not_found)?;
        if &record.client_key != caller {
            return Err(invalid_api_key());
        }
        let message = "한도초과 혹은 잔액부족으로 결제에 실패했습니다. (sandbox fault)";
        if record.payment.status == "IN_PROGRESS" {
            record.payment.status = "ABORTED";
            record.payment.failure = Some(payment::Failure {
                code: "REJECT_CARD_PAYMENT".into(),
                message: message.into(),
            });
            // IN_PROGRESS → ABORTED ("승인 실패") sends PAYMENT_STATUS_CHANGED.
            let aborted = record.payment.clone();
            self.pending.push(Event::payment_status_changed(aborted));
        }
        Err(ApiError::new("REJECT_CARD_PAYMENT", message))
    }

    /// `GET /v1/payments/{paymentKey}`.
    pub fn get(
        &mut self,
        caller: &ClientKey,
        payment_key: &str,
        now: OffsetDateTime,
    ) -> Result<Payment, ApiError> {
        self.expire_stale(now);
        let record = self.payments.get(payment_key).ok_or_else(not_found)?;
        if &record.client_key != caller {
            return Err(invalid_api_key());
        }
        Ok(record.payment.clone())
    }

    /// `GET /v1/payments/orders/{orderId}`: the latest payment of the order.
    pub fn get_by_order(
        &mut self,
        caller: &ClientKey,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<Payment, ApiError> {
        self.expire_stale(now);
        let record = self.latest_for_order(order_id).ok_or_else(not_found)?;
        if &record.client_key != caller {
            return Err(invalid_api_key());
        }
        Ok(record.payment.clone())
    }

    /// Every payment of an order, oldest first (what Toss holds for it, without expiring
    /// anything or checking a caller: a test's view of the truth).
    pub fn payments_for_order(&self, order_id: &str) -> Vec<Payment> {
        self.by_order
            .get(order_id)
            .into_iter()
            .flatten()
            .filter_map(|key| self.payments.get(key))
            .map(|r| r.payment.clone())
            .collect()
    }

    /// `POST /v1/payments/{paymentKey}/cancel`.
    pub fn cancel(
        &mut self,
        caller: &ClientKey,
        payment_key: &str,
        req: CancelRequest,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        self.expire_stale(now);
        let reason_len = req.cancel_reason.chars().count();
        if reason_len == 0 || reason_len > 200 {
            return Err(ApiError::invalid_request(
                "cancelReason은 1~200자여야 합니다. (cancelReason must have 1 to 200 characters)",
            ));
        }
        let record = self.payments.get_mut(payment_key).ok_or_else(not_found)?;
        if &record.client_key != caller {
            return Err(invalid_api_key());
        }
        let p = &mut record.payment;
        let balance = p.balance_amount;
        let deposited_va = record.method == PaymentMethod::VirtualAccount
            && matches!(p.status, "DONE" | "PARTIAL_CANCELED");
        // Codes and statuses: Toss's error-code list (docs.tosspayments.com/reference/error-codes).
        match p.status {
            "DONE" | "PARTIAL_CANCELED" => {}
            "WAITING_FOR_DEPOSIT" if req.cancel_amount.is_none() => {}
            "WAITING_FOR_DEPOSIT" => {
                return Err(ApiError::new(
                    "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT",
                    "입금 대기중인 결제는 부분 환불이 불가합니다.",
                ));
            }
            "CANCELED" => {
                return Err(ApiError::new(
                    "ALREADY_CANCELED_PAYMENT",
                    "이미 취소된 결제 입니다.",
                ));
            }
            other => {
                return Err(ApiError::new(
                    "NOT_CANCELABLE_PAYMENT",
                    format!("취소 할 수 없는 결제 입니다. (a {other} payment cannot be cancelled)"),
                ));
            }
        }
        let amount = match req.cancel_amount {
            None => balance,
            Some(a) if a <= 0 => {
                return Err(ApiError::invalid_request(
                    "cancelAmount는 0보다 커야 합니다. (cancelAmount must be positive)",
                ));
            }
            Some(a) => a as u64,
        };
        if amount > balance {
            return Err(ApiError::new(
                "NOT_CANCELABLE_AMOUNT",
                format!(
                    "취소 할 수 없는 금액 입니다. (cancelAmount exceeds the balance {balance})"
                ),
            ));
        }
        if deposited_va {
            let Some(acct) = &req.refund_receive_account else {
                return Err(ApiError::invalid_request(
                    "입금된 가상계좌 결제를 환불하려면 refundReceiveAccount가 필요합니다. (refundReceiveAccount is required after a deposit)",
                ));
            };
            let digits_ok = !acct.account_number.is_empty()
                && acct.account_number.len() <= 20
                && acct.account_number.bytes().all(|b| b.is_ascii_digit());
            if !digits_ok || acct.holder_name.chars().count() > 60 || acct.bank.is_empty() {
                return Err(ApiError::invalid_request(
                    "refundReceiveAccount가 올바르지 않습니다. (accountNumber: digits only, at most 20; holderName at most 60)",
                ));
            }
            if let Some(va) = p.virtual_account.as_mut() {
                va.refund_status = "COMPLETED";
                va.refund_receive_account = serde_json::to_value(acct).ok();
            }
        }
        let tx = token("txsbx");
        let remaining = balance - amount;
        let cancel = Cancel {
            cancel_amount: amount,
            cancel_reason: req.cancel_reason,
            tax_free_amount: req.tax_free_amount.unwrap_or(0).max(0) as u64,
            tax_exemption_amount: 0,
            refundable_amount: remaining,
            easy_pay_discount_amount: 0,
            canceled_at: api_time(now),
            transaction_key: tx.clone(),
            receipt_key: None,
            cancel_status: "DONE",
        };
        p.cancels.get_or_insert_with(Vec::new).push(cancel.clone());
        p.balance_amount = remaining;
        p.last_transaction_key = Some(tx);
        p.status = if remaining == 0 {
            "CANCELED"
        } else {
            "PARTIAL_CANCELED"
        };
        p.is_partial_cancelable = remaining > 0;
        let payment = p.clone();
        // A cancel sends PAYMENT_STATUS_CHANGED (CANCELED / PARTIAL_CANCELED); a virtual
        // account's also DEPOSIT_CALLBACK; CANCEL_STATUS_CHANGED only for a foreign easy pay,
        // with the Cancel object ("일반 국내 결제에는 웹훅이 발송되지 않습니다").
        let mut events = Vec::new();
        if record.method == PaymentMethod::VirtualAccount {
            events.push(Event::deposit_callback(&payment, now));
        }
        events.push(Event::payment_status_changed(payment.clone()));
        if record.method == PaymentMethod::ForeignEasyPay {
            events.push(Event::CancelStatusChanged(cancel));
        }
        Ok((payment, events))
    }
}
