//! # tosspayments-sandbox
//!
//! An offline, stateful stand-in for the parts of Toss Payments that leptos-tosspayments uses:
//! a JavaScript stand-in for the V2 SDK and an HTTP stand-in for the Core API, with fault
//! injection. It is how every test of this project runs, and it is meant for storefronts'
//! own CI as well. The emulator itself arrives with the sandbox issue; this crate is its home.

pub use leptos_tosspayments as domain;
