//! The drop-in checkout page's entry point (`checkout.html`): `/checkout?orderId=…` alone, for
//! a storefront that sends its buyers here to pay.

fn main() {
    leptos_tosspayments_demo::DropInPage::Checkout.mount();
}
