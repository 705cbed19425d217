//! The order state machine: which status may follow which. Storage enforces it in every
//! transition ([`crate::db::Db::transition`]); [`crate::orders`] decides the transitions.

use leptos_tosspayments::domain::server_api::OrderStatus;

/// The transitions an order may make, and no others:
///
/// ```text
/// created ─► confirming ─► paid ─► partially_cancelled ─► cancelled
///   failed ─►    │    └──► waiting_for_deposit ─► paid / expired / cancelled
///                ├──► failed          paid ─► cancelled
///                └──► expired         paid ─► waiting_for_deposit / expired (a reversed deposit)
/// created / failed ─► expired (never paid within the retention time, `reconcile::retention`)
/// ```
///
/// A virtual account's deposit can be reversed by the bank: Toss moves the payment from
/// `DONE` back to `WAITING_FOR_DEPOSIT` ("입금 오류가 일어나면 결제 상태가 `DONE`에서
/// `WAITING_FOR_DEPOSIT`으로 변경됩니다", 웹훅 이벤트 page), so a paid order may wait again, or
/// expire if the deadline has passed meanwhile.
pub fn allowed(from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    matches!(
        (from, to),
        (Created | Failed, Confirming | Expired)
            | (Confirming, Paid | WaitingForDeposit | Failed | Expired)
            // A claim released: the paymentKey was not this order's, nothing happened at Toss.
            | (Confirming, Created)
            | (WaitingForDeposit, Paid | Expired | Cancelled)
            | (Paid, PartiallyCancelled | Cancelled | WaitingForDeposit | Expired)
            | (PartiallyCancelled, PartiallyCancelled | Cancelled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn only_the_documented_transitions_are_allowed() {
        let ok = [
            (Created, Confirming),
            (Failed, Confirming),
            (Confirming, Paid),
            (Confirming, WaitingForDeposit),
            (Confirming, Failed),
            (WaitingForDeposit, Paid),
            (Paid, PartiallyCancelled),
            (Paid, Cancelled),
            (Paid, WaitingForDeposit),
            (PartiallyCancelled, Cancelled),
            (Created, Expired),
            (Failed, Expired),
        ];
        for (a, b) in ok {
            assert!(allowed(a, b), "{a:?} -> {b:?}");
        }
        let refused = [
            (Created, Paid),
            (Paid, Created),
            (Cancelled, Paid),
            (Paid, Failed),
            (Failed, Paid),
            (Expired, Paid),
            (Paid, Confirming),
        ];
        for (a, b) in refused {
            assert!(!allowed(a, b), "{a:?} -> {b:?}");
        }
    }
}
