//! Toss Pay (`pay.toss.im` API v2): payments the merchant's server creates (a `payToken` and a
//! `checkoutPage`), the buyer's approval or cancel on that page, execute, refunds, status, and
//! the `resultCallback` of an `autoExecute` payment.
//!
//! Source: the Toss Pay API reference (seed 003 = `tossdev.github.io/eng/api.html`, and the
//! current `docs-pay.toss.im` reference: create, execute, refunds, status). What is a guess is
//! marked where it is made and listed in CONFORMANCE.md ("Toss Pay").

use leptos_tosspayments::domain::tosspay::{REFUND_REASON_MAX, refund_reason_allows};
use serde_json::Value;

use super::*;

/// `POST /api/v2/payments`'s body (the `apiKey` is read by the API layer).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TossPayCreate {
    /// ≤ 50 of `A-Za-z0-9_-:.^@`.
    pub order_no: String,
    /// A number, ≤ 7 digits.
    pub amount: i64,
    /// Required (0 for taxable goods).
    pub amount_tax_free: Option<i64>,
    /// 1–255 characters, no backslash or quotes.
    pub product_desc: String,
    /// ≤ 255.
    pub ret_url: String,
    /// ≤ 255.
    pub ret_cancel_url: String,
    /// Execute at the buyer's approval (then `resultCallback` is required).
    #[serde(default)]
    pub auto_execute: bool,
    /// ≤ 500.
    #[serde(default)]
    pub result_callback: Option<String>,
    /// `V1` (form) or `V2` (JSON); the sandbox sends JSON either way.
    #[serde(default)]
    pub callback_version: Option<String>,
}

/// `POST /api/v2/execute`'s body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TossPayExecute {
    /// The payment.
    pub pay_token: String,
    /// Checked against the payment's when sent.
    #[serde(default)]
    pub order_no: Option<String>,
}

/// `POST /api/v2/refunds`'s body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TossPayRefund {
    /// The payment.
    pub pay_token: String,
    /// ≤ 36, unique per refund, not the execute's `transactionId` (docs-pay: 필수).
    #[serde(default)]
    pub refund_no: Option<String>,
    /// Absent: everything that remains.
    #[serde(default)]
    pub amount: Option<i64>,
    /// ≤ 255.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/v2/status`'s body: a `payToken` or an `orderNo`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TossPayStatusQuery {
    /// The payment.
    #[serde(default)]
    pub pay_token: Option<String>,
    /// Or its order (the latest payment of it).
    #[serde(default)]
    pub order_no: Option<String>,
}

/// One Toss Pay payment.
#[derive(Debug, Clone)]
pub struct TossPayRecord {
    pay_token: String,
    order_no: String,
    amount: i64,
    amount_tax_free: i64,
    /// `retUrl`, `retCancelUrl`: none for an in-app (Apps-in-Toss) payment.
    ret_urls: Option<(String, String)>,
    /// The Toss user of an in-app payment (`x-toss-user-key`).
    user_key: Option<String>,
    auto_execute: bool,
    result_callback: Option<String>,
    status: &'static str,
    created: OffsetDateTime,
    expires: OffsetDateTime,
    paid: Option<OffsetDateTime>,
    transaction_id: Option<String>,
    refundable: i64,
    transactions: Vec<Value>,
    /// Answers of refunds by `refundNo` (`idempotent: true`, the default: the same answer).
    refunds: HashMap<String, Value>,
}

/// What Toss Pay holds for an order: the truth a test compares the merchant's records with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TossPayTruth {
    /// The latest payment's `payStatus`.
    pub pay_status: &'static str,
    /// Its amount less what was refunded.
    pub balance: i64,
    /// How many times it was executed (a second execution would be a double charge).
    pub executions: usize,
}

/// The Toss Pay side of the store.
#[derive(Debug, Clone, Default)]
pub struct TossPayStore {
    payments: HashMap<String, TossPayRecord>,
    by_order: HashMap<String, String>,
}

/// `COMMON_INVALID_PARAMETER` (seed 003's create error codes).
fn invalid(msg: impl Into<String>) -> ApiError {
    ApiError::new("COMMON_INVALID_PARAMETER", msg)
}

fn toss_pay_time(t: OffsetDateTime) -> String {
    // `yyyy-MM-dd HH:mm:ss` (seed 003: approvalTime), in KST.
    let kst = t.to_offset(time::UtcOffset::from_hms(9, 0, 0).unwrap_or(time::UtcOffset::UTC));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        kst.year(),
        u8::from(kst.month()),
        kst.day(),
        kst.hour(),
        kst.minute(),
        kst.second()
    )
}

/// Where the buyer goes back to: `url?orderNo&status` (the older official guide's query); an
/// in-app payment has no URL (empty).
fn return_to(url: Option<&String>, order_no: &str, status: &str) -> String {
    match url {
        Some(url) => format!(
            "{url}{}orderNo={order_no}&status={status}",
            if url.contains('?') { '&' } else { '?' }
        ),
        None => String::new(),
    }
}

/// A payment to store ([`Store::tosspay_insert`]).
pub(super) struct NewPayment {
    pub(super) order_no: String,
    pub(super) amount: i64,
    pub(super) amount_tax_free: i64,
    pub(super) ret_urls: Option<(String, String)>,
    pub(super) user_key: Option<String>,
    pub(super) auto_execute: bool,
    pub(super) result_callback: Option<String>,
}

/// The limits every Toss Pay payment is checked against (seed 003's field table): `orderNo`,
/// `productDesc`, `amount`, `amountTaxFree` (required). Answers the tax-free amount.
pub(super) fn check_payment(
    order_no: &str,
    product_desc: &str,
    amount: i64,
    amount_tax_free: Option<i64>,
) -> Result<i64, ApiError> {
    let order_ok = !order_no.is_empty()
        && order_no.chars().count() <= 50
        && order_no
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-:.^@".contains(c));
    if !order_ok {
        return Err(invalid(
            "orderNo는 영문, 숫자, 특수문자 _-:.^@ 로 된 50자 이하여야 합니다.",
        ));
    }
    if product_desc.trim().is_empty()
        || product_desc.chars().count() > 255
        || product_desc.contains(['\\', '"', '\''])
    {
        return Err(invalid(
            "productDesc는 1~255자이고 역슬래시, 따옴표를 쓸 수 없습니다.",
        ));
    }
    if amount <= 0 || amount > 9_999_999 {
        return Err(invalid("amount는 1 이상 7자리 이하의 숫자여야 합니다."));
    }
    let tax_free =
        amount_tax_free.ok_or_else(|| invalid("amountTaxFree는 필수입니다 (과세 상품은 0)."))?;
    if tax_free < 0 || tax_free > amount {
        return Err(invalid("amountTaxFree는 0 이상 amount 이하여야 합니다."));
    }
    Ok(tax_free)
}

impl TossPayRecord {
    /// Whether `user_key` may act on this payment: an in-app payment only for its Toss user.
    pub(super) fn belongs_to(&self, user_key: Option<&str>) -> bool {
        self.user_key.as_deref() == user_key
    }

    fn status_body(&self) -> Value {
        serde_json::json!({
            "code": 0,
            "mode": "TEST",
            "payToken": self.pay_token,
            "payStatus": self.status,
            "orderNo": self.order_no,
            "payMethod": "TOSS_MONEY",
            "amount": self.amount,
            "discountedAmount": 0,
            "paidAmount": if self.paid.is_some() { self.amount } else { 0 },
            "refundableAmount": self.refundable,
            "amountTaxFree": self.amount_tax_free,
            "transactions": self.transactions,
            "createdTs": toss_pay_time(self.created),
            "paidTs": self.paid.map(toss_pay_time),
        })
    }

    /// Passes the deadline: an unfinished payment is cancelled (seed 003: PAY_STANDBY and
    /// PAY_APPROVED are "automatically canceled" at expiry).
    fn expire(&mut self, now: OffsetDateTime) {
        if matches!(self.status, "PAY_STANDBY" | "PAY_APPROVED") && now >= self.expires {
            self.status = "PAY_CANCEL";
        }
    }
}

impl Store {
    fn tosspay_record(
        &mut self,
        pay_token: &str,
        now: OffsetDateTime,
    ) -> Result<&mut TossPayRecord, ApiError> {
        let record = self.tosspay.payments.get_mut(pay_token).ok_or_else(|| {
            invalid(
                "존재하지 않는 payToken 입니다. (sandbox: no such payToken; the code is a guess)",
            )
        })?;
        record.expire(now);
        Ok(record)
    }

    /// `POST /api/v2/payments`: checks the documented limits and mints a `payToken`.
    pub fn tosspay_create(
        &mut self,
        req: TossPayCreate,
        now: OffsetDateTime,
    ) -> Result<Value, ApiError> {
        let tax_free = check_payment(
            &req.order_no,
            &req.product_desc,
            req.amount,
            req.amount_tax_free,
        )?;
        for (name, url) in [
            ("retUrl", &req.ret_url),
            ("retCancelUrl", &req.ret_cancel_url),
        ] {
            if url.is_empty() || url.chars().count() > 255 {
                return Err(invalid(format!("{name}은(는) 1~255자여야 합니다.")));
            }
        }
        if req.auto_execute {
            match &req.result_callback {
                Some(url) if !url.is_empty() && url.chars().count() <= 500 => {}
                _ => {
                    return Err(invalid(
                        "autoExecute가 true이면 resultCallback(500자 이하)이 필요합니다.",
                    ));
                }
            }
        }
        if let Some(v) = &req.callback_version
            && v != "V1"
            && v != "V2"
        {
            return Err(invalid("callbackVersion은 V1 또는 V2입니다."));
        }
        let pay_token = self.tosspay_insert(
            NewPayment {
                order_no: req.order_no,
                amount: req.amount,
                amount_tax_free: tax_free,
                ret_urls: Some((req.ret_url, req.ret_cancel_url)),
                user_key: None,
                auto_execute: req.auto_execute,
                result_callback: req.result_callback,
            },
            now,
        )?;
        Ok(serde_json::json!({
            "code": 0,
            "checkoutPage": format!("{}/payfront/auth?payToken={pay_token}", self.base_url),
            "payToken": pay_token,
        }))
    }

    /// Stores a new payment for `new.order_no` and mints its `payToken`. An orderNo may be used
    /// again until the buyer authenticates (seed 003); after that a new payment for it fails
    /// (docs-pay: "중복될 경우 결제 생성 요청이 실패"; the code is a guess).
    pub(super) fn tosspay_insert(
        &mut self,
        new: NewPayment,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        if let Some(previous) = self.tosspay.by_order.get(&new.order_no).cloned() {
            let record = self.tosspay_record(&previous, now)?;
            match record.status {
                "PAY_STANDBY" => record.status = "PAY_CANCEL",
                "PAY_CANCEL" => {}
                _ => {
                    return Err(invalid(
                        "이미 사용된 주문번호입니다. (sandbox: orderNo already authenticated)",
                    ));
                }
            }
        }
        let pay_token = token("tpt")[..24].to_owned();
        let record = TossPayRecord {
            pay_token: pay_token.clone(),
            order_no: new.order_no.clone(),
            amount: new.amount,
            amount_tax_free: new.amount_tax_free,
            ret_urls: new.ret_urls,
            user_key: new.user_key,
            auto_execute: new.auto_execute,
            result_callback: new.result_callback,
            status: "PAY_STANDBY",
            created: now,
            // Seed 003: expiredTime defaults to 15 minutes.
            expires: now + time::Duration::minutes(15),
            paid: None,
            transaction_id: None,
            refundable: 0,
            transactions: Vec::new(),
            refunds: HashMap::new(),
        };
        self.tosspay
            .by_order
            .insert(new.order_no, pay_token.clone());
        self.tosspay.payments.insert(pay_token.clone(), record);
        Ok(pay_token)
    }

    /// Completes a payment: `PAY_COMPLETE`, a transaction, and for `autoExecute` the
    /// `resultCallback`.
    fn tosspay_complete(record: &mut TossPayRecord, now: OffsetDateTime) -> Option<Event> {
        let tx = token("tptx");
        record.status = "PAY_COMPLETE";
        record.paid = Some(now);
        record.refundable = record.amount;
        record.transaction_id = Some(tx.clone());
        record.transactions.push(serde_json::json!({
            "stepType": "PAY", "transactionId": tx, "transactionAmount": record.amount,
            "discountedAmount": 0, "paidAmount": record.amount, "regTs": toss_pay_time(now),
        }));
        let url = record
            .result_callback
            .clone()
            .filter(|_| record.auto_execute)?;
        Some(Event::TossPayResult {
            url,
            body: serde_json::json!({
                "status": "PAY_COMPLETE", "payToken": record.pay_token, "orderNo": record.order_no,
                "payMethod": "TOSS_MONEY", "amount": record.amount, "discountedAmount": 0,
                "paidAmount": record.amount, "paidTs": toss_pay_time(now), "transactionId": tx,
            }),
        })
    }

    /// The checkout page's *approve*: `PAY_APPROVED` (or, for `autoExecute`, `PAY_COMPLETE`
    /// with its callback). Answers where the buyer goes: `retUrl?orderNo&status=PAY_APPROVED`
    /// (the older official guide's query; the current one adds method details).
    pub fn tosspay_approve(
        &mut self,
        pay_token: &str,
        now: OffsetDateTime,
    ) -> Result<(String, Vec<Event>), ApiError> {
        let record = self.tosspay_record(pay_token, now)?;
        if record.status != "PAY_STANDBY" {
            return Err(invalid(format!(
                "sandbox: the payment is {}",
                record.status
            )));
        }
        record.status = "PAY_APPROVED";
        let mut events = Vec::new();
        if record.auto_execute {
            events.extend(Self::tosspay_complete(record, now));
        }
        let url = return_to(
            record.ret_urls.as_ref().map(|(ret, _)| ret),
            &record.order_no,
            "PAY_APPROVED",
        );
        Ok((url, events))
    }

    /// The checkout page's *cancel*: `PAY_CANCEL` ("forcibly canceled in the Toss server");
    /// the buyer goes to `retCancelUrl?orderNo&status=PAY_CANCEL`.
    pub fn tosspay_cancel(
        &mut self,
        pay_token: &str,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        let record = self.tosspay_record(pay_token, now)?;
        if !matches!(record.status, "PAY_STANDBY" | "PAY_APPROVED") {
            return Err(invalid(format!(
                "sandbox: the payment is {}",
                record.status
            )));
        }
        record.status = "PAY_CANCEL";
        Ok(return_to(
            record.ret_urls.as_ref().map(|(_, cancel)| cancel),
            &record.order_no,
            "PAY_CANCEL",
        ))
    }

    /// What the checkout page shows: `(orderNo, amount, status)`.
    pub fn tosspay_checkout(
        &mut self,
        pay_token: &str,
        now: OffsetDateTime,
    ) -> Result<(String, i64, &'static str), ApiError> {
        let r = self.tosspay_record(pay_token, now)?;
        Ok((r.order_no.clone(), r.amount, r.status))
    }

    /// `POST /api/v2/execute`: an approved payment is completed; a completed one answers
    /// `PAYMENT_EXISTING_PAYMENT` (seed 003's code; that a repeated execute gets it is a guess).
    pub fn tosspay_execute(
        &mut self,
        req: TossPayExecute,
        now: OffsetDateTime,
    ) -> Result<(Value, Vec<Event>), ApiError> {
        let record = self.tosspay_record(&req.pay_token, now)?;
        if let Some(order_no) = &req.order_no
            && *order_no != record.order_no
        {
            return Err(invalid(
                "orderNo가 결제와 다릅니다. (orderNo does not match: the execute fails)",
            ));
        }
        match record.status {
            "PAY_APPROVED" => {}
            "PAY_COMPLETE" | "REFUND_PROGRESS" | "REFUND_SUCCESS" => {
                return Err(ApiError::new(
                    "PAYMENT_EXISTING_PAYMENT",
                    "이미 결제가 존재합니다. (The payment already exists.)",
                ));
            }
            other => {
                // Guess: the code of an execute before authentication or after a cancel.
                return Err(ApiError::new(
                    "COMMON_PAY_ERROR",
                    format!("결제를 승인할 수 없는 상태입니다. (sandbox: the payment is {other})"),
                ));
            }
        }
        let events: Vec<Event> = Self::tosspay_complete(record, now).into_iter().collect();
        let body = serde_json::json!({
            "code": 0, "mode": "TEST", "orderNo": record.order_no, "amount": record.amount,
            "approvalTime": toss_pay_time(now), "stateMsg": "결제 완료", "discountedAmount": 0,
            "paidAmount": record.amount, "payMethod": "TOSS_MONEY", "payToken": record.pay_token,
            "transactionId": record.transaction_id,
        });
        Ok((body, events))
    }

    /// `POST /api/v2/refunds`: full or partial, idempotent per `refundNo`.
    pub fn tosspay_refund(
        &mut self,
        req: TossPayRefund,
        now: OffsetDateTime,
    ) -> Result<Value, ApiError> {
        let record = self.tosspay_record(&req.pay_token, now)?;
        let refund_no = req
            .refund_no
            .filter(|n| !n.is_empty())
            .ok_or_else(|| invalid("refundNo는 필수입니다. (docs-pay: refundNo is required)"))?;
        if refund_no.chars().count() > 36 {
            return Err(invalid("refundNo는 36자 이하여야 합니다."));
        }
        if let Some(done) = record.refunds.get(&refund_no) {
            return Ok(done.clone());
        }
        if record.transaction_id.as_deref() == Some(refund_no.as_str()) {
            return Err(invalid("refundNo는 결제의 transactionId와 달라야 합니다."));
        }
        if !matches!(record.status, "PAY_COMPLETE" | "REFUND_SUCCESS") || record.refundable == 0 {
            // Guess: the code of a refund of what cannot be refunded.
            return Err(ApiError::new(
                "COMMON_REFUND_ERROR",
                format!(
                    "환불할 수 없는 상태입니다. (sandbox: the payment is {}, {} refundable)",
                    record.status, record.refundable
                ),
            ));
        }
        let amount = req.amount.unwrap_or(record.refundable);
        if amount <= 0 || amount > record.refundable {
            return Err(ApiError::new(
                "COMMON_REFUND_ERROR",
                format!(
                    "환불 금액이 환불 가능 금액({})을 넘습니다.",
                    record.refundable
                ),
            ));
        }
        // docs-pay refunds: reason ≤ 255 of Korean, digits, letters and `_-:.^@()[]#/!%?&`.
        let reason_ok = |r: &String| {
            r.chars().count() <= REFUND_REASON_MAX && r.chars().all(refund_reason_allows)
        };
        if req.reason.as_ref().is_some_and(|r| !reason_ok(r)) {
            return Err(invalid(
                "reason은 한글, 영문, 숫자, _-:.^@()[]#/!%?& 로 된 255자 이하여야 합니다.",
            ));
        }
        record.refundable -= amount;
        record.status = "REFUND_SUCCESS";
        let tx = token("tprx");
        record.transactions.push(serde_json::json!({
            "stepType": "REFUND", "transactionId": tx, "transactionAmount": -amount,
            "discountedAmount": 0, "paidAmount": -amount, "regTs": toss_pay_time(now),
        }));
        // Seed 003's example answers refunded amounts as negative numbers.
        let body = serde_json::json!({
            "code": 0, "refundNo": refund_no, "approvalTime": toss_pay_time(now),
            "refundableAmount": record.refundable, "discountedAmount": 0, "paidAmount": record.amount,
            "refundedAmount": -amount, "refundedDiscountAmount": 0, "refundedPaidAmount": -amount,
            "payToken": record.pay_token, "transactionId": tx,
        });
        record.refunds.insert(refund_no, body.clone());
        Ok(body)
    }

    /// The latest payToken of `order_no`.
    pub(super) fn tosspay_token_of(&self, order_no: &str) -> Option<String> {
        self.tosspay.by_order.get(order_no).cloned()
    }

    /// Whether `pay_token` is `user_key`'s payment (`None`: a web payment).
    pub(super) fn tosspay_belongs_to(
        &mut self,
        pay_token: &str,
        user_key: Option<&str>,
        now: OffsetDateTime,
    ) -> Option<bool> {
        self.tosspay_record(pay_token, now)
            .ok()
            .map(|r| r.belongs_to(user_key))
    }

    /// What Toss Pay holds for `order_no`.
    pub fn tosspay_truth(&mut self, order_no: &str, now: OffsetDateTime) -> Option<TossPayTruth> {
        let token = self.tosspay.by_order.get(order_no)?.clone();
        let record = self.tosspay_record(&token, now).ok()?;
        let steps = |kind: &'static str| -> Vec<&Value> {
            record
                .transactions
                .iter()
                .filter(|t| t.get("stepType").and_then(Value::as_str) == Some(kind))
                .collect()
        };
        let refunded: i64 = steps("REFUND")
            .iter()
            .filter_map(|t| t.get("transactionAmount").and_then(Value::as_i64))
            .map(i64::abs)
            .sum();
        Some(TossPayTruth {
            pay_status: record.status,
            balance: record.amount - refunded,
            executions: steps("PAY").len(),
        })
    }

    /// `POST /api/v2/status`, by `payToken` or `orderNo`.
    pub fn tosspay_status(
        &mut self,
        q: TossPayStatusQuery,
        now: OffsetDateTime,
    ) -> Result<Value, ApiError> {
        let pay_token = match (q.pay_token, q.order_no) {
            (Some(t), _) => t,
            (None, Some(o)) => self.tosspay.by_order.get(&o).cloned().ok_or_else(|| {
                invalid("존재하지 않는 주문번호입니다. (sandbox: no payment for this orderNo)")
            })?,
            (None, None) => return Err(invalid("payToken 또는 orderNo가 필요합니다.")),
        };
        Ok(self.tosspay_record(&pay_token, now)?.status_body())
    }
}
