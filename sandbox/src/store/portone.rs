//! PortOne (i'mport, V1) as a route to Toss Payments: the payments `IMP.request_pay` makes
//! (through the `iamport.js` stand-in's sheet), the REST API's access tokens, lookups, cancels
//! and billing keys (`customer_uid`), and the notices (webhooks) PortOne sends.
//!
//! Sources: PortOne's V1 API reference (`v1.openapi.yml`), its SDK docs (`payrq.mdx`,
//! `payrt.mdx`), its token, cancel and webhook guides, and the official REST clients' tests;
//! `docs/research/portone.md` quotes them, and CONFORMANCE.md ("PortOne") lists the guesses.

use leptos_tosspayments::domain::portone::{
    amount_is_valid, customer_uid_is_valid, merchant_uid_is_valid,
};
use serde_json::{Value, json};

use super::*;

/// How long an access token lives (the token guide: 30 minutes).
const TOKEN_LIFE: time::Duration = time::Duration::minutes(30);

/// A PortOne REST failure: `{code, message, response: null}` with its HTTP status (200 for a
/// refusal, 401 for a token, 404 for an unknown payment or customer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortOneError {
    /// The HTTP status.
    pub status: u16,
    /// PortOne's `code` (`-1` for a refusal, `1` for a cancel of no payment: observed values).
    pub code: i64,
    /// PortOne's `message`.
    pub message: String,
}

impl PortOneError {
    fn refused(message: impl Into<String>) -> Self {
        PortOneError {
            status: 200,
            code: -1,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> Self {
        PortOneError {
            status: 404,
            code: -1,
            message: message.into(),
        }
    }

    /// 401: a missing, unknown or expired token.
    pub fn unauthorized() -> Self {
        PortOneError {
            status: 401,
            code: -1,
            message: "Unauthorized".to_owned(),
        }
    }
}

/// One cancel of a payment (`cancel_history[]`).
#[derive(Debug, Clone)]
struct Cancellation {
    id: String,
    amount: i64,
    reason: String,
    at: i64,
}

/// One payment.
#[derive(Debug, Clone)]
struct PortOnePayment {
    imp_uid: String,
    merchant_uid: String,
    name: String,
    amount: i64,
    pay_method: String,
    status: &'static str,
    channel: &'static str,
    buyer_name: Option<String>,
    started_at: i64,
    paid_at: i64,
    failed_at: i64,
    cancelled_at: i64,
    fail_reason: Option<String>,
    cancels: Vec<Cancellation>,
    customer_uid: Option<String>,
    vbank: Option<(String, String, i64)>,
}

impl PortOnePayment {
    fn cancel_amount(&self) -> i64 {
        self.cancels.iter().map(|c| c.amount).sum()
    }

    /// The `PaymentAnnotation` (the fields the reference marks required, and those a Toss
    /// payment fills).
    fn body(&self) -> Value {
        let card = self.pay_method == "card";
        json!({
            "imp_uid": self.imp_uid,
            "merchant_uid": self.merchant_uid,
            "pay_method": self.pay_method,
            "channel": self.channel,
            "pg_provider": "tosspayments",
            "pg_tid": format!("tgen_{}", &self.imp_uid[4..]),
            "sandbox": true,
            "escrow": false,
            "apply_num": (self.status != "failed" && card).then_some("00000000"),
            "card_name": card.then_some("신한카드"),
            "card_code": card.then_some("366"),
            "card_quota": 0,
            "vbank_name": self.vbank.as_ref().map(|v| v.0.clone()),
            "vbank_num": self.vbank.as_ref().map(|v| v.1.clone()),
            "vbank_holder": Value::Null,
            "vbank_date": self.vbank.as_ref().map_or(0, |v| v.2),
            "name": self.name,
            "amount": self.amount,
            "cancel_amount": self.cancel_amount(),
            "currency": "KRW",
            "buyer_name": self.buyer_name,
            "status": self.status,
            "started_at": self.started_at,
            "paid_at": self.paid_at,
            "failed_at": self.failed_at,
            "cancelled_at": self.cancelled_at,
            "fail_reason": self.fail_reason,
            "cancel_reason": self.cancels.last().map(|c| c.reason.clone()),
            "cancel_history": self.cancels.iter().map(|c| json!({
                "pg_tid": format!("tcan_{}", c.id),
                "amount": c.amount,
                "cancelled_at": c.at,
                "reason": c.reason,
                "cancellation_id": c.id,
            })).collect::<Vec<_>>(),
            "customer_uid": self.customer_uid,
            "customer_uid_usage": self.customer_uid.as_ref().map(|_| "payment"),
        })
    }
}

/// What PortOne holds for an order (tests and the reliability suite compare with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortOneTruth {
    /// `ready`, `paid`, `cancelled` or `failed`.
    pub status: &'static str,
    /// The amount less what was cancelled.
    pub balance: i64,
    /// What was cancelled.
    pub cancelled: i64,
    /// How many cancels were made.
    pub cancels: usize,
}

/// A billing key (`/subscribe/customers/{customer_uid}`).
#[derive(Debug, Clone)]
struct Customer {
    customer_id: Option<String>,
    card_number: String,
    inserted: i64,
}

/// The PortOne side of the store.
#[derive(Debug, Clone, Default)]
pub struct PortOneStore {
    payments: HashMap<String, PortOnePayment>,
    by_merchant: HashMap<String, String>,
    /// The current token and when it expires (one per merchant: the sandbox has one).
    token: Option<(String, OffsetDateTime)>,
    customers: HashMap<String, Customer>,
    /// Pre-registered amounts (`/payments/prepare`), by merchant_uid.
    prepared: HashMap<String, i64>,
    /// Where notices go when a payment names no `notice_url` (the console's setting).
    webhook_url: Option<String>,
}

impl PortOneStore {
    /// An empty store whose notices go to `webhook_url`.
    pub(crate) fn sending_to(webhook_url: Option<String>) -> Self {
        PortOneStore {
            webhook_url,
            ..Default::default()
        }
    }
}

/// What the buyer did in the stand-in's payment window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetOutcome {
    /// Paid (a virtual account: issued, waiting for the deposit).
    Approve,
    /// The card company refused.
    Fail,
    /// The buyer closed the window.
    Cancel,
}

/// `IMP.request_pay`'s parameters as the stand-in's sheet sends them, with the buyer's choice.
#[derive(Debug, Clone, Deserialize)]
pub struct SheetPayment {
    /// `pg`: `tosspayments` or `tosspayments.{MID}`.
    #[serde(default)]
    pub pg: Option<String>,
    /// `card`, `trans`, `vbank`, `phone`, …
    #[serde(default)]
    pub pay_method: Option<String>,
    /// The merchant's order.
    pub merchant_uid: String,
    /// A number.
    pub amount: Value,
    /// ≤ 40.
    #[serde(default)]
    pub name: Option<String>,
    /// The buyer.
    #[serde(default)]
    pub buyer_name: Option<String>,
    /// A billing key to issue (a `card` window without a charge).
    #[serde(default)]
    pub customer_uid: Option<String>,
    /// Where this payment's notice goes instead of the console's URL.
    #[serde(default)]
    pub notice_url: Option<String>,
    /// `pc` or `mobile` (the stand-in redirects on mobile).
    #[serde(default)]
    pub channel: Option<String>,
    /// What the buyer did.
    pub outcome: SheetOutcome,
}

/// `POST /payments/cancel`'s body.
#[derive(Debug, Clone, Deserialize)]
pub struct PortOneCancel {
    /// Wins over `merchant_uid`.
    #[serde(default)]
    pub imp_uid: Option<String>,
    /// The order's latest payment.
    #[serde(default)]
    pub merchant_uid: Option<String>,
    /// Absent or 0: everything that remains.
    #[serde(default)]
    pub amount: Option<i64>,
    /// The refundable balance the caller expects; a different one fails the cancel.
    #[serde(default)]
    pub checksum: Option<i64>,
    /// ≤ 256.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST|PUT /payments/prepare`'s body.
#[derive(Debug, Clone, Deserialize)]
pub struct PortOnePrepare {
    /// The order.
    pub merchant_uid: String,
    /// The amount its window must charge.
    pub amount: Value,
}

/// `POST /subscribe/customers/{customer_uid}`'s body.
#[derive(Debug, Clone, Deserialize)]
pub struct PortOneCustomer {
    /// `dddd-dddd-dddd-dddd`.
    pub card_number: String,
    /// `YYYY-MM`.
    pub expiry: String,
    /// `YYMMDD` (or a 10-digit business number).
    #[serde(default)]
    pub birth: Option<String>,
    /// The first two digits of the card's password.
    #[serde(default)]
    pub pwd_2digit: Option<String>,
    /// Required for Toss Payments (the reference's per-PG note).
    #[serde(default)]
    pub customer_id: Option<String>,
}

/// `POST /subscribe/payments/again`'s and `/onetime`'s body.
#[derive(Debug, Clone, Deserialize)]
pub struct PortOneCharge {
    /// The billing key (`again`; `onetime` saves the card under it when given).
    #[serde(default)]
    pub customer_uid: Option<String>,
    /// Unique per payment.
    pub merchant_uid: String,
    /// A number.
    pub amount: Value,
    /// ≤ 40 (`again`: required).
    #[serde(default)]
    pub name: Option<String>,
    /// `onetime`: the card.
    #[serde(default)]
    pub card_number: Option<String>,
    /// `onetime`: `YYYY-MM`.
    #[serde(default)]
    pub expiry: Option<String>,
    /// Where this payment's notice goes.
    #[serde(default)]
    pub notice_url: Option<String>,
}

/// A card number as the reference writes it: `dddd-dddd-dddd-dddd` (15 or 16 digits).
fn check_card(number: &str, expiry: &str) -> Result<(), PortOneError> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let shaped = number.chars().all(|c| c.is_ascii_digit() || c == '-');
    let expiry_ok = expiry.len() == 7
        && expiry.as_bytes()[4] == b'-'
        && expiry
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    if !shaped || !(15..=16).contains(&digits.len()) || !expiry_ok {
        return Err(PortOneError::refused(
            "카드정보 인증에 실패하였습니다. (sandbox: card_number dddd-dddd-dddd-dddd, expiry YYYY-MM)",
        ));
    }
    Ok(())
}

fn amount_of(value: &Value) -> Result<i64, PortOneError> {
    // The SDK docs: a number, never a string.
    value
        .as_i64()
        .filter(|a| amount_is_valid(*a))
        .ok_or_else(|| PortOneError::refused("amount는 양의 정수(number)여야 합니다."))
}

impl Store {
    /// `POST /users/getToken`: the current token (the same one while it lives, extended by 5
    /// minutes when asked for in its last minute), or a new one for 30 minutes.
    pub fn portone_token(&mut self, now: OffsetDateTime) -> Value {
        let store = &mut self.portone;
        let token = match store.token.take() {
            Some((token, expires)) if expires > now => {
                let expires = if expires - now <= time::Duration::minutes(1) {
                    expires + time::Duration::minutes(5)
                } else {
                    expires
                };
                (token, expires)
            }
            _ => (
                uuid::Uuid::new_v4().simple().to_string()[..32].to_owned() + "a9ac0250",
                now + TOKEN_LIFE,
            ),
        };
        store.token = Some(token.clone());
        json!({
            "access_token": token.0,
            "now": now.unix_timestamp(),
            "expired_at": token.1.unix_timestamp(),
        })
    }

    /// Whether `token` is the live access token.
    pub fn portone_token_valid(&self, token: &str, now: OffsetDateTime) -> bool {
        self.portone
            .token
            .as_ref()
            .is_some_and(|(t, expires)| t == token && *expires > now)
    }

    /// Where notices go when a payment names no `notice_url`.
    pub fn set_portone_webhook_url(&mut self, url: Option<String>) {
        self.portone.webhook_url = url;
    }

    /// Moves the current token's expiry to `now` (a test's way to make it expire).
    pub fn portone_expire_token(&mut self, now: OffsetDateTime) {
        if let Some((_, expires)) = self.portone.token.as_mut() {
            *expires = now;
        }
    }

    fn portone_notice(&self, payment: &PortOnePayment, url: Option<&str>) -> Vec<Event> {
        let url = url
            .map(str::to_owned)
            .or_else(|| self.portone.webhook_url.clone());
        url.map(|url| Event::PortOneNotice {
            url,
            body: json!({
                "imp_uid": payment.imp_uid,
                "merchant_uid": payment.merchant_uid,
                "status": payment.status,
            }),
        })
        .into_iter()
        .collect()
    }

    fn portone_new_payment(
        &mut self,
        merchant_uid: &str,
        amount: i64,
        now: OffsetDateTime,
    ) -> Result<PortOnePayment, PortOneError> {
        if !merchant_uid_is_valid(merchant_uid) {
            return Err(PortOneError::refused(
                "merchant_uid는 1~40자여야 합니다. (merchant_uid: 1 to 40 characters)",
            ));
        }
        // A merchant_uid already paid is refused (the SDK docs: 사전거절).
        if let Some(previous) = self
            .portone
            .by_merchant
            .get(merchant_uid)
            .and_then(|uid| self.portone.payments.get(uid))
            && matches!(previous.status, "paid" | "cancelled" | "ready")
        {
            return Err(PortOneError::refused(
                "이미 결제된 merchant_uid입니다. (merchant_uid already paid)",
            ));
        }
        let digits: String = uuid::Uuid::new_v4()
            .as_u128()
            .to_string()
            .chars()
            .take(12)
            .collect();
        Ok(PortOnePayment {
            imp_uid: format!("imp_{digits}"),
            merchant_uid: merchant_uid.to_owned(),
            name: String::new(),
            amount,
            pay_method: "card".to_owned(),
            status: "ready",
            channel: "pc",
            buyer_name: None,
            started_at: now.unix_timestamp(),
            paid_at: 0,
            failed_at: 0,
            cancelled_at: 0,
            fail_reason: None,
            cancels: Vec::new(),
            customer_uid: None,
            vbank: None,
        })
    }

    fn portone_keep(&mut self, payment: PortOnePayment) {
        self.portone
            .by_merchant
            .insert(payment.merchant_uid.clone(), payment.imp_uid.clone());
        self.portone
            .payments
            .insert(payment.imp_uid.clone(), payment);
    }

    /// The stand-in's payment window answered: the payment as `request_pay`'s callback (or
    /// the `m_redirect_url`) reports it, and its notice. A closed window or a refusal makes a
    /// `failed` payment (and no notice: PortOne sends none for a failure).
    pub fn portone_sheet(
        &mut self,
        req: SheetPayment,
        now: OffsetDateTime,
    ) -> Result<(Value, Vec<Event>), PortOneError> {
        // The billing-key window charges nothing: its amount may be 0 (PortOne's Toss guide).
        let amount = match (&req.customer_uid, req.amount.as_i64()) {
            (Some(_), Some(0)) => 0,
            _ => amount_of(&req.amount)?,
        };
        if let Some(pg) = &req.pg
            && pg != "tosspayments"
            && !pg.starts_with("tosspayments.")
        {
            return Err(PortOneError::refused(format!(
                "sandbox: only pg 'tosspayments' (or 'tosspayments.{{MID}}') is played, not {pg}"
            )));
        }
        let method = req.pay_method.clone().unwrap_or_else(|| "card".to_owned());
        if !["card", "trans", "vbank", "phone"].contains(&method.as_str()) {
            return Err(PortOneError::refused(format!(
                "sandbox: pay_method {method} is not played (card, trans, vbank, phone)"
            )));
        }
        // A pre-registered amount stops a window for another amount before any payment (the
        // reference: "PG사 결제창 호출이 중단됩니다"; the error's wording is a guess).
        if let Some(prepared) = self.portone.prepared.get(&req.merchant_uid)
            && *prepared != amount
        {
            return Err(PortOneError::refused(format!(
                "사전 등록된 결제 금액({prepared})과 요청 금액({amount})이 다릅니다. (sandbox)"
            )));
        }
        let mut payment = self.portone_new_payment(&req.merchant_uid, amount, now)?;
        payment.name = req.name.unwrap_or_default().chars().take(40).collect();
        payment.buyer_name = req.buyer_name;
        payment.pay_method = method.clone();
        payment.channel = if req.channel.as_deref() == Some("mobile") {
            "mobile"
        } else {
            "pc"
        };
        if let Some(uid) = &req.customer_uid
            && (!customer_uid_is_valid(uid) || method != "card")
        {
            return Err(PortOneError::refused(
                "customer_uid: 1~80자, 카드(card)만 빌링키를 발급합니다.",
            ));
        }
        match req.outcome {
            SheetOutcome::Approve if req.customer_uid.is_some() => {
                // The billing-key window charges nothing (PortOne's Toss guide).
                let uid = req.customer_uid.clone().unwrap_or_default();
                self.portone.customers.insert(
                    uid.clone(),
                    Customer {
                        customer_id: None,
                        card_number: "5365-10**-****-7540".to_owned(),
                        inserted: now.unix_timestamp(),
                    },
                );
                payment.customer_uid = Some(uid);
                payment.status = "paid";
                payment.paid_at = now.unix_timestamp();
            }
            SheetOutcome::Approve if method == "vbank" => {
                payment.vbank = Some((
                    "국민은행".to_owned(),
                    format!("T{}", &payment.imp_uid[4..]),
                    (now + time::Duration::days(3)).unix_timestamp(),
                ));
            }
            SheetOutcome::Approve => {
                payment.status = "paid";
                payment.paid_at = now.unix_timestamp();
            }
            SheetOutcome::Fail => {
                payment.status = "failed";
                payment.failed_at = now.unix_timestamp();
                payment.fail_reason = Some("[F0004] 카드사 승인 거절 (sandbox)".to_owned());
            }
            SheetOutcome::Cancel => {
                payment.status = "failed";
                payment.failed_at = now.unix_timestamp();
                payment.fail_reason = Some("사용자가 결제를 취소하셨습니다".to_owned());
            }
        }
        let events = if payment.status == "failed" {
            Vec::new()
        } else {
            self.portone_notice(&payment, req.notice_url.as_deref())
        };
        let answer = json!({
            "imp_uid": payment.imp_uid,
            "merchant_uid": payment.merchant_uid,
            "status": payment.status,
            "error_code": (payment.status == "failed").then_some("F400"),
            "error_msg": payment.fail_reason,
        });
        self.portone_keep(payment);
        Ok((answer, events))
    }

    /// `POST /payments/prepare` (a new registration; one per merchant_uid) or `PUT` (`update`:
    /// a new amount for a registered one).
    pub fn portone_prepare(
        &mut self,
        req: PortOnePrepare,
        update: bool,
    ) -> Result<Value, PortOneError> {
        let amount = amount_of(&req.amount)?;
        if !merchant_uid_is_valid(&req.merchant_uid) {
            return Err(PortOneError::refused("merchant_uid는 1~40자여야 합니다."));
        }
        let known = self.portone.prepared.contains_key(&req.merchant_uid);
        match (update, known) {
            (false, true) => {
                return Err(PortOneError {
                    status: 200,
                    code: 1,
                    message: "결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다)."
                        .to_owned(),
                });
            }
            (true, false) => {
                return Err(PortOneError::not_found(
                    "사전등록된 결제정보가 존재하지 않습니다.",
                ));
            }
            _ => {}
        }
        self.portone
            .prepared
            .insert(req.merchant_uid.clone(), amount);
        Ok(json!({ "merchant_uid": req.merchant_uid, "amount": amount }))
    }

    /// `GET /payments/prepare/{merchant_uid}`.
    pub fn portone_prepared(&self, merchant_uid: &str) -> Result<Value, PortOneError> {
        self.portone
            .prepared
            .get(merchant_uid)
            .map(|amount| json!({ "merchant_uid": merchant_uid, "amount": amount }))
            .ok_or_else(|| PortOneError::not_found("사전등록된 결제정보가 존재하지 않습니다."))
    }

    /// `GET /payments/{imp_uid}`.
    pub fn portone_payment(&self, imp_uid: &str) -> Result<Value, PortOneError> {
        self.portone
            .payments
            .get(imp_uid)
            .map(PortOnePayment::body)
            .ok_or_else(|| PortOneError::not_found("유효하지 않은 imp_uid입니다."))
    }

    /// `GET /payments/find/{merchant_uid}[/{status}]`: the order's latest payment.
    pub fn portone_find(
        &self,
        merchant_uid: &str,
        status: Option<&str>,
    ) -> Result<Value, PortOneError> {
        self.portone
            .by_merchant
            .get(merchant_uid)
            .and_then(|uid| self.portone.payments.get(uid))
            .filter(|p| status.is_none_or(|s| s == "all" || s == p.status))
            .map(PortOnePayment::body)
            .ok_or_else(|| PortOneError::not_found("유효하지 않은 merchant_uid입니다."))
    }

    /// `POST /payments/cancel`.
    pub fn portone_cancel(
        &mut self,
        req: PortOneCancel,
        now: OffsetDateTime,
    ) -> Result<Value, PortOneError> {
        let uid = match (&req.imp_uid, &req.merchant_uid) {
            (Some(uid), _) => Some(uid.clone()),
            (None, Some(m)) => self.portone.by_merchant.get(m).cloned(),
            (None, None) => None,
        };
        // Observed in the official client's tests: code 1 for a payment that does not exist.
        let missing = || PortOneError {
            status: 200,
            code: 1,
            message: "취소할 결제건이 존재하지 않습니다.".to_owned(),
        };
        let payment = uid
            .and_then(|uid| self.portone.payments.get_mut(&uid))
            .ok_or_else(missing)?;
        if payment.status != "paid" {
            return Err(PortOneError::refused(format!(
                "취소할 수 없는 결제입니다. (status {})",
                payment.status
            )));
        }
        let refundable = payment.amount - payment.cancel_amount();
        if let Some(checksum) = req.checksum
            && checksum != refundable
        {
            return Err(PortOneError::refused(format!(
                "checksum이 취소가능잔액({refundable})과 다릅니다."
            )));
        }
        let amount = match req.amount {
            None | Some(0) => refundable,
            Some(a) if a < 0 || a > refundable => {
                return Err(PortOneError::refused(format!(
                    "취소가능잔액({refundable})을 초과합니다."
                )));
            }
            Some(a) => a,
        };
        let reason: String = req.reason.unwrap_or_default().chars().take(256).collect();
        payment.cancels.push(Cancellation {
            id: uuid::Uuid::new_v4().simple().to_string()[..20].to_owned(),
            amount,
            reason,
            at: now.unix_timestamp(),
        });
        if payment.cancel_amount() == payment.amount {
            payment.status = "cancelled";
            payment.cancelled_at = now.unix_timestamp();
        }
        Ok(payment.body())
    }

    /// `POST /subscribe/customers/{customer_uid}`: issues (or replaces) a billing key.
    pub fn portone_issue(
        &mut self,
        customer_uid: &str,
        req: PortOneCustomer,
        now: OffsetDateTime,
    ) -> Result<Value, PortOneError> {
        if !customer_uid_is_valid(customer_uid) {
            return Err(PortOneError::refused("customer_uid는 1~80자여야 합니다."));
        }
        check_card(&req.card_number, &req.expiry)?;
        let masked: String = req
            .card_number
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if (7..14).contains(&i) && c != '-' {
                    '*'
                } else {
                    c
                }
            })
            .collect();
        let customer = Customer {
            customer_id: req.customer_id,
            card_number: masked,
            inserted: now.unix_timestamp(),
        };
        let body = customer_body(customer_uid, &customer, now);
        self.portone
            .customers
            .insert(customer_uid.to_owned(), customer);
        Ok(body)
    }

    /// `GET /subscribe/customers/{customer_uid}`.
    pub fn portone_customer(
        &self,
        customer_uid: &str,
        now: OffsetDateTime,
    ) -> Result<Value, PortOneError> {
        self.portone
            .customers
            .get(customer_uid)
            .map(|c| customer_body(customer_uid, c, now))
            .ok_or_else(|| PortOneError::not_found("유효하지 않은 customer_uid입니다."))
    }

    /// `DELETE /subscribe/customers/{customer_uid}`: the deleted key.
    pub fn portone_delete_customer(
        &mut self,
        customer_uid: &str,
        now: OffsetDateTime,
    ) -> Result<Value, PortOneError> {
        self.portone
            .customers
            .remove(customer_uid)
            .map(|c| customer_body(customer_uid, &c, now))
            .ok_or_else(|| PortOneError::not_found("유효하지 않은 customer_uid입니다."))
    }

    /// `POST /subscribe/payments/again` (with a billing key) and `/onetime` (with a card): a
    /// payment made by the API (`channel: api`). A card whose number ends in `0002` is
    /// declined: `code: 0` with `status: failed` (the guide: code 0 is only "the card company
    /// was reached").
    pub fn portone_charge(
        &mut self,
        req: PortOneCharge,
        onetime: bool,
        now: OffsetDateTime,
    ) -> Result<(Value, Vec<Event>), PortOneError> {
        let amount = amount_of(&req.amount)?;
        let card = if onetime {
            let (Some(number), Some(expiry)) = (&req.card_number, &req.expiry) else {
                return Err(PortOneError::refused("card_number와 expiry는 필수입니다."));
            };
            check_card(number, expiry)?;
            number.clone()
        } else {
            let uid = req
                .customer_uid
                .as_deref()
                .ok_or_else(|| PortOneError::refused("customer_uid는 필수입니다."))?;
            if req.name.as_deref().is_none_or(str::is_empty) {
                return Err(PortOneError::refused("name은 필수입니다."));
            }
            self.portone
                .customers
                .get(uid)
                .map(|c| c.card_number.clone())
                .ok_or_else(|| PortOneError::refused("등록되지 않은 customer_uid입니다."))?
        };
        let mut payment = self.portone_new_payment(&req.merchant_uid, amount, now)?;
        payment.name = req.name.unwrap_or_default().chars().take(40).collect();
        payment.channel = "api";
        payment.customer_uid = req.customer_uid.clone();
        if card.ends_with("0002") {
            payment.status = "failed";
            payment.failed_at = now.unix_timestamp();
            payment.fail_reason = Some("[F0004] 카드사 승인 거절 (sandbox)".to_owned());
        } else {
            payment.status = "paid";
            payment.paid_at = now.unix_timestamp();
        }
        if onetime && let Some(uid) = &req.customer_uid {
            // The Toss guide saves the card under customer_uid (the reference says Toss does
            // not: a conflict, CONFORMANCE.md); the sandbox follows the guide.
            self.portone.customers.insert(
                uid.clone(),
                Customer {
                    customer_id: None,
                    card_number: card,
                    inserted: now.unix_timestamp(),
                },
            );
        }
        let events = if payment.status == "paid" {
            self.portone_notice(&payment, req.notice_url.as_deref())
        } else {
            Vec::new()
        };
        let body = payment.body();
        self.portone_keep(payment);
        Ok((body, events))
    }

    /// What PortOne holds for `merchant_uid`: its latest payment.
    pub fn portone_truth(&self, merchant_uid: &str) -> Option<PortOneTruth> {
        let payment = self
            .portone
            .by_merchant
            .get(merchant_uid)
            .and_then(|uid| self.portone.payments.get(uid))?;
        Some(PortOneTruth {
            status: payment.status,
            balance: payment.amount - payment.cancel_amount(),
            cancelled: payment.cancel_amount(),
            cancels: payment.cancels.len(),
        })
    }
}

fn customer_body(customer_uid: &str, c: &Customer, now: OffsetDateTime) -> Value {
    json!({
        "customer_uid": customer_uid,
        "customer_id": c.customer_id,
        "pg_provider": "tosspayments",
        "pg_id": "tosspayments_sandbox",
        "card_name": "신한카드",
        "card_code": "366",
        "card_number": c.card_number,
        "card_type": 0,
        "inserted": c.inserted,
        "updated": now.unix_timestamp(),
        "sandbox": true,
    })
}
