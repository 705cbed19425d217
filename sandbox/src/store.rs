//! The sandbox's state and the rules Toss enforces on it. Every operation takes the current
//! time and returns what changed; the HTTP layer (`api`, `control`) only parses and answers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use leptos_tosspayments::{
    Amount, ClientKey, CustomerKey, Metadata, OrderId, OrderName, PaymentMethod, ValidHours,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock::api_time;
use crate::config::SandboxConfig;
use crate::error::ApiError;
use crate::payment::{self, Billing, Cancel, Card, Payment, Transfer, Url, VirtualAccount};
use crate::webhooks::Event;

/// Which SDK entry point authenticated a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Flow {
    /// `widgets().requestPayment`
    Widget,
    /// `payment().requestPayment`
    Payment,
}

/// What the SDK stand-in reports after the buyer approves in the payment window.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authentication {
    /// The key the page passed to `TossPayments(clientKey)`.
    pub client_key: ClientKey,
    /// The customer key of `widgets()`/`payment()`.
    pub customer_key: CustomerKey,
    /// Widget or payment window.
    pub flow: Flow,
    /// The method code chosen.
    pub method: PaymentMethod,
    /// The order id passed to `requestPayment`.
    pub order_id: OrderId,
    /// The order name.
    pub order_name: OrderName,
    /// The amount the SDK held at request time.
    pub amount: Amount,
    /// Optional buyer name.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Optional metadata, checked as the SDK checks it (5 pairs, keys of 40 characters
    /// without `[` `]`, values of 2000).
    #[serde(default)]
    pub metadata: Option<Metadata>,
    /// A virtual account's `validHours` (1–2160); its deadline. Toss's default is 168 hours
    /// ([`SandboxConfig::deposit_window`]).
    #[serde(default)]
    pub valid_hours: Option<ValidHours>,
}

/// One payment and what only the sandbox knows about it.
#[derive(Debug, Clone)]
pub struct Record {
    /// The public Payment object.
    pub payment: Payment,
    /// The client key that authenticated it; only its pair's secret key may touch it.
    pub client_key: ClientKey,
    /// The buyer.
    pub customer_key: String,
    /// The method code.
    pub method: PaymentMethod,
    /// When the confirm window closes.
    pub session_expires: OffsetDateTime,
    /// When a virtual account's deposit window closes.
    pub due: Option<OffsetDateTime>,
    /// The `validHours` the request set, if any.
    pub valid_hours: Option<ValidHours>,
}

/// A registered (not yet issued) billing authentication.
#[derive(Debug, Clone)]
struct BillingAuth {
    client_key: ClientKey,
    customer_key: String,
    method: PaymentMethod,
}

/// An issued billing key.
#[derive(Debug, Clone)]
struct BillingKey {
    client_key: ClientKey,
    customer_key: String,
    method: PaymentMethod,
}

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

/// `BELOW_MINIMUM_AMOUNT` (400): "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가
/// 가능합니다." (Toss's error-code list). Card and easy pay from 100 won, transfer and virtual
/// account from 200; other methods from 1 won. The per-method split beyond card/account and
/// where Toss checks it (request or confirm) are guesses: CONFORMANCE.md.
pub fn minimum_amount(method: &PaymentMethod) -> u64 {
    match method {
        PaymentMethod::Card | PaymentMethod::EasyPay => 100,
        PaymentMethod::Transfer | PaymentMethod::VirtualAccount => 200,
        _ => 1,
    }
}

fn check_minimum(method: &PaymentMethod, amount: Amount) -> Result<(), ApiError> {
    if amount.currency() == leptos_tosspayments::Currency::Krw
        && amount.value() < minimum_amount(method)
    {
        return Err(ApiError::new(
            "BELOW_MINIMUM_AMOUNT",
            "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.",
        ));
    }
    Ok(())
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

/// `POST /v1/billing/authorizations/issue` body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueRequest {
    /// From the billing successUrl.
    pub auth_key: String,
    /// From the billing successUrl.
    pub customer_key: String,
}

/// `POST /v1/billing/{billingKey}` body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeRequest {
    /// Must match the key's customer.
    pub customer_key: String,
    /// A JSON integer or a string of digits.
    #[serde(with = "leptos_tosspayments::domain::amount::core_krw")]
    pub amount: Amount,
    /// The merchant's new order id.
    pub order_id: String,
    /// The order name.
    pub order_name: String,
    /// Optional.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Optional.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Optional.
    #[serde(default)]
    pub tax_free_amount: Option<i64>,
}

/// All payments, billing keys and the rules over them.
#[derive(Debug)]
pub struct Store {
    base_url: String,
    mid: String,
    session_window: time::Duration,
    deposit_window: time::Duration,
    payments: HashMap<String, Record>,
    /// Payments that may still be `IN_PROGRESS`, by when their session expires (and a
    /// sequence number), so expiring them does not walk every payment on every call.
    sessions: BTreeMap<(OffsetDateTime, u64), String>,
    /// Virtual accounts waiting for a deposit, by their deadline.
    deadlines: BTreeSet<(OffsetDateTime, String)>,
    by_order: HashMap<String, Vec<String>>,
    billing_auths: HashMap<String, BillingAuth>,
    billing_keys: HashMap<String, BillingKey>,
    /// Webhooks of changes that happened on the side (a session expiring, a confirm the card
    /// company refused), sent with the next answer: see [`Store::take_events`].
    pending: Vec<Event>,
    /// Whether a virtual account past its deadline shows `virtualAccount.expired: true`
    /// ([`SandboxConfig::va_deadline_sets_expired`]; a guess, see CONFORMANCE.md).
    va_deadline_sets_expired: bool,
}

fn token(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

fn to_time(d: std::time::Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

impl Store {
    /// An empty store for a sandbox served at `base_url`.
    pub fn new(config: &SandboxConfig, base_url: String) -> Self {
        Store {
            base_url,
            mid: config.mid.clone(),
            session_window: to_time(config.session_window),
            deposit_window: to_time(config.deposit_window),
            payments: HashMap::new(),
            sessions: BTreeMap::new(),
            deadlines: BTreeSet::new(),
            by_order: HashMap::new(),
            billing_auths: HashMap::new(),
            billing_keys: HashMap::new(),
            pending: Vec::new(),
            va_deadline_sets_expired: config.va_deadline_sets_expired,
        }
    }

    /// Brings time-driven changes up to `now` (confirm windows and deposit deadlines that have
    /// passed) and returns the webhooks of every change made on the side since the last call.
    pub fn take_events(&mut self, now: OffsetDateTime) -> Vec<Event> {
        self.expire_stale(now);
        self.pass_deadlines(now);
        std::mem::take(&mut self.pending)
    }

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

    fn latest_for_order(&self, order_id: &str) -> Option<&Record> {
        let key = self.by_order.get(order_id)?.last()?;
        self.payments.get(key)
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

    /// Records a billing authentication from the SDK stand-in; returns the `authKey`.
    pub fn billing_auth(
        &mut self,
        client_key: ClientKey,
        customer_key: CustomerKey,
        method: PaymentMethod,
    ) -> Result<String, ApiError> {
        if customer_key.is_anonymous() {
            return Err(ApiError::invalid_request(
                "billing needs a customer key, not ANONYMOUS",
            ));
        }
        let auth_key = token("bln_");
        self.billing_auths.insert(
            auth_key.clone(),
            BillingAuth {
                client_key,
                customer_key: customer_key.to_string(),
                method,
            },
        );
        Ok(auth_key)
    }

    /// `POST /v1/billing/authorizations/issue`: exchanges a one-time `authKey` for a billing key.
    pub fn issue_billing_key(
        &mut self,
        caller: &ClientKey,
        req: IssueRequest,
        now: OffsetDateTime,
    ) -> Result<Billing, ApiError> {
        // Taken out, checked, and put back if it does not belong to the caller: an authKey is
        // used once, and only by its own customer and key pair.
        let auth = self.billing_auths.remove(&req.auth_key).ok_or_else(|| {
            ApiError::invalid_request(
                "authKey가 없거나 이미 사용되었습니다. (unknown or used authKey)",
            )
        })?;
        let refusal = if &auth.client_key != caller {
            Some(invalid_api_key())
        } else if auth.customer_key != req.customer_key {
            Some(not_matches_customer_key())
        } else {
            None
        };
        if let Some(e) = refusal {
            self.billing_auths.insert(req.auth_key, auth);
            return Err(e);
        }
        let billing_key = token("bk_");
        self.billing_keys.insert(
            billing_key.clone(),
            BillingKey {
                client_key: auth.client_key,
                customer_key: auth.customer_key.clone(),
                method: auth.method.clone(),
            },
        );
        Ok(Billing {
            m_id: self.mid.clone(),
            customer_key: auth.customer_key,
            authenticated_at: api_time(now),
            method: auth.method.korean_label().unwrap_or("카드"),
            billing_key,
            card: Some(serde_json::json!({
                "issuerCode": "71", "acquirerCode": "71", "number": "43301234****123*",
                "cardType": "신용", "ownerType": "개인"
            })),
        })
    }

    /// `POST /v1/billing/{billingKey}`: charges a billing key; the payment is `DONE` at once.
    pub fn charge(
        &mut self,
        caller: &ClientKey,
        billing_key: &str,
        req: ChargeRequest,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let key = self.billing_keys.get(billing_key).ok_or_else(|| {
            ApiError::new(
                "INVALID_BILL_KEY_REQUEST",
                "빌링키 인증이 완료되지 않았거나 유효하지 않은 빌링 거래 건입니다.",
            )
        })?;
        if &key.client_key != caller {
            return Err(invalid_api_key());
        }
        if key.customer_key != req.customer_key {
            return Err(not_matches_customer_key());
        }
        let order_id =
            OrderId::parse(&req.order_id).map_err(|e| ApiError::invalid_request(e.to_string()))?;
        let order_name = OrderName::parse(&req.order_name)
            .map_err(|e| ApiError::invalid_request(e.to_string()))?;
        let amount = req.amount;
        check_minimum(&key.method, amount)?;
        if let Some(existing) = self.latest_for_order(order_id.as_str())
            && existing.payment.status != "ABORTED"
        {
            return Err(ApiError::new(
                "DUPLICATED_ORDER_ID",
                "이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.",
            ));
        }
        let (client_key, customer_key, method) = (
            key.client_key.clone(),
            key.customer_key.clone(),
            key.method.clone(),
        );
        let auth = Authentication {
            client_key: client_key.clone(),
            customer_key: CustomerKey::parse(&customer_key)
                .map_err(|e| ApiError::invalid_request(e.to_string()))?,
            flow: Flow::Payment,
            method: method.clone(),
            order_id,
            order_name,
            amount,
            customer_name: req.customer_name,
            metadata: None,
            valid_hours: None,
        };
        let payment_key = self.authenticate(auth, now)?;
        let record = self.payments.get_mut(&payment_key).ok_or_else(|| {
            ApiError::new(
                "FAILED_INTERNAL_SYSTEM_PROCESSING",
                "sandbox: the new payment vanished",
            )
        })?;
        let p = &mut record.payment;
        p.kind = "BILLING";
        p.status = "DONE";
        p.approved_at = Some(api_time(now));
        p.last_transaction_key = Some(token("txsbx"));
        p.tax_free_amount = req.tax_free_amount.unwrap_or(0).max(0) as u64;
        if method == PaymentMethod::Card {
            p.card = Some(card(p.total_amount));
        }
        // No webhook: "자동결제는 결제 요청에 이어서 승인이 되기 때문에 결제가 완료됐을 때 웹훅을
        // 전송하지 않습니다" (웹훅 이벤트, PAYMENT_STATUS_CHANGED).
        Ok((p.clone(), Vec::new()))
    }

    /// Sandbox control: the buyer wires the money into the order's virtual account:
    /// `WAITING_FOR_DEPOSIT` → `DONE`, with `DEPOSIT_CALLBACK` and `PAYMENT_STATUS_CHANGED`.
    /// Refused once the deadline has passed ("`dueDate`이 지난 시점에 입금을 시도하면 실패합니다",
    /// Core API, virtual accounts).
    pub fn deposit(
        &mut self,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        self.pass_deadlines(now);
        let record = self.virtual_account_of(order_id)?;
        if record.payment.status != "WAITING_FOR_DEPOSIT" {
            return Err(ApiError::invalid_request(format!(
                "the order's payment is {}, not WAITING_FOR_DEPOSIT",
                record.payment.status
            )));
        }
        if record.due.is_some_and(|due| due <= now) {
            return Err(ApiError::invalid_request(
                "입금 기한이 지났습니다. (the virtual account's deadline has passed: the deposit fails)",
            ));
        }
        let p = &mut record.payment;
        p.last_transaction_key = Some(token("txsbx"));
        p.status = "DONE";
        let payment = p.clone();
        Ok((
            payment.clone(),
            vec![
                Event::deposit_callback(&payment, now),
                Event::payment_status_changed(payment),
            ],
        ))
    }

    /// Sandbox control: the virtual account's deadline passes without a deposit. Toss leaves
    /// the payment `WAITING_FOR_DEPOSIT` and sends no webhook ("입금 기한 만료 →
    /// WAITING_FOR_DEPOSIT", noWebhook, on the 웹훅 이벤트 page); `virtualAccount.expired`
    /// turns `true` unless [`SandboxConfig::va_deadline_sets_expired`] is off.
    pub fn expire_deposit(
        &mut self,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let sets_expired = self.va_deadline_sets_expired;
        let record = self.virtual_account_of(order_id)?;
        if record.payment.status != "WAITING_FOR_DEPOSIT" {
            return Err(ApiError::invalid_request(format!(
                "the order's payment is {}, not WAITING_FOR_DEPOSIT",
                record.payment.status
            )));
        }
        record.due = Some(now);
        if sets_expired && let Some(va) = record.payment.virtual_account.as_mut() {
            va.expired = true;
            va.due_date = api_time(now);
        }
        Ok((record.payment.clone(), Vec::new()))
    }

    /// Sandbox control: the bank reverses a deposit (a transfer-limit or network error):
    /// `DONE` → `WAITING_FOR_DEPOSIT`, with `DEPOSIT_CALLBACK` and `PAYMENT_STATUS_CHANGED`
    /// ("입금 오류가 일어나면 결제 상태가 `DONE`에서 `WAITING_FOR_DEPOSIT`으로 변경됩니다",
    /// 웹훅 이벤트, DEPOSIT_CALLBACK). The buyer may deposit again before the deadline.
    pub fn reverse_deposit(
        &mut self,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let record = self.virtual_account_of(order_id)?;
        if record.payment.status != "DONE" {
            return Err(ApiError::invalid_request(format!(
                "the order's payment is {}, not a deposited (DONE) virtual account",
                record.payment.status
            )));
        }
        let p = &mut record.payment;
        p.last_transaction_key = Some(token("txsbx"));
        p.status = "WAITING_FOR_DEPOSIT";
        let payment = p.clone();
        Ok((
            payment.clone(),
            vec![
                Event::deposit_callback(&payment, now),
                Event::payment_status_changed(payment),
            ],
        ))
    }

    /// The latest payment of `order_id`, which must be a virtual account.
    fn virtual_account_of(&mut self, order_id: &str) -> Result<&mut Record, ApiError> {
        let key = self
            .by_order
            .get(order_id)
            .and_then(|keys| keys.last())
            .cloned()
            .ok_or_else(not_found)?;
        let record = self.payments.get_mut(&key).ok_or_else(not_found)?;
        if record.method != PaymentMethod::VirtualAccount {
            return Err(ApiError::invalid_request(
                "the order's payment is not a virtual account",
            ));
        }
        Ok(record)
    }

    /// Virtual accounts whose deadline has passed: no webhook, the payment stays
    /// `WAITING_FOR_DEPOSIT`, `virtualAccount.expired` turns `true` (if configured).
    fn pass_deadlines(&mut self, now: OffsetDateTime) {
        while let Some((due, _)) = self.deadlines.first() {
            if now < *due {
                break;
            }
            let Some((_, key)) = self.deadlines.pop_first() else {
                break;
            };
            if let Some(r) = self.payments.get_mut(&key)
                && r.payment.status == "WAITING_FOR_DEPOSIT"
                && self.va_deadline_sets_expired
                && let Some(va) = r.payment.virtual_account.as_mut()
            {
                va.expired = true;
            }
        }
    }

    /// Sessions whose confirm window has passed become `EXPIRED`, with a
    /// `PAYMENT_STATUS_CHANGED` (웹훅 이벤트: "IN_PROGRESS →|유효 시간 만료| EXPIRED", yesWebhook)
    /// and the failure a real expired payment shows (`EXPIRED_PAYMENT`, seen in a payment Toss
    /// returned on its tech chat).
    fn expire_stale(&mut self, now: OffsetDateTime) {
        while let Some(entry) = self.sessions.first_entry() {
            if now <= entry.key().0 {
                break;
            }
            let key = entry.remove();
            if let Some(r) = self.payments.get_mut(&key)
                && r.payment.status == "IN_PROGRESS"
            {
                r.payment.status = "EXPIRED";
                r.payment.failure = Some(payment::Failure {
                    code: "EXPIRED_PAYMENT".into(),
                    message: "결제가 만료되었습니다. 다시 시도해주세요.".into(),
                });
                self.pending
                    .push(Event::payment_status_changed(r.payment.clone()));
            }
        }
    }

    /// How many payments the store holds.
    pub fn len(&self) -> usize {
        self.payments.len()
    }

    /// Whether the store holds no payment.
    pub fn is_empty(&self) -> bool {
        self.payments.is_empty()
    }
}

fn card(amount: u64) -> Card {
    Card {
        amount,
        issuer_code: "71",
        acquirer_code: "71",
        number: "43301234****123*",
        installment_plan_months: 0,
        approve_no: format!("{:08}", uuid::Uuid::new_v4().as_u128() % 100_000_000),
        use_card_point: false,
        card_type: "신용",
        owner_type: "개인",
        acquire_status: "READY",
        is_interest_free: false,
        interest_payer: None,
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        "NOT_FOUND_PAYMENT",
        "존재하지 않는 결제 정보 입니다. (no such payment)",
    )
}

fn invalid_api_key() -> ApiError {
    ApiError::new(
        "INVALID_API_KEY",
        "잘못된 시크릿키 연동 정보 입니다. (the secret key does not pair with the client key that authenticated this payment)",
    )
}

fn not_matches_customer_key() -> ApiError {
    ApiError::new(
        "NOT_MATCHES_CUSTOMER_KEY",
        "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다. (customerKey does not match the billing key's)",
    )
}
