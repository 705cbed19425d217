//! # leptos-tosspayments
//!
//! Take payments with [Toss Payments](https://docs.tosspayments.com) from a Leptos
//! (client-side rendered) storefront, the Rust way.
//!
//! The crate has two layers:
//!
//! * [`domain`] — the typed payment vocabulary shared by the browser and the server:
//!   [`Amount`], [`OrderId`], [`OrderName`], [`CustomerKey`], [`PaymentKey`], [`ClientKey`],
//!   [`PaymentStatus`], [`PaymentMethod`] and, outside wasm only, [`SecretKey`]. Every type is
//!   parsed at the edge and cannot hold a value Toss would reject. This layer compiles with
//!   `default-features = false` (no Leptos, no wasm-bindgen), which is how the companion server
//!   (`tosspayments-server`) uses it.
//! * the `browser` feature (on by default) — Leptos components and wasm-bindgen bindings to the
//!   Toss Payments V2 standard SDK.
//!
//! ```
//! use leptos_tosspayments::{Amount, OrderId, OrderName};
//!
//! let amount = Amount::krw(50_000)?;
//! let order = OrderId::parse("order-2024-0001")?;
//! let name = OrderName::parse("토스 티셔츠 외 2건")?;
//! assert_eq!(amount.value(), 50_000);
//! assert_eq!(order.as_str(), "order-2024-0001");
//! assert_eq!(name.as_str(), "토스 티셔츠 외 2건");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

pub mod domain;
mod random;

#[cfg(feature = "browser")]
pub mod demo;

pub use domain::amount::{Amount, AmountError, Currency};
pub use domain::customer_key::{CustomerKey, CustomerKeyError};
pub use domain::keys::{ClientKey, KeyEnvironment, KeyError, KeyFamily};
#[cfg(not(target_arch = "wasm32"))]
pub use domain::keys::{KeyPairError, SecretKey};
pub use domain::method::PaymentMethod;
pub use domain::order_id::{OrderId, OrderIdError};
pub use domain::order_name::{OrderName, OrderNameError};
pub use domain::payment_key::{PaymentKey, PaymentKeyError};
pub use domain::status::PaymentStatus;
