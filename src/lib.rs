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
#![cfg_attr(
    feature = "browser",
    doc = r##"
## Use it in your storefront

1. Run the companion server (`tosspayments-server`) or mount its router in your axum app;
   it holds the secret key, prices orders and confirms payments. During development, point
   it at the sandbox (`tosspayments-sandbox`) instead of Toss.
2. Create the order on your server (`POST /api/orders`), never in the browser.
3. Wrap the checkout in [`components::TossProvider`] with the client key, and render
   [`components::PaymentWidget`] with the order's amount as a signal. Call
   [`components::PaymentWidgetHandle::request_payment`] from your pay button with a
   [`sdk::WidgetPaymentRequest`] whose successUrl and failUrl are your pages.
4. Put [`components::PaymentSuccess`] on the successUrl page (it asks your server to
   confirm and shows what the server confirmed) and [`components::PaymentFail`] on the
   failUrl page (it explains the failure and links back to checkout). Neither loads the SDK
   or needs a client key. With a backend of your own, or markup of your own, use the hooks
   they are built on: [`hooks::use_confirm_payment`], [`hooks::use_register_billing`].
5. The payment window and billing registration are [`components::use_payment_window`] and
   [`components::use_billing_auth`]. `examples/first-storefront` in the repository is a
   complete shop in about 100 lines.

```no_run
use leptos::prelude::*;
use leptos_tosspayments::components::*;
use leptos_tosspayments::sdk::{RedirectUrl, WidgetPaymentRequest};
use leptos_tosspayments::{Amount, ClientKey, CustomerKey, OrderId, OrderName};

#[component]
fn Checkout(order_id: OrderId, order_name: OrderName, amount: Amount) -> impl IntoView {
    let widget = PaymentWidgetHandle::new();
    let pay = move |_| {
        let request = WidgetPaymentRequest::new(
            order_id.clone(),
            order_name.clone(),
            RedirectUrl::on_this_site("/success").unwrap(),
            RedirectUrl::on_this_site("/fail").unwrap(),
        );
        leptos::task::spawn_local(async move {
            let _ = widget.request_payment(&request).await;
        });
    };
    view! {
        <TossProvider client_key=ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm").unwrap()>
            <PaymentWidget customer_key=CustomerKey::anonymous() amount=Signal::stored(amount) handle=widget />
            <button on:click=pay disabled=move || !widget.can_pay()>"결제하기"</button>
        </TossProvider>
    }
}
```
"##
)]
// Feature badges on docs.rs: `doc_cfg` (which took over `doc_auto_cfg`) shows which feature an
// item needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod domain;
mod random;

/// Toss's V2 standard SDK script, which defines `window.TossPayments`.
pub const TOSS_SDK_URL: &str = "https://js.tosspayments.com/v2/standard";

/// The default stylesheet for the components' `tps-*` classes (`style/components.css`): link
/// that file from your `index.html` with trunk, or put this text in a `<style>` element. It
/// stands alone and follows your page's `--blue`, `--ink`, `--muted`, `--line`, `--red` and
/// `--radius-sm` custom properties when they exist.
#[cfg(feature = "browser")]
pub const STYLESHEET: &str = include_str!("../style/components.css");

pub mod messages;

#[cfg(feature = "browser")]
pub mod apps_in_toss;
#[cfg(feature = "browser")]
pub mod client;
#[cfg(feature = "browser")]
pub mod components;
#[cfg(feature = "browser")]
pub mod from_js;
#[cfg(feature = "browser")]
pub mod hooks;
#[cfg(feature = "browser")]
pub mod portone;
#[cfg(feature = "browser")]
pub mod sdk;

pub use domain::access_token::{AccessToken, AccessTokenError};
pub use domain::amount::{Amount, AmountError, Currency};
pub use domain::auth_key::{AuthKey, AuthKeyError};
pub use domain::customer_key::{CustomerKey, CustomerKeyError};
pub use domain::idempotency_key::{IdempotencyKey, IdempotencyKeyError};
pub use domain::keys::{ClientKey, KeyEnvironment, KeyError, KeyFamily};
#[cfg(not(target_arch = "wasm32"))]
pub use domain::keys::{KeyPairError, SecretKey};
pub use domain::metadata::{Metadata, MetadataError};
pub use domain::method::PaymentMethod;
pub use domain::order_id::{OrderId, OrderIdError};
pub use domain::order_name::{OrderName, OrderNameError};
pub use domain::payment_key::{PaymentKey, PaymentKeyError};
pub use domain::status::PaymentStatus;
pub use domain::valid_hours::{ValidHours, ValidHoursError};
