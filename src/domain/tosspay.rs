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

/// Whether `key` can be a Toss user's `userKey` in Apps-in-Toss' `x-toss-user-key` header:
/// 1–64 of `A-Za-z0-9_-`. Toss login's `login-me` answers `userKey` as a number; the wider
/// set is a guess kept in `sandbox/CONFORMANCE.md`, and `~` (the server's separator of user
/// and payToken) is never in it.
///
/// ```
/// use leptos_tosspayments::domain::tosspay::user_key_is_valid;
///
/// assert!(user_key_is_valid("443731104"));
/// assert!(!user_key_is_valid(""));
/// assert!(!user_key_is_valid("a~b"));
/// ```
pub fn user_key_is_valid(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
