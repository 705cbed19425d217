//! PortOne (i'mport, V1) rules that the browser, the companion server and the sandbox all hold
//! (one rule, one verdict). Sources: PortOne's V1 API reference (`v1.openapi.yml` of
//! `portone-io/developers.portone.io`) and its JavaScript SDK request docs (`payrq.mdx`);
//! `docs/research/portone.md` quotes them.

/// The longest `merchant_uid` PortOne takes (`String(40)` in the API reference; the SDK docs
/// say the same). An order id of the companion server (`ord_` + 32 hex digits) fits.
pub const MERCHANT_UID_MAX: usize = 40;

/// The longest `customer_uid` (a billing key's name) PortOne takes (`String(80)`).
pub const CUSTOMER_UID_MAX: usize = 80;

/// Whether PortOne takes `uid` as a `merchant_uid`: 1–40 characters, none of them a control
/// character or a space (the reference gives only the length; the sandbox's refusal of spaces
/// and controls is a guess kept in `sandbox/CONFORMANCE.md`).
///
/// ```
/// use leptos_tosspayments::domain::portone::merchant_uid_is_valid;
///
/// assert!(merchant_uid_is_valid("ord_0123456789abcdef0123456789abcdef"));
/// assert!(!merchant_uid_is_valid(&"x".repeat(41)));
/// assert!(!merchant_uid_is_valid(""));
/// ```
pub fn merchant_uid_is_valid(uid: &str) -> bool {
    uid_is_valid(uid, MERCHANT_UID_MAX)
}

/// Whether PortOne takes `uid` as a `customer_uid`: 1–80 characters, no control or space.
///
/// ```
/// use leptos_tosspayments::domain::portone::customer_uid_is_valid;
///
/// assert!(customer_uid_is_valid("cust_0001_card"));
/// assert!(!customer_uid_is_valid(&"c".repeat(81)));
/// ```
pub fn customer_uid_is_valid(uid: &str) -> bool {
    uid_is_valid(uid, CUSTOMER_UID_MAX)
}

/// The `customer_uid` (PortOne's name of a billing key) of the storefront's customer
/// `customer_key`: the browser's billing window and the server's charges name the same one,
/// and a customer key (at most 50 characters) always makes a valid one.
///
/// ```
/// use leptos_tosspayments::CustomerKey;
/// use leptos_tosspayments::domain::portone::{customer_uid_for, customer_uid_is_valid};
///
/// let uid = customer_uid_for(&CustomerKey::parse("cust_0001").unwrap());
/// assert_eq!(uid, "ltp_cust_0001");
/// assert!(customer_uid_is_valid(&uid));
/// ```
pub fn customer_uid_for(customer_key: &crate::CustomerKey) -> String {
    format!("ltp_{}", customer_key.as_str())
}

fn uid_is_valid(uid: &str, max: usize) -> bool {
    let len = uid.chars().count();
    (1..=max).contains(&len) && !uid.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Whether `amount` can be a PortOne payment's amount in won: a positive whole number (the
/// SDK takes a number, never a string; Toss Payments takes at most 10 digits).
///
/// ```
/// use leptos_tosspayments::domain::portone::amount_is_valid;
///
/// assert!(amount_is_valid(23_000));
/// assert!(!amount_is_valid(0));
/// ```
pub fn amount_is_valid(amount: i64) -> bool {
    (1..=9_999_999_999).contains(&amount)
}
