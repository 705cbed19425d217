//! The drop-in checkout's `/success` page (`success.html`): the server confirms the payment
//! Toss redirected back with.

fn main() {
    leptos_tosspayments_demo::DropInPage::Success.mount();
}
