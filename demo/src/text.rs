//! The demo's own words, in two tables per language: the frame and the pages every bundle has,
//! and the shop's own pages. The components bring their own text
//! ([`leptos_tosspayments::messages`]); these are the storefront's.

use leptos_tosspayments::domain::server_api::OrderStatus;
use leptos_tosspayments::messages::Lang;

/// The strings of the frame and of the pages every bundle has (checkout, success, fail):
/// the drop-in checkout page links only these.
#[derive(Debug)]
pub(crate) struct Text {
    pub skip_to_content: &'static str,
    pub tagline: &'static str,
    pub language: &'static str,
    pub sandbox_title: &'static str,
    pub footer: &'static str,

    pub loading: &'static str,
    pub server_down: &'static str,
    pub server_down_next: &'static str,
    pub retry: &'static str,
    pub not_found: &'static str,
    pub back_to_shop: &'static str,
    pub view_order: &'static str,

    pub checkout_heading: &'static str,
    pub order_id: &'static str,
    pub total: &'static str,
    pub pay: &'static str,
    pub opening_payment: &'static str,
    pub missing_order: &'static str,
    pub order_not_payable: &'static str,
    pub needs_widget_key: &'static str,
    pub needs_api_key: &'static str,
    pub how_to_run: &'static str,

    pub order_name: &'static str,
    pub deposit_notice: &'static str,

    pub statuses: [&'static str; 8],
}

/// The strings of the shop's own pages and navigation (not in the drop-in checkout bundle).
#[derive(Debug)]
pub(crate) struct ShopText {
    pub nav_label: &'static str,
    pub nav_shop: &'static str,
    pub nav_window: &'static str,
    pub nav_subscribe: &'static str,
    pub shop_heading: &'static str,
    pub shop_intro: &'static str,
    pub quantity: &'static str,
    pub add_one: &'static str,
    pub remove_one: &'static str,
    pub each: &'static str,
    pub cart_heading: &'static str,
    pub cart_empty: &'static str,
    pub estimated_total: &'static str,
    pub server_prices: &'static str,
    pub coupon: &'static str,
    pub coupon_hint: &'static str,
    pub checkout: &'static str,
    pub creating_order: &'static str,
    pub other_ways: &'static str,
    pub window_link: &'static str,
    pub subscribe_link: &'static str,
    pub order_heading: &'static str,
    pub amount: &'static str,
    pub status_label: &'static str,
    pub balance: &'static str,
    pub method: &'static str,
    pub approved_at: &'static str,
    pub bank: &'static str,
    pub account_number: &'static str,
    pub due_date: &'static str,
    pub failure_code: &'static str,
    pub auto_refresh: &'static str,
    pub cancel: &'static str,
    pub cancelling: &'static str,
    /// Shown instead of the cancel button where this browser did not create the order.
    pub cancel_elsewhere: &'static str,
    /// Shown instead of a charge where this browser did not register the billing method.
    pub charge_elsewhere: &'static str,
    pub window_heading: &'static str,
    pub window_intro: &'static str,
    pub methods_label: &'static str,
    pub card: &'static str,
    pub virtual_account: &'static str,
    pub transfer: &'static str,
    pub mobile_phone: &'static str,
    pub subscribe_heading: &'static str,
    pub subscribe_intro: &'static str,
    pub customer_key: &'static str,
    pub register_card: &'static str,
    pub per_month: &'static str,
    pub charge: &'static str,
    pub charging: &'static str,
    pub charged: &'static str,
}

const KO: Text = Text {
    skip_to_content: "본문으로 건너뛰기",
    tagline: "토스페이먼츠 × Leptos 데모 상점",
    language: "언어",
    sandbox_title: "샌드박스: 실제 결제가 일어나지 않아요",
    footer: "데모 상점이에요. 테스트 키로는 실제 돈이 오가지 않아요.",

    loading: "불러오고 있어요…",
    server_down: "상점 서버에 연결하지 못했어요.",
    server_down_next: "서버가 실행 중인지 확인한 뒤 다시 시도해 주세요.",
    retry: "다시 시도",
    not_found: "페이지를 찾을 수 없어요",
    back_to_shop: "상점으로 돌아가기",
    view_order: "주문 보기",

    checkout_heading: "결제",
    order_id: "주문 번호",
    total: "총 결제 금액",
    pay: "결제하기",
    opening_payment: "결제를 요청하고 있어요…",
    missing_order: "주문 정보를 찾을 수 없어요. 상점에서 다시 주문해 주세요.",
    order_not_payable: "이 주문은 지금 결제할 수 없는 상태예요.",
    needs_widget_key: "이 페이지는 결제위젯 연동 키(test_gck_…)가 필요한데, 서버가 API 개별 연동 키(test_ck_…)로 실행 중이에요.",
    needs_api_key: "이 페이지는 API 개별 연동 키(test_ck_…)가 필요한데, 서버가 결제위젯 연동 키(test_gck_…)로 실행 중이에요.",
    how_to_run: "그 종류의 키 쌍으로 데모를 다시 실행해 주세요. 예:",

    order_name: "주문명",
    deposit_notice: "아래 계좌로 입금하면 결제가 끝나요. 주문 페이지에서 입금 여부를 확인할 수 있어요.",

    statuses: [
        "결제 대기",
        "승인 중",
        "결제 완료",
        "입금 대기",
        "부분 취소",
        "취소됨",
        "결제 실패",
        "기한 만료",
    ],
};

const KO_SHOP: ShopText = ShopText {
    nav_label: "주요 메뉴",
    nav_shop: "상점",
    nav_window: "결제창",
    nav_subscribe: "정기결제",
    shop_heading: "오늘의 상품",
    shop_intro: "수량을 고르고 결제해 보세요. 금액은 서버가 정해요.",
    quantity: "수량",
    add_one: "하나 더",
    remove_one: "하나 빼기",
    each: "개당",
    cart_heading: "장바구니",
    cart_empty: "상품을 담아 주세요.",
    estimated_total: "예상 금액",
    server_prices: "쿠폰을 포함한 최종 금액은 결제 화면에서 서버가 확정해요.",
    coupon: "쿠폰 코드 (선택)",
    coupon_hint: "예: WELCOME10",
    checkout: "결제하기",
    creating_order: "주문을 만들고 있어요…",
    other_ways: "다른 방법으로 결제해 보기",
    window_link: "결제창으로 결제하기 (카드 · 가상계좌 · 계좌이체 · 휴대폰)",
    subscribe_link: "카드를 등록하고 정기결제하기",
    order_heading: "주문 상세",
    amount: "결제 금액",
    status_label: "상태",
    balance: "남은 금액",
    method: "결제 수단",
    approved_at: "승인 시각",
    bank: "은행",
    account_number: "계좌번호",
    due_date: "입금 기한",
    failure_code: "실패 사유",
    auto_refresh: "입금이 확인되면 이 화면이 저절로 바뀌어요.",
    cancel: "결제 취소",
    cancelling: "취소하고 있어요…",
    charge_elsewhere: "이 결제수단은 등록한 브라우저에서만 결제할 수 있어요. 카드를 다시 등록해 주세요.",
    cancel_elsewhere: "이 주문은 주문한 브라우저에서만 취소할 수 있어요. 다른 기기에서 주문했다면 그곳에서 취소하거나 상점에 문의해 주세요.",
    window_heading: "결제창으로 결제하기",
    window_intro: "데모 장바구니(토스 티셔츠 1개, 스티커 팩 2개)로 주문을 만들고 토스페이먼츠 결제창을 열어요.",
    methods_label: "결제 수단",
    card: "카드",
    virtual_account: "가상계좌",
    transfer: "계좌이체",
    mobile_phone: "휴대폰",
    subscribe_heading: "정기결제",
    subscribe_intro: "카드를 한 번 등록하면 다음부터는 버튼 하나로 결제돼요. 빌링키는 서버에만 저장돼요.",
    customer_key: "고객 키",
    register_card: "카드 등록하기",
    per_month: "매월",
    charge: "1개월 결제하기",
    charging: "결제하고 있어요…",
    charged: "결제했어요",
};

const EN: Text = Text {
    skip_to_content: "Skip to content",
    tagline: "A Toss Payments × Leptos demo shop",
    language: "Language",
    sandbox_title: "Sandbox: no real payment happens",
    footer: "A demo shop. With test keys no real money moves.",

    loading: "Loading…",
    server_down: "Could not reach the shop's server.",
    server_down_next: "Check that the server is running, then try again.",
    retry: "Try again",
    not_found: "Page not found",
    back_to_shop: "Back to the shop",
    view_order: "View order",

    checkout_heading: "Checkout",
    order_id: "Order id",
    total: "Total",
    pay: "Pay",
    opening_payment: "Requesting the payment…",
    missing_order: "This order could not be found. Please order again from the shop.",
    order_not_payable: "This order cannot be paid in its current state.",
    needs_widget_key: "This page needs a payment-widget client key (test_gck_…), but the server runs with an API-individual key (test_ck_…).",
    needs_api_key: "This page needs an API-individual client key (test_ck_…), but the server runs with a payment-widget key (test_gck_…).",
    how_to_run: "Run the demo again with a key pair of that kind, for example:",

    order_name: "Order",
    deposit_notice: "Deposit to the account below to finish paying. The order page shows when it arrives.",

    statuses: [
        "Awaiting payment",
        "Confirming",
        "Paid",
        "Waiting for deposit",
        "Partially cancelled",
        "Cancelled",
        "Failed",
        "Expired",
    ],
};

const EN_SHOP: ShopText = ShopText {
    nav_label: "Main",
    nav_shop: "Shop",
    nav_window: "Payment window",
    nav_subscribe: "Subscription",
    shop_heading: "Today's products",
    shop_intro: "Pick quantities and pay. The server sets the prices.",
    quantity: "Quantity",
    add_one: "add one",
    remove_one: "remove one",
    each: "each",
    cart_heading: "Your cart",
    cart_empty: "Your cart is empty.",
    estimated_total: "Estimated total",
    server_prices: "The server sets the final amount, coupon included, at checkout.",
    coupon: "Coupon code (optional)",
    coupon_hint: "e.g. WELCOME10",
    checkout: "Checkout",
    creating_order: "Creating your order…",
    other_ways: "Other ways to pay",
    window_link: "Pay in the payment window (card · virtual account · transfer · phone)",
    subscribe_link: "Register a card for automatic billing",
    order_heading: "Order details",
    amount: "Amount",
    status_label: "Status",
    balance: "Balance",
    method: "Method",
    approved_at: "Approved at",
    bank: "Bank",
    account_number: "Account number",
    due_date: "Deposit by",
    failure_code: "Failure",
    auto_refresh: "This page updates by itself when the deposit arrives.",
    cancel: "Cancel payment",
    cancelling: "Cancelling…",
    charge_elsewhere: "This payment method can be charged only from the browser that registered it. Register the card again.",
    cancel_elsewhere: "This order can be cancelled only from the browser it was placed in. Cancel it there, or ask the shop.",
    window_heading: "Pay in the payment window",
    window_intro: "Creates an order for a demo cart (1 Toss T-shirt, 2 sticker packs) and opens Toss's payment window.",
    methods_label: "Payment method",
    card: "Card",
    virtual_account: "Virtual account",
    transfer: "Bank transfer",
    mobile_phone: "Mobile phone",
    subscribe_heading: "Subscription",
    subscribe_intro: "Register a card once; after that one button pays. The billing key stays on the server.",
    customer_key: "Customer key",
    register_card: "Register a card",
    per_month: "per month",
    charge: "Charge 1 month",
    charging: "Charging…",
    charged: "Charged",
};

/// The demo's common text in `lang`.
pub(crate) fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        _ => &KO,
    }
}

/// The shop pages' text in `lang`.
pub(crate) fn shop_text(lang: Lang) -> &'static ShopText {
    match lang {
        Lang::En => &EN_SHOP,
        _ => &KO_SHOP,
    }
}

impl Text {
    /// A status for people (the machine name is shown next to it).
    pub(crate) fn status(&self, status: OrderStatus) -> &'static str {
        let i = OrderStatus::ALL
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        self.statuses[i]
    }
}
