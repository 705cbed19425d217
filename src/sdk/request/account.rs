//! Account and phone options: the payment window's `virtualAccount`, `transfer` and
//! `mobilePhone`, and the widget's `virtualAccount` and `transfer`.
//!
//! Every rule quoted here is from `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`.

use serde::Serialize;

use super::common::{
    CashReceipt, Deadline, DueDate, EscrowProduct, ValidHours, non_empty, opt_number,
};
use super::{CashReceiptType, RequestError};
use crate::Amount;

/// `virtualAccount` options of the payment window (`method: 'VIRTUAL_ACCOUNT'`): a deposit
/// window is required (`validHours` or `dueDate`), the rest is optional and unset until a builder
/// method sets it.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `VirtualAccountPaymentRequest.virtualAccount` («가상계좌 결제 정보입니다.»). The `@ignore`d
/// `refundReceiveAccount` is not offered. The d.ts lets both deadlines through; this type keeps one
/// (the one set last), as it always has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccountOptions {
    #[serde(flatten)]
    deadline: Deadline,
    #[serde(skip_serializing_if = "Option::is_none")]
    cash_receipt: Option<CashReceipt>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    tax_exemption_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_escrow: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow_products: Option<Vec<EscrowProduct>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_cultural_expenses: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_customer_mobile_phone: Option<bool>,
}

impl VirtualAccountOptions {
    fn with_deadline(deadline: Deadline) -> Self {
        VirtualAccountOptions {
            deadline,
            cash_receipt: None,
            tax_exemption_amount: None,
            use_escrow: None,
            escrow_products: None,
            is_cultural_expenses: None,
            show_customer_mobile_phone: None,
        }
    }

    /// The account accepts a deposit for `hours` (see [`ValidHours`]: 1 to 2160).
    pub fn valid_for(hours: ValidHours) -> Self {
        Self::with_deadline(Deadline::Hours(hours))
    }

    /// The account accepts a deposit until `due` (see [`DueDate`]).
    pub fn due_at(due: DueDate) -> Self {
        Self::with_deadline(Deadline::Date(due))
    }

    /// The account accepts a deposit for `hours` hours (1 to 2160, «설정할 수 있는 최대 값은
    /// 2160시간(90일)입니다»).
    pub fn valid_for_hours(hours: u32) -> Result<Self, RequestError> {
        Ok(Self::valid_for(ValidHours::new(hours)?))
    }

    /// The account accepts a deposit until `due_date` (`yyyy-MM-dd'T'HH:mm:ss`, e.g.
    /// `2024-02-20T23:59:59`; see [`DueDate::parse`]).
    pub fn due(due_date: &str) -> Result<Self, RequestError> {
        Ok(Self::due_at(DueDate::parse(due_date)?))
    }

    /// `cashReceipt.type`: «현금영수증 발급 용도입니다. '소득공제', '지출증빙', '미발행' 중
    /// 하나입니다.» (see [`CashReceiptType`]).
    pub fn cash_receipt(mut self, kind: CashReceiptType) -> Self {
        self.cash_receipt = Some(CashReceipt { kind });
        self
    }

    /// `taxExemptionAmount`: «과세를 제외한 결제 금액(컵 보증금 등)입니다.» Sent as a bare number.
    pub fn tax_exemption_amount(mut self, amount: Amount) -> Self {
        self.tax_exemption_amount = Some(amount);
        self
    }

    /// `useEscrow`: «에스크로 적용 여부입니다.»
    pub fn use_escrow(mut self, escrow: bool) -> Self {
        self.use_escrow = Some(escrow);
        self
    }

    /// `escrowProducts` (see [`EscrowProduct`]): «에스크로 상품 정보입니다.» At least one product.
    pub fn escrow_products(
        mut self,
        products: impl IntoIterator<Item = EscrowProduct>,
    ) -> Result<Self, RequestError> {
        self.escrow_products = Some(non_empty(products.into_iter().collect(), "escrowProducts")?);
        Ok(self)
    }

    /// `isCulturalExpenses`: «문화비(도서, 공연 티켓, 박물관·미술관 입장권 등) 지출 여부입니다.»
    pub fn cultural_expenses(mut self, cultural: bool) -> Self {
        self.is_cultural_expenses = Some(cultural);
        self
    }

    /// `showCustomerMobilePhone`: «결제창에 구매자 휴대폰 번호 입력란을 노출할지 여부입니다.»
    pub fn show_customer_mobile_phone(mut self, show: bool) -> Self {
        self.show_customer_mobile_phone = Some(show);
        self
    }
}

/// `transfer` options of the payment window (`method: 'TRANSFER'`). Every option is unset until
/// a builder method sets it.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `TransferPaymentRequest.transfer` («계좌이체 정보입니다.»). The `@ignore`d
/// `encryptedCustomerCi`, `showSecuritiesAccount`, `provider` and `dividedSettlements` are not
/// offered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    cash_receipt: Option<CashReceipt>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_number")]
    tax_exemption_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_escrow: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow_products: Option<Vec<EscrowProduct>>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    deadline: Option<Deadline>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_cultural_expenses: Option<bool>,
}

impl TransferOptions {
    /// No options.
    pub fn new() -> Self {
        TransferOptions::default()
    }

    /// `cashReceipt.type`: «type을 '미발행' 으로 보내면 현금영수증을 발행하지 않습니다.» (see
    /// [`CashReceiptType`]).
    pub fn cash_receipt(mut self, kind: CashReceiptType) -> Self {
        self.cash_receipt = Some(CashReceipt { kind });
        self
    }

    /// `taxExemptionAmount`: «과세를 제외한 결제 금액(컵 보증금 등)입니다.» Sent as a bare number.
    pub fn tax_exemption_amount(mut self, amount: Amount) -> Self {
        self.tax_exemption_amount = Some(amount);
        self
    }

    /// `useEscrow`: «에스크로 적용 여부입니다. `true`로 설정하면 구매자가 반드시 에스크로 적용에
    /// 동의해야 결제가 완료돼요. `false`로 설정하거나 파라미터를 설정하지 않으면 에스크로 적용을
    /// 구매자 선택에 맡겨요.»
    pub fn use_escrow(mut self, escrow: bool) -> Self {
        self.use_escrow = Some(escrow);
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

    /// `validHours` (see [`ValidHours`]). Replaces a `dueDate` set earlier.
    pub fn valid_for(mut self, hours: ValidHours) -> Self {
        self.deadline = Some(Deadline::Hours(hours));
        self
    }

    /// `dueDate` (see [`DueDate`]). Replaces a `validHours` set earlier.
    pub fn due_at(mut self, due: DueDate) -> Self {
        self.deadline = Some(Deadline::Date(due));
        self
    }

    /// `isCulturalExpenses`: «문화비(도서, 공연 티켓, 박물관·미술관 입장권 등) 지출 여부입니다.»
    pub fn cultural_expenses(mut self, cultural: bool) -> Self {
        self.is_cultural_expenses = Some(cultural);
        self
    }
}

/// `transfer` options of the payment widget: what applies when the buyer picks a transfer.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `WidgetPaymentRequest.transfer`: «구매자가 계좌이체를 선택하면 결제에 적용되는 옵션입니다.» It has
/// `useEscrow`, `escrowProducts` and `isCulturalExpenses`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetTransferOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    use_escrow: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow_products: Option<Vec<EscrowProduct>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_cultural_expenses: Option<bool>,
}

impl WidgetTransferOptions {
    /// No options.
    pub fn new() -> Self {
        WidgetTransferOptions::default()
    }

    /// `useEscrow`: «에스크로 적용 여부입니다. `true`로 설정하면 구매자가 반드시 에스크로 적용에
    /// 동의해야 결제가 완료돼요.»
    pub fn use_escrow(mut self, escrow: bool) -> Self {
        self.use_escrow = Some(escrow);
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

    /// `isCulturalExpenses`: «문화비(도서, 공연 티켓, 박물관·미술관 입장권 등) 지출 여부입니다.»
    pub fn cultural_expenses(mut self, cultural: bool) -> Self {
        self.is_cultural_expenses = Some(cultural);
        self
    }
}

/// `virtualAccount` options of the payment widget: what applies when the buyer picks a virtual
/// account.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `WidgetPaymentRequest.virtualAccount`: «구매자가 가상계좌를 선택하면 결제에 적용되는
/// 옵션입니다.» It has `useEscrow`, `escrowProducts`, `cashReceipt` and `isCulturalExpenses` (no
/// deadline: the widget's deadline is set in Toss's dashboard).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetVirtualAccountOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    use_escrow: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow_products: Option<Vec<EscrowProduct>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cash_receipt: Option<CashReceipt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_cultural_expenses: Option<bool>,
}

impl WidgetVirtualAccountOptions {
    /// No options.
    pub fn new() -> Self {
        WidgetVirtualAccountOptions::default()
    }

    /// `useEscrow`: «에스크로 사용 여부입니다. 값을 주지 않으면 결제창에서 고객이 직접 에스크로 결제
    /// 여부를 선택합니다.»
    pub fn use_escrow(mut self, escrow: bool) -> Self {
        self.use_escrow = Some(escrow);
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

    /// `cashReceipt.type`: «현금영수증 발급 용도입니다. '소득공제', '지출증빙', '미발행' 중
    /// 하나입니다.» (see [`CashReceiptType`]).
    pub fn cash_receipt(mut self, kind: CashReceiptType) -> Self {
        self.cash_receipt = Some(CashReceipt { kind });
        self
    }

    /// `isCulturalExpenses`: «문화비(도서, 공연 티켓, 박물관·미술관 입장권 등) 지출 여부입니다.»
    pub fn cultural_expenses(mut self, cultural: bool) -> Self {
        self.is_cultural_expenses = Some(cultural);
        self
    }
}

/// A mobile carrier, for `mobilePhone.mobileCarriers`.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `MobilePhonePaymentRequest.mobilePhone.mobileCarriers?: Array<'KT' | 'LGU' | 'SKT' | 'HELLO' |
/// 'KCT' | 'SK7'>`: «`SKT`(SK텔레콤), `KT`(KT), `LGU`(LG유플러스), `HELLO`(LG헬로모바일),
/// `KCT`(티플러스), `SK7`(SK세븐모바일) 값을 배열 형태로 전달할 수 있습니다.»
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum MobileCarrier {
    /// `KT`.
    #[serde(rename = "KT")]
    Kt,
    /// `LGU`, LG유플러스.
    #[serde(rename = "LGU")]
    Lgu,
    /// `SKT`, SK텔레콤.
    #[serde(rename = "SKT")]
    Skt,
    /// `HELLO`, LG헬로모바일.
    #[serde(rename = "HELLO")]
    Hello,
    /// `KCT`, 티플러스.
    #[serde(rename = "KCT")]
    Kct,
    /// `SK7`, SK세븐모바일.
    #[serde(rename = "SK7")]
    Sk7,
}

/// `mobilePhone` options of the payment window (`method: 'MOBILE_PHONE'`).
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`,
/// `MobilePhonePaymentRequest.mobilePhone` («휴대폰 결제 정보입니다.»), whose one field is
/// `mobileCarriers`: «휴대폰 결제창에서 선택할 수 있는 통신사를 제한합니다. … 예를 들어 `['KT',
/// 'SKT']`로 설정하면 두 통신사만 선택할 수 있어요. 값을 설정하지 않으면 모든 통신사가
/// 노출됩니다.»
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MobilePhoneOptions {
    mobile_carriers: Vec<MobileCarrier>,
}

impl MobilePhoneOptions {
    /// Offers only `carriers` (at least one; to offer every carrier, send no `mobilePhone`).
    pub fn carriers(
        carriers: impl IntoIterator<Item = MobileCarrier>,
    ) -> Result<Self, RequestError> {
        let mut list: Vec<MobileCarrier> = Vec::new();
        for c in carriers {
            if !list.contains(&c) {
                list.push(c);
            }
        }
        Ok(MobilePhoneOptions {
            mobile_carriers: non_empty(list, "mobilePhone.mobileCarriers")?,
        })
    }
}
