//! Card options: the payment window's `card` (`CardPaymentRequest.card`) and the widget's
//! `card` (`WidgetPaymentRequest.card`), with the codes they take.
//!
//! Every rule quoted here is from `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`.

use serde::Serialize;

use super::RequestError;
use super::common::{Deadline, DueDate, EscrowProduct, ValidHours, non_empty, opt_number};
use crate::Amount;

/// `card.flowMode` (and `flowMode` of a card billing request): which window opens.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.flowMode?: 'DIRECT' | 'DEFAULT' | null`: «결제창을 여는 방법입니다.
/// `DEFAULT`는 카드/간편결제 통합결제창을 열고, `DIRECT`는 카드 또는 간편결제의 자체창을 열어요. 기본
/// 값은 `DEFAULT`입니다.»
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FlowMode {
    /// `DEFAULT`: «카드/간편결제 통합결제창» (Toss's combined card and easy-pay window); the
    /// default.
    Default,
    /// `DIRECT`: «카드 또는 간편결제의 자체창» (the card company's or easy-pay app's own window,
    /// chosen by `cardCompany` or `easyPay`).
    Direct,
}

crate::domain::open_enum! {
    /// A card company code, for `card.cardCompany`, `freeInstallmentPlans[].company` and a card
    /// billing request's `cardCompany`.
    ///
    /// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
    /// `CardPaymentRequest.card.cardCompany?: string | null`: «[카드사 코드](/codes/org-codes#카드사-코드)입니다.
    /// `flowMode`가 `DIRECT`일 때는 입력한 코드의 카드사 앱이 열려요. `flowMode`가 `DEFAULT`일 때는
    /// 통합결제창에 입력한 코드의 카드사만 보여요.» The field is a plain `string`; the known codes are
    /// the card companies of the d.ts's `WidgetsPaymentMethodCode` union (`'SHINHAN'` through
    /// `'AMEX'`, in its order), and any other code is kept in `Other`.
    #[non_exhaustive]
    pub enum CardCompany {
        /// 신한카드.
        Shinhan => "SHINHAN",
        /// 현대카드.
        Hyundai => "HYUNDAI",
        /// 삼성카드.
        Samsung => "SAMSUNG",
        /// 우리카드.
        Woori => "WOORI",
        /// KB국민카드.
        Kookmin => "KOOKMIN",
        /// 롯데카드.
        Lotte => "LOTTE",
        /// NH농협카드.
        Nonghyeop => "NONGHYEOP",
        /// 하나카드.
        Hana => "HANA",
        /// BC카드.
        Bc => "BC",
        /// 산업은행.
        KdbBank => "KDBBANK",
        /// 토스뱅크.
        TossBank => "TOSSBANK",
        /// 카카오뱅크.
        KakaoBank => "KAKAOBANK",
        /// Sh수협은행.
        Suhyeop => "SUHYEOP",
        /// 전북은행.
        JeonbukBank => "JEONBUKBANK",
        /// 케이뱅크.
        KBank => "KBANK",
        /// 우체국.
        Post => "POST",
        /// 새마을금고.
        Saemaul => "SAEMAUL",
        /// 씨티카드.
        Citi => "CITI",
        /// 저축은행.
        SavingBank => "SAVINGBANK",
        /// 제주은행.
        JejuBank => "JEJUBANK",
        /// 광주은행.
        GwangjuBank => "GWANGJUBANK",
        /// 신협.
        Shinhyeop => "SHINHYEOP",
        /// JCB.
        Jcb => "JCB",
        /// UnionPay.
        UnionPay => "UNIONPAY",
        /// Mastercard.
        Master => "MASTER",
        /// Visa.
        Visa => "VISA",
        /// Diners Club.
        Diners => "DINERS",
        /// Discover.
        Discover => "DISCOVER",
        /// IBK기업은행 BC.
        IbkBc => "IBK_BC",
        /// American Express.
        Amex => "AMEX",
    }
}

crate::domain::open_enum! {
    /// An easy-pay code, for `card.easyPay`.
    ///
    /// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
    /// `CardPaymentRequest.card.easyPay?: string | null`: «[간편결제 코드](/codes/org-codes#간편결제사-코드)입니다.
    /// `flowMode`가 `DIRECT`일 때는 입력한 코드의 간편결제 앱이 열려요. `flowMode`가 `DEFAULT`일 때는
    /// 해당 파라미터와 상관 없이 기본 통합결제창이 열려요.» The field is a plain `string`; the known
    /// codes are the domestic easy pays of the d.ts's `WidgetsPaymentMethodCode` union (`'TOSSPAY'`
    /// through `'KBPAY'`, in its order), and any other code is kept in `Other`.
    #[non_exhaustive]
    pub enum EasyPay {
        /// 토스페이.
        TossPay => "TOSSPAY",
        /// 네이버페이.
        NaverPay => "NAVERPAY",
        /// 삼성페이.
        SamsungPay => "SAMSUNGPAY",
        /// 엘페이.
        LPay => "LPAY",
        /// 카카오페이.
        KakaoPay => "KAKAOPAY",
        /// 페이코.
        Payco => "PAYCO",
        /// SSG페이.
        Ssg => "SSG",
        /// 애플페이.
        ApplePay => "APPLEPAY",
        /// 핀페이.
        PinPay => "PINPAY",
        /// KB Pay.
        KbPay => "KBPAY",
    }
}

/// A number of installment months: 0 (일시불, paid at once) or 2 to 12.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.cardInstallmentPlan` and `maxCardInstallmentPlan` (`number`): «0(일시불),
/// 2~12 값으로 설정할 수 있고 …».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct InstallmentMonths(u8);

impl InstallmentMonths {
    /// 0: paid at once («0(일시불)»).
    pub const LUMP_SUM: InstallmentMonths = InstallmentMonths(0);

    /// `months` if it is 0 or 2 to 12; [`RequestError::InstallmentMonths`] otherwise.
    pub fn new(months: u8) -> Result<Self, RequestError> {
        match months {
            0 | 2..=12 => Ok(InstallmentMonths(months)),
            _ => Err(RequestError::InstallmentMonths(months)),
        }
    }

    /// The number of months (0 for a lump sum).
    pub const fn months(self) -> u8 {
        self.0
    }
}

/// The card installment rule: `cardInstallmentPlan` or `maxCardInstallmentPlan`, never both.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `CardPaymentRequest.card`:
/// `cardInstallmentPlan` «… 0(일시불), 2~12 값으로 설정할 수 있고 `maxCardInstallmentPlan`
/// 파라미터와 함께 사용할 수 없어요.» and `maxCardInstallmentPlan` «… `cardInstallmentPlan`
/// 파라미터와 함께 사용할 수 없어요.» (the two cannot be used together); one enum makes sending both
/// impossible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Installment {
    /// `cardInstallmentPlan`: «신용카드 결제에 적용되는 할부 개월 수입니다. 예를 들어, `6`으로
    /// 설정하면 할부 개월 수가 6개월로 고정돼요. 자체창에서는 구매자가 할부 개월 수를 볼 수 없으니
    /// 사전에 충분히 안내를 해주세요.» (fixes the months; in a `DIRECT` window the buyer does not
    /// see them, so say so beforehand).
    #[serde(rename = "cardInstallmentPlan")]
    Fixed(InstallmentMonths),
    /// `maxCardInstallmentPlan`: «신용카드 결제에 적용할 수 있는 최대 할부 개월 수입니다. 예를
    /// 들어, `6`으로 설정하면 구매자는 일시불부터 6개월 할부를 선택할 수 있어요.» (the buyer picks
    /// from a lump sum up to this many months).
    #[serde(rename = "maxCardInstallmentPlan")]
    UpTo(InstallmentMonths),
}

/// One item of `card.freeInstallmentPlans`: a card company and the installment months whose
/// interest the merchant pays (상점 부담 무이자).
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.freeInstallmentPlans?: Array<{company: string; months: number[]}>`:
/// «신용카드 결제에 적용할 수 있는 **상점 부담 무이자** 할부 정보입니다. 구매자가 선택한 카드, 할부
/// 개월 수가 배열에 등록한 정보와 같다면 무이자 할부가 자동으로 적용돼요.» `company`: «상점 부담
/// 무이자를 적용할 카드사 코드입니다.» `months`: «상점 부담 무이자를 적용할 할부 개월입니다.» An
/// installment is 2 to 12 months (the range of `cardInstallmentPlan`; 0 is a lump sum, which has
/// no interest to waive), so each month count must be 2 to 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeInstallmentPlan {
    company: CardCompany,
    months: Vec<u8>,
}

impl FreeInstallmentPlan {
    /// Interest-free installments of `months` (each 2 to 12, at least one) on `company`'s cards.
    pub fn new(
        company: CardCompany,
        months: impl IntoIterator<Item = u8>,
    ) -> Result<Self, RequestError> {
        let months = non_empty(
            months.into_iter().collect(),
            "freeInstallmentPlans[].months",
        )?;
        if let Some(&m) = months.iter().find(|m| !(2..=12).contains(*m)) {
            return Err(RequestError::FreeInstallmentMonths(m));
        }
        Ok(FreeInstallmentPlan { company, months })
    }
}

/// An app scheme such as `testapp://`, for `card.appScheme`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.appScheme` and `WidgetPaymentRequest.card.appScheme` (`string`):
/// «페이북/ISP 앱에서 상점 앱으로 돌아올 때 사용됩니다. 상점의 앱 스킴을 지정하면 됩니다. 예를 들면
/// testapp://같은 형태입니다.» [`AppScheme::parse`] requires that form: a URI scheme (a letter,
/// then letters, digits, `+`, `-` or `.`) followed by `://`, with no whitespace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AppScheme(String);

impl AppScheme {
    /// Checks `text` starts with `scheme://`.
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let ok = match text.split_once("://") {
            Some((scheme, _)) => {
                let mut chars = scheme.chars();
                chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                    && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                    && !text.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if ok {
            Ok(AppScheme(text.to_owned()))
        } else {
            Err(RequestError::AppScheme(text.to_owned()))
        }
    }

    /// The scheme, as the SDK receives it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `card.language`: the first language of the window.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.language?: 'KO' | 'EN' | 'JA' | 'ZH' | null`: «결제창 초기 언어입니다.
/// `KO`(한국어), `EN`(영어), `JA`(일본어), `ZH`(중국어) 중 하나로 설정할 수 있어요. 값을 설정하지
/// 않으면 결제 통화에 따라 자동으로 결정됩니다.»
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CardLanguage {
    /// `KO`, Korean.
    Ko,
    /// `EN`, English.
    En,
    /// `JA`, Japanese.
    Ja,
    /// `ZH`, Chinese.
    Zh,
}

/// A card type the key-in window offers, for `card.keyin.selectableCardTypes`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `CardPaymentRequest.card.keyin.selectableCardTypes?: Array<'PERSONAL' | 'CORPORATE' |
/// 'FOREIGN'>`: «결제화면에 노출할 카드 타입입니다. … 입력한 순서대로 화면에 노출되며, 첫 번째로
/// 입력한 카드 타입이 기본 선택됩니다.»
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum KeyinCardType {
    /// `PERSONAL`, 개인카드.
    Personal,
    /// `CORPORATE`, 법인카드.
    Corporate,
    /// `FOREIGN`, 해외카드.
    Foreign,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Keyin {
    selectable_card_types: Vec<KeyinCardType>,
}

/// `card` options of the payment window (`method: 'CARD'`). Every option is unset until a
/// builder method sets it, and unset options are not sent.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `CardPaymentRequest.card`
/// («카드 결제 정보입니다.»). The fields marked `@ignore` there (`threeDS`, `affiliateCards`,
/// `dividedSettlements`) are not offered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    flow_mode: Option<FlowMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_company: Option<CardCompany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    easy_pay: Option<EasyPay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_app_card_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_escrow: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    tax_exemption_amount: Option<Amount>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    installment: Option<Installment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    free_installment_plans: Option<Vec<FreeInstallmentPlan>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_card_point: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount_code: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    deadline: Option<Deadline>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow_products: Option<Vec<EscrowProduct>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_international_card_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<CardLanguage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_estimated_amount: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_scheme: Option<AppScheme>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyin: Option<Keyin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_mobile_app_header: Option<bool>,
}

impl CardOptions {
    /// No options: Toss's defaults.
    pub fn new() -> Self {
        CardOptions::default()
    }

    /// `flowMode` (see [`FlowMode`]); the SDK's default is `DEFAULT`.
    pub fn flow_mode(mut self, mode: FlowMode) -> Self {
        self.flow_mode = Some(mode);
        self
    }

    /// `cardCompany`: «`flowMode`가 `DIRECT`일 때는 입력한 코드의 카드사 앱이 열려요. `flowMode`가
    /// `DEFAULT`일 때는 통합결제창에 입력한 코드의 카드사만 보여요.» (opens that company's app in
    /// `DIRECT`; shows only that company in `DEFAULT`).
    pub fn card_company(mut self, company: CardCompany) -> Self {
        self.card_company = Some(company);
        self
    }

    /// `easyPay`: «`flowMode`가 `DIRECT`일 때는 입력한 코드의 간편결제 앱이 열려요. `flowMode`가
    /// `DEFAULT`일 때는 해당 파라미터와 상관 없이 기본 통합결제창이 열려요.» (opens that easy pay's
    /// app in `DIRECT`; ignored in `DEFAULT`). Pair it with [`FlowMode::Direct`].
    pub fn easy_pay(mut self, easy_pay: EasyPay) -> Self {
        self.easy_pay = Some(easy_pay);
        self
    }

    /// `useAppCardOnly`: «앱카드 단독 사용 여부입니다. `true`로 설정하면 카드사의 앱카드만 열려요.
    /// 국민, 농협, 롯데, 삼성, 신한, 우리, 현대 카드 결제에 적용할 수 있어요.»
    pub fn use_app_card_only(mut self, only: bool) -> Self {
        self.use_app_card_only = Some(only);
        self
    }

    /// `useEscrow`: «에스크로 적용 여부입니다. `true`로 설정하면 구매자가 반드시 에스크로 적용에
    /// 동의해야 결제가 완료돼요. `false`로 설정하거나 파라미터를 설정하지 않으면 에스크로 적용을
    /// 구매자 선택에 맡겨요.»
    pub fn use_escrow(mut self, escrow: bool) -> Self {
        self.use_escrow = Some(escrow);
        self
    }

    /// `taxExemptionAmount`: «과세를 제외한 결제 금액(컵 보증금 등)입니다. 과세 제외 금액이 있는
    /// 카드 결제는 부분 취소가 안 됩니다.» (the part not subject to tax, such as a cup deposit; a
    /// card payment with one cannot be partially cancelled). Sent as a bare number.
    pub fn tax_exemption_amount(mut self, amount: Amount) -> Self {
        self.tax_exemption_amount = Some(amount);
        self
    }

    /// `cardInstallmentPlan` or `maxCardInstallmentPlan` (see [`Installment`]); setting it again
    /// replaces the earlier rule, so the two are never sent together.
    pub fn installment(mut self, installment: Installment) -> Self {
        self.installment = Some(installment);
        self
    }

    /// `freeInstallmentPlans` (see [`FreeInstallmentPlan`]); at least one plan.
    pub fn free_installment_plans(
        mut self,
        plans: impl IntoIterator<Item = FreeInstallmentPlan>,
    ) -> Result<Self, RequestError> {
        self.free_installment_plans = Some(non_empty(
            plans.into_iter().collect(),
            "freeInstallmentPlans",
        )?);
        Ok(self)
    }

    /// `useCardPoint`: «카드사 포인트 사용 여부입니다. `true`로 설정하면 카드사 포인트 사용이 체크된
    /// 상태로 결제창이 열려요. … 추가 계약이 필요한 파라미터입니다.» (needs a separate contract with
    /// Toss).
    pub fn use_card_point(mut self, use_points: bool) -> Self {
        self.use_card_point = Some(use_points);
        self
    }

    /// `discountCode`: «카드사의 프로모션 코드입니다. 프로모션은 `flowMode`가 `DIRECT`로 설정된
    /// 자체창 결제에만 사용할 수 있어요. 프로모션 조회 API로 적용할 수 있는 프로모션 코드를
    /// 확인하세요.» (a code from Toss's promotion API, usable only with [`FlowMode::Direct`]). The
    /// code is Toss's opaque text, so it is taken as is.
    pub fn discount_code(mut self, code: &str) -> Self {
        self.discount_code = Some(code.to_owned());
        self
    }

    /// `validHours` (see [`ValidHours`]): «기한이 지나고 시도하는 결제는 실패해요.» Replaces a
    /// `dueDate` set earlier.
    pub fn valid_for(mut self, hours: ValidHours) -> Self {
        self.deadline = Some(Deadline::Hours(hours));
        self
    }

    /// `dueDate` (see [`DueDate`]). Replaces a `validHours` set earlier.
    pub fn due_at(mut self, due: DueDate) -> Self {
        self.deadline = Some(Deadline::Date(due));
        self
    }

    /// `escrowProducts` (see [`EscrowProduct`]); at least one product.
    pub fn escrow_products(
        mut self,
        products: impl IntoIterator<Item = EscrowProduct>,
    ) -> Result<Self, RequestError> {
        self.escrow_products = Some(non_empty(products.into_iter().collect(), "escrowProducts")?);
        Ok(self)
    }

    /// `useInternationalCardOnly`: «해외카드(Visa, MasterCard, JCB, UnionPay 등) 결제 여부입니다.
    /// `true`로 설정하면 해외카드 결제가 가능한 다국어 결제창이 열립니다.»
    pub fn use_international_card_only(mut self, only: bool) -> Self {
        self.use_international_card_only = Some(only);
        self
    }

    /// `language` (see [`CardLanguage`]).
    pub fn language(mut self, language: CardLanguage) -> Self {
        self.language = Some(language);
        self
    }

    /// `showEstimatedAmount`: «다국어 결제창에서 예상 결제 금액(USD 환산값) 노출 여부입니다.
    /// 기본값은 `true`이고 … `useInternationalCardOnly`가 `true`이고 결제 통화가 `KRW`일 때만
    /// 적용됩니다.»
    pub fn show_estimated_amount(mut self, show: bool) -> Self {
        self.show_estimated_amount = Some(show);
        self
    }

    /// `appScheme` (see [`AppScheme`]).
    pub fn app_scheme(mut self, scheme: AppScheme) -> Self {
        self.app_scheme = Some(scheme);
        self
    }

    /// `keyin.selectableCardTypes` (see [`KeyinCardType`]): «키인 결제정보입니다.» At least one
    /// type; the first is selected by default.
    pub fn keyin_card_types(
        mut self,
        types: impl IntoIterator<Item = KeyinCardType>,
    ) -> Result<Self, RequestError> {
        let selectable_card_types =
            non_empty(types.into_iter().collect(), "keyin.selectableCardTypes")?;
        self.keyin = Some(Keyin {
            selectable_card_types,
        });
        Ok(self)
    }

    /// `showMobileAppHeader`: «모바일 결제창 상단 헤더의 노출 여부입니다. `false`로 설정하면 헤더가
    /// 표시되지 않아요. 값을 설정하지 않으면 `true`로 동작합니다.»
    pub fn show_mobile_app_header(mut self, show: bool) -> Self {
        self.show_mobile_app_header = Some(show);
        self
    }
}

/// `card` options of the payment widget: what applies when the buyer picks a card.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `WidgetPaymentRequest.card`:
/// «구매자가 카드를 선택하면 결제에 적용되는 옵션입니다.» It has `taxExemptionAmount` and
/// `appScheme` (and the `@ignore`d `threeDS`, not offered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetCardOptions {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    tax_exemption_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_scheme: Option<AppScheme>,
}

impl WidgetCardOptions {
    /// No options.
    pub fn new() -> Self {
        WidgetCardOptions::default()
    }

    /// `taxExemptionAmount`: «과세를 제외한 결제 금액(컵 보증금 등)입니다. 값을 넣지 않으면 기본값인
    /// 0으로 설정됩니다. 과세 제외 금액이 있는 카드 결제는 부분 취소가 안 됩니다.» Sent as a bare
    /// number.
    pub fn tax_exemption_amount(mut self, amount: Amount) -> Self {
        self.tax_exemption_amount = Some(amount);
        self
    }

    /// `appScheme` (see [`AppScheme`]).
    pub fn app_scheme(mut self, scheme: AppScheme) -> Self {
        self.app_scheme = Some(scheme);
        self
    }
}
