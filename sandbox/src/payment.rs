//! The Core API's Payment and Billing objects, with the documented field names.
//!
//! Field names and shapes follow `../shared/toss-reference.md` §B ("The Payment object"). Values
//! that the references do not give (card numbers, bank codes, the merchant id, `version`) are
//! plausible placeholders and say so in the crate docs.

use serde::Serialize;
use serde_json::Value;

/// `Payment` as `GET /v1/payments/{paymentKey}` returns it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// The Payment object's version.
    pub version: &'static str,
    /// The payment key.
    pub payment_key: String,
    /// `NORMAL`, `BILLING` or `BRANDPAY`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The merchant's order id.
    pub order_id: String,
    /// The order name.
    pub order_name: String,
    /// The merchant id.
    pub m_id: String,
    /// `KRW`.
    pub currency: String,
    /// The method as a Korean label (`카드`, `가상계좌`, ...), `null` before one is known.
    pub method: Option<&'static str>,
    /// The authenticated amount.
    pub total_amount: u64,
    /// What remains after cancellations.
    pub balance_amount: u64,
    /// `READY` … `EXPIRED`.
    pub status: &'static str,
    /// When the buyer authenticated (`+09:00`).
    pub requested_at: String,
    /// When the payment was approved.
    pub approved_at: Option<String>,
    /// Escrow is not emulated.
    pub use_escrow: bool,
    /// The key of the last approve/cancel transaction.
    pub last_transaction_key: Option<String>,
    /// `totalAmount − vat`.
    pub supplied_amount: u64,
    /// Value-added tax: one eleventh of the taxable amount, rounded.
    pub vat: u64,
    /// Cultural-expense deduction is not emulated.
    pub culture_expense: bool,
    /// Tax-free part.
    pub tax_free_amount: u64,
    /// Tax-exempt part.
    pub tax_exemption_amount: u64,
    /// The cancellations, oldest first; `null` until the first.
    pub cancels: Option<Vec<Cancel>>,
    /// Whether a partial cancel is possible.
    pub is_partial_cancelable: bool,
    /// Card details for card payments.
    pub card: Option<Card>,
    /// Account details for virtual-account payments.
    pub virtual_account: Option<VirtualAccount>,
    /// For virtual accounts: the value every `DEPOSIT_CALLBACK` of this payment carries.
    pub secret: Option<String>,
    /// Not emulated (`null`).
    pub mobile_phone: Option<Value>,
    /// Not emulated (`null`).
    pub gift_certificate: Option<Value>,
    /// Transfer details for account transfers.
    pub transfer: Option<Transfer>,
    /// The receipt.
    pub receipt: Option<Url>,
    /// The checkout page.
    pub checkout: Url,
    /// Easy-pay details for `간편결제` payments, `null` otherwise.
    pub easy_pay: Option<EasyPay>,
    /// `KR`.
    pub country: &'static str,
    /// The failure, for aborted payments.
    pub failure: Option<Failure>,
    /// Not emulated (`null`).
    pub cash_receipt: Option<Value>,
    /// Not emulated (`null`).
    pub cash_receipts: Option<Value>,
    /// Not emulated (`null`).
    pub discount: Option<Value>,
    /// The `metadata` given at request time.
    pub metadata: Option<leptos_tosspayments::Metadata>,
}

/// `{url}`.
#[derive(Debug, Clone, Serialize)]
pub struct Url {
    /// The address.
    pub url: String,
}

/// `{code, message}` of an aborted payment.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Error code.
    pub code: String,
    /// Message.
    pub message: String,
}

/// One cancellation.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cancel {
    /// Amount cancelled.
    pub cancel_amount: u64,
    /// The merchant's reason.
    pub cancel_reason: String,
    /// Tax-free part cancelled.
    pub tax_free_amount: u64,
    /// Tax-exempt part cancelled.
    pub tax_exemption_amount: u64,
    /// What can still be cancelled afterwards.
    pub refundable_amount: u64,
    /// Easy-pay discount returned.
    pub easy_pay_discount_amount: u64,
    /// When.
    pub canceled_at: String,
    /// The cancel transaction's key.
    pub transaction_key: String,
    /// Not emulated (`null`).
    pub receipt_key: Option<String>,
    /// `DONE`.
    pub cancel_status: &'static str,
}

/// Card details.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// Amount charged to the card.
    pub amount: u64,
    /// Issuer code (placeholder).
    pub issuer_code: &'static str,
    /// Acquirer code (placeholder).
    pub acquirer_code: &'static str,
    /// Masked card number (placeholder).
    pub number: &'static str,
    /// Installment months (0 = lump sum).
    pub installment_plan_months: u32,
    /// Approval number.
    pub approve_no: String,
    /// Card points used.
    pub use_card_point: bool,
    /// `신용`.
    pub card_type: &'static str,
    /// `개인`.
    pub owner_type: &'static str,
    /// `READY`.
    pub acquire_status: &'static str,
    /// Interest-free installment.
    pub is_interest_free: bool,
    /// Who pays interest (`null`).
    pub interest_payer: Option<String>,
}

/// `easyPay` of a `간편결제` payment: `{provider, amount, discountAmount}`
/// (`../shared/toss-reference.md` §B; Toss's confirm answers carry e.g.
/// `"easyPay": {"provider": "토스페이", "amount": 50000, "discountAmount": 0}`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EasyPay {
    /// The provider's Korean name (`토스페이`, `카카오페이`, ...), not its SDK code.
    pub provider: &'static str,
    /// What the provider's prepaid balance paid. The sandbox pays everything from it (`card`
    /// stays `null`); a card-funded easy pay would show `0` here and the card part in `card`.
    pub amount: u64,
    /// The provider's discount (not emulated: `0`).
    pub discount_amount: u64,
}

/// The Korean name the Core API reports in `easyPay.provider` for an SDK easy-pay code
/// (`TOSSPAY` → `토스페이`), for the codes the SDK stand-in offers; `None` for any other.
///
/// Codes: the easy pays of the SDK's `WidgetsPaymentMethodCode` (its `index.d.ts`). Names:
/// Toss's Android SDK enum `TossEasyPayCompany` (tosspayments/payment-sdk-android). The d.ts
/// also lists `APPLEPAY`, `PINPAY` and `KBPAY`, whose Korean names no Toss source at hand gives.
pub fn easy_pay_provider(code: &str) -> Option<&'static str> {
    Some(match code {
        "TOSSPAY" => "토스페이",
        "NAVERPAY" => "네이버페이",
        "SAMSUNGPAY" => "삼성페이",
        "LPAY" => "엘페이",
        "KAKAOPAY" => "카카오페이",
        "PAYCO" => "페이코",
        "SSG" => "SSG페이",
        _ => return None,
    })
}

/// Virtual account details.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccount {
    /// `일반`.
    pub account_type: &'static str,
    /// Test accounts start with `X`, as in Toss's test environment.
    pub account_number: String,
    /// Bank code (placeholder).
    pub bank_code: &'static str,
    /// The buyer's name.
    pub customer_name: String,
    /// Deposit deadline.
    pub due_date: String,
    /// `NONE` until a refund.
    pub refund_status: &'static str,
    /// Whether the deadline passed.
    pub expired: bool,
    /// `INCOMPLETED` until settled.
    pub settlement_status: &'static str,
    /// The refund account given at cancel time, if any.
    pub refund_receive_account: Option<Value>,
}

/// Account transfer details.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    /// Bank code (placeholder).
    pub bank_code: &'static str,
    /// `INCOMPLETED`.
    pub settlement_status: &'static str,
}

/// `Billing`, from `POST /v1/billing/authorizations/issue`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    /// The merchant id.
    pub m_id: String,
    /// The buyer the key belongs to.
    pub customer_key: String,
    /// When the card was registered.
    pub authenticated_at: String,
    /// `카드` or `계좌이체`.
    pub method: &'static str,
    /// The billing key.
    pub billing_key: String,
    /// Card details (placeholder values).
    pub card: Option<Value>,
}

/// VAT as Toss computes it: one eleventh of the taxable part, rounded half up.
pub fn vat_of(total: u64, tax_free: u64) -> u64 {
    let taxable = total.saturating_sub(tax_free);
    (taxable + 5) / 11
}
