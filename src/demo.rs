//! The demo storefront's root component, built by `trunk` from `index.html`.
//!
//! For now a landing page that shows the domain types at work; later issues fill it with the
//! checkout flow.

use leptos::prelude::*;

use crate::{Amount, OrderId};

/// The demo storefront.
///
/// ```no_run
/// leptos::mount::mount_to_body(leptos_tosspayments::demo::App);
/// ```
#[component]
pub fn App() -> impl IntoView {
    let sample_order = OrderId::generate();
    let sample_amount = Amount::krw(50_000).expect("a constant, valid amount");
    view! {
        <main class="shop" data-testid="demo-root">
            <header class="shop__header">
                <h1>"leptos-tosspayments"</h1>
                <p class="shop__tagline">"Toss Payments for Leptos storefronts — demo"</p>
            </header>
            <section class="shop__card" aria-label="Sample order">
                <p>"Sample order " <code data-testid="order-id">{sample_order.to_string()}</code></p>
                <p>"Total " <strong data-testid="amount">{sample_amount.to_string()}</strong></p>
            </section>
        </main>
    }
}
