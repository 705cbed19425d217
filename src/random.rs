//! Unguessable random identifiers, from the operating system natively and from
//! `crypto.getRandomValues` in the browser.

/// A random version-4 UUID in its hyphenated lowercase form.
#[cfg(any(not(target_arch = "wasm32"), feature = "browser"))]
pub(crate) fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(not(target_arch = "wasm32"))]
fn fill(buf: &mut [u8]) {
    // The OS random source failing is not a condition a payment flow can continue from.
    getrandom::fill(buf).expect("the operating system's random number generator is unavailable");
}

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
fn fill(buf: &mut [u8]) {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("crypto.getRandomValues is unavailable in this browser");
    crypto
        .get_random_values_with_u8_array(buf)
        .expect("crypto.getRandomValues failed");
}
