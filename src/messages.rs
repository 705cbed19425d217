//! What the components say to people, in Korean and English. Failures say what happened and
//! what to do next.

/// The language of the components' text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Lang {
    /// 한국어 (the default: Toss's buyers are in Korea).
    #[default]
    Ko,
    /// English.
    En,
}

/// A failure explained: what happened, and what the buyer can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// What happened.
    pub what: &'static str,
    /// What to do next.
    pub next: &'static str,
}

/// Explains a failUrl `code` (or an SDK error code) to the buyer.
///
/// ```
/// use leptos_tosspayments::messages::{Lang, explain};
///
/// assert_eq!(explain("PAY_PROCESS_CANCELED", Lang::En).what, "You cancelled the payment.");
/// assert!(explain("SOMETHING_NEW", Lang::Ko).what.contains("결제"));
/// ```
pub fn explain(code: &str, lang: Lang) -> Explanation {
    let (ko, en) = match code {
        "PAY_PROCESS_CANCELED" | "USER_CANCEL" => (
            (
                "결제를 취소하셨어요.",
                "주문은 그대로 있어요. 다시 결제할 수 있어요.",
            ),
            (
                "You cancelled the payment.",
                "Your order is still here; you can pay again.",
            ),
        ),
        "PAY_PROCESS_ABORTED" => (
            ("결제가 중간에 중단되었어요.", "잠시 후 다시 시도해 주세요."),
            (
                "The payment was interrupted.",
                "Please try again in a moment.",
            ),
        ),
        "REJECT_CARD_COMPANY" | "REJECT_CARD_PAYMENT" => (
            (
                "카드사에서 결제를 거절했어요.",
                "다른 카드나 다른 결제 수단으로 다시 시도해 주세요.",
            ),
            (
                "Your card company declined the payment.",
                "Try another card or another payment method.",
            ),
        ),
        "NEED_AGREEMENT_WITH_REQUIRED_TERMS" => (
            (
                "필수 약관에 동의하지 않았어요.",
                "약관에 동의한 뒤 결제해 주세요.",
            ),
            (
                "The required terms are not agreed to.",
                "Tick the agreement, then pay.",
            ),
        ),
        "NOT_SELECTED_PAYMENT_METHOD" => (
            (
                "결제 수단을 선택하지 않았어요.",
                "결제 수단을 고른 뒤 결제해 주세요.",
            ),
            (
                "No payment method is selected.",
                "Choose a payment method, then pay.",
            ),
        ),
        "PROVIDER_STATUS_UNHEALTHY" | "PROVIDER_ERROR" => (
            (
                "결제사에 일시적인 문제가 있어요.",
                "다른 결제 수단을 이용하거나 잠시 후 다시 시도해 주세요.",
            ),
            (
                "The payment provider is having trouble.",
                "Use another payment method or try again shortly.",
            ),
        ),
        "NOT_FOUND_PAYMENT_SESSION" => (
            ("결제 시간이 지났어요.", "처음부터 다시 결제해 주세요."),
            (
                "The payment took too long and expired.",
                "Please start the payment again.",
            ),
        ),
        _ => (
            (
                "결제를 완료하지 못했어요.",
                "다시 시도하거나 다른 결제 수단을 이용해 주세요.",
            ),
            (
                "The payment could not be completed.",
                "Try again or use another payment method.",
            ),
        ),
    };
    let (what, next) = match lang {
        Lang::Ko => ko,
        Lang::En => en,
    };
    Explanation { what, next }
}

/// The components' fixed text.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    /// While the SDK loads.
    pub loading_methods: &'static str,
    /// A button that tries again.
    pub retry: &'static str,
    /// While the server confirms.
    pub confirming: &'static str,
    /// Heading of a confirmed payment.
    pub paid: &'static str,
    /// Heading of a virtual account waiting for its deposit.
    pub waiting_for_deposit: &'static str,
    /// Heading of the failure page.
    pub failed: &'static str,
    /// Back to checkout.
    pub back_to_checkout: &'static str,
    /// "Order".
    pub order: &'static str,
    /// "Amount".
    pub amount: &'static str,
    /// "Status".
    pub status: &'static str,
    /// "Method".
    pub method: &'static str,
    /// "Deposit to".
    pub deposit_to: &'static str,
    /// "Deposit by".
    pub deposit_by: &'static str,
    /// The page was opened without the redirect's query.
    pub bad_link: &'static str,
    /// While the server registers a billing method.
    pub registering: &'static str,
    /// A billing method was registered.
    pub registered: &'static str,
    /// PortOne: the button that opens PortOne's payment window.
    pub pay_portone: &'static str,
    /// Apps-in-Toss: the button that opens Toss Pay's sheet in the Toss app.
    pub pay_in_toss: &'static str,
    /// Apps-in-Toss: while the sheet is open.
    pub in_toss_sheet: &'static str,
    /// Apps-in-Toss: the buyer closed the sheet (Toss's `reason` follows, as it is).
    pub not_completed: &'static str,
}

/// The text for `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    const KO: Texts = Texts {
        loading_methods: "결제 수단을 불러오고 있어요…",
        retry: "다시 시도",
        confirming: "결제를 승인하고 있어요…",
        paid: "결제가 완료되었어요",
        waiting_for_deposit: "입금을 기다리고 있어요",
        failed: "결제하지 못했어요",
        back_to_checkout: "결제 화면으로 돌아가기",
        order: "주문",
        amount: "결제 금액",
        status: "상태",
        method: "결제 수단",
        deposit_to: "입금 계좌",
        deposit_by: "입금 기한",
        bad_link: "결제 정보가 올바르지 않아요. 결제 화면에서 다시 시도해 주세요.",
        registering: "결제 수단을 등록하고 있어요…",
        registered: "자동결제 수단이 등록되었어요",
        pay_portone: "포트원으로 결제하기",
        pay_in_toss: "토스페이로 결제하기",
        in_toss_sheet: "토스 앱에서 결제를 진행하고 있어요…",
        not_completed: "결제를 완료하지 않았어요",
    };
    const EN: Texts = Texts {
        loading_methods: "Loading payment methods…",
        retry: "Try again",
        confirming: "Confirming your payment…",
        paid: "Payment complete",
        waiting_for_deposit: "Waiting for your deposit",
        failed: "The payment did not go through",
        back_to_checkout: "Back to checkout",
        order: "Order",
        amount: "Amount",
        status: "Status",
        method: "Method",
        deposit_to: "Deposit to",
        deposit_by: "Deposit by",
        bad_link: "This payment link is not valid. Please start again from checkout.",
        registering: "Registering your payment method…",
        registered: "Your automatic payment method is registered",
        pay_portone: "Pay through PortOne",
        pay_in_toss: "Pay with Toss Pay",
        in_toss_sheet: "Paying in the Toss app…",
        not_completed: "The payment was not completed",
    };
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

/// An amount as the page's language writes it: `23,000원` in Korean, `23,000 KRW` in English
/// (a USD amount is `$50.50` in both).
///
/// ```
/// use leptos_tosspayments::messages::{Lang, amount_text};
/// use leptos_tosspayments::Amount;
///
/// let a = Amount::krw(23_000)?;
/// assert_eq!(amount_text(a, Lang::Ko), "23,000원");
/// assert_eq!(amount_text(a, Lang::En), "23,000 KRW");
/// assert_eq!(amount_text(Amount::usd_cents(5_050)?, Lang::Ko), "$50.50");
/// # Ok::<(), leptos_tosspayments::AmountError>(())
/// ```
pub fn amount_text(amount: crate::Amount, lang: Lang) -> String {
    match (amount.currency(), lang) {
        (crate::Currency::Usd, _) => format!("${}", amount.grouped()),
        (_, Lang::Ko) => format!("{}원", amount.grouped()),
        (_, Lang::En) => amount.to_string(),
    }
}

/// An order's status as the page's language says it ("결제 완료", "Paid"). The machine value
/// stays in [`crate::domain::server_api::OrderStatus::as_str`] (the components put it in
/// `data-status`).
///
/// ```
/// use leptos_tosspayments::domain::server_api::OrderStatus;
/// use leptos_tosspayments::messages::{Lang, status_text};
///
/// assert_eq!(status_text(OrderStatus::Paid, Lang::Ko), "결제 완료");
/// assert_eq!(status_text(OrderStatus::WaitingForDeposit, Lang::En), "Waiting for deposit");
/// ```
pub fn status_text(status: crate::domain::server_api::OrderStatus, lang: Lang) -> &'static str {
    use crate::domain::server_api::OrderStatus::*;
    let (ko, en) = match status {
        Created => ("결제 대기", "Awaiting payment"),
        Confirming => ("승인 중", "Confirming"),
        Paid => ("결제 완료", "Paid"),
        WaitingForDeposit => ("입금 대기", "Waiting for deposit"),
        PartiallyCancelled => ("부분 취소", "Partially cancelled"),
        Cancelled => ("결제 취소", "Cancelled"),
        Failed => ("결제 실패", "Failed"),
        Expired => ("기한 만료", "Expired"),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}
