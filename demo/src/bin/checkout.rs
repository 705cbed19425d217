//! The drop-in checkout page's entry point (`checkout.html`): only `/checkout`, `/success` and
//! `/fail`, for a storefront that sends its buyers here to pay.

fn main() {
    // When the wasm started running, for `cargo xtask bench`'s breakdown of time to widget ready.
    leptos_tosspayments_demo::mark_timing("app-start");
    leptos::mount::mount_to_body(leptos_tosspayments_demo::DropInApp);
}
