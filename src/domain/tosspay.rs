//! Toss Pay's rules that the companion server and the sandbox both hold (one rule, one
//! verdict). Source: `docs-pay.toss.im` refunds reference.

/// Whether Toss Pay takes `c` in a refund's `reason`: Korean, digits, letters and
/// `_-:.^@()[]#/!%?&` (no space).
///
/// ```
/// use leptos_tosspayments::domain::tosspay::refund_reason_allows;
///
/// assert!("사이즈_교환(M)".chars().all(refund_reason_allows));
/// assert!(!refund_reason_allows(' '));
/// ```
pub fn refund_reason_allows(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
        || ('\u{3131}'..='\u{318E}').contains(&c)
        || c.is_ascii_alphanumeric()
        || "_-:.^@()[]#/!%?&".contains(c)
}

/// The longest refund `reason` Toss Pay takes.
pub const REFUND_REASON_MAX: usize = 255;
