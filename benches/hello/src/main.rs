//! A Leptos counter: the smallest useful CSR app, the size baseline for the demo's bundle.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! { <button on:click=move |_| *count.write() += 1>"clicked " {count} " times"</button> }
    });
}
