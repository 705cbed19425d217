//! The demo storefront's entry point (built for the browser by `trunk`).

fn main() {
    leptos::mount::mount_to_body(leptos_tosspayments_demo::App);
}
