//! How the buyer pays.

super::open_enum! {
    /// A payment method, by the code the V2 SDK uses (`payment().requestPayment({method})`,
    /// `getSelectedPaymentMethod().code`).
    ///
    /// The Core API's `Payment.method` carries a **Korean** label instead (`카드`, `가상계좌`, …):
    /// read it with [`PaymentMethod::from_korean`], never with serde's code form.
    ///
    /// ```
    /// use leptos_tosspayments::PaymentMethod;
    ///
    /// assert_eq!(PaymentMethod::from_code("VIRTUAL_ACCOUNT"), PaymentMethod::VirtualAccount);
    /// assert_eq!(PaymentMethod::from_korean("가상계좌"), Some(PaymentMethod::VirtualAccount));
    /// assert_eq!(PaymentMethod::Card.korean_label(), Some("카드"));
    /// assert_eq!(PaymentMethod::from_code("KAKAOPAY"), PaymentMethod::Other("KAKAOPAY".into()));
    /// ```
    pub enum PaymentMethod {
        /// Credit or debit card (`카드`).
        Card => "CARD",
        /// Virtual account: the buyer wires money later (`가상계좌`).
        VirtualAccount => "VIRTUAL_ACCOUNT",
        /// Account transfer (`계좌이체`).
        Transfer => "TRANSFER",
        /// Mobile phone billing (`휴대폰`).
        MobilePhone => "MOBILE_PHONE",
        /// Culture gift certificate (`문화상품권`).
        CultureGiftCertificate => "CULTURE_GIFT_CERTIFICATE",
        /// Book gift certificate (`도서문화상품권`).
        BookGiftCertificate => "BOOK_GIFT_CERTIFICATE",
        /// Game gift certificate (`게임문화상품권`).
        GameGiftCertificate => "GAME_GIFT_CERTIFICATE",
        /// Foreign easy pay such as PayPal; redirect mode only.
        ForeignEasyPay => "FOREIGN_EASY_PAY",
        /// Easy pay (`간편결제`), as the integration guide lists it for the payment window and
        /// as `Payment.method` reports it. The SDK's `requestPayment` type does not list
        /// `EASY_PAY` as a `method`; select easy pay through `card.easyPay` there.
        EasyPay => "EASY_PAY",
    }
}

/// The Korean labels of `Payment.method`, from the Core API's Payment object.
const KOREAN: &[(&str, PaymentMethod)] = &[
    ("카드", PaymentMethod::Card),
    ("가상계좌", PaymentMethod::VirtualAccount),
    ("간편결제", PaymentMethod::EasyPay),
    ("휴대폰", PaymentMethod::MobilePhone),
    ("계좌이체", PaymentMethod::Transfer),
    ("문화상품권", PaymentMethod::CultureGiftCertificate),
    ("도서문화상품권", PaymentMethod::BookGiftCertificate),
    ("게임문화상품권", PaymentMethod::GameGiftCertificate),
];

impl PaymentMethod {
    /// Reads `Payment.method` (a Korean label). `None` for a label not in the references
    /// (Toss also sends `null` or `""` for some payments).
    pub fn from_korean(label: &str) -> Option<Self> {
        KOREAN
            .iter()
            .find(|(k, _)| *k == label)
            .map(|(_, m)| m.clone())
    }

    /// The Korean label the Core API uses for this method, if documented.
    pub fn korean_label(&self) -> Option<&'static str> {
        KOREAN.iter().find(|(_, m)| m == self).map(|(k, _)| *k)
    }
}
