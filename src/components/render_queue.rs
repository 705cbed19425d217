//! Orders every render and destroy of payment widgets on the page, one after another.
//!
//! The SDK allows each widget to be rendered once per page (`*_ALREADY_RENDERED`); a component
//! that is unmounted and mounted again (a double mount, a route change and back) must not
//! render before the previous instance's `destroy()` has finished. Each render waits for
//! everything queued before it; each destroy is appended to the queue.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

thread_local! {
    static TAIL: RefCell<js_sys::Promise> = RefCell::new(js_sys::Promise::resolve(&JsValue::UNDEFINED));
}

fn settled_both(a: &js_sys::Promise, b: &js_sys::Promise) -> js_sys::Promise {
    js_sys::Promise::all_settled(&js_sys::Array::of2(a, b))
}

/// Takes a turn: returns the promise to await before rendering, and the function to call
/// once this render has settled (rendered, abandoned or failed).
pub(crate) fn enter() -> (js_sys::Promise, js_sys::Function) {
    let mut done = None;
    let mine = js_sys::Promise::new(&mut |resolve, _| done = Some(resolve));
    let previous = TAIL.with(|t| {
        let previous = t.borrow().clone();
        *t.borrow_mut() = settled_both(&previous, &mine);
        previous
    });
    (previous, done.expect("the executor runs synchronously"))
}

/// Appends a pending destroy so that later renders wait for it.
pub(crate) fn push(p: js_sys::Promise) {
    TAIL.with(|t| {
        let next = settled_both(&t.borrow(), &p);
        *t.borrow_mut() = next;
    });
}
