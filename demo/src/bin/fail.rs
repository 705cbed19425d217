//! The drop-in checkout's `/fail` page (`fail.html`): the failure Toss redirected back with,
//! explained.

fn main() {
    leptos_tosspayments_demo::DropInPage::Fail.mount();
}
