//! The drop-in checkout page's entry point (`checkout.html`): only `/checkout`, `/success` and
//! `/fail`, for a storefront that sends its buyers here to pay.

fn main() {
    leptos::mount::mount_to_body(leptos_tosspayments::demo::DropInApp);
}
