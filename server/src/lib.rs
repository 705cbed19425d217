//! # tosspayments-server
//!
//! The secret-key half of leptos-tosspayments: it owns orders and their amounts, confirms
//! payments with Toss, cancels, queries, handles webhooks and charges billing keys.
//!
//! It shares the typed payment domain with the browser component through
//! `leptos-tosspayments` built with `default-features = false` (no Leptos, no wasm-bindgen).
//! The HTTP API arrives with the next issues; what is here today is how the server reads and
//! checks its keys.

pub mod keys;

pub use leptos_tosspayments as domain;
