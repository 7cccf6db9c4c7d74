//! The table behind [`name`](super::name): the JS string of each name fixed in the code,
//! made once.

use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// Open addressing over the name's address; the shapes name a few hundred members.
const SLOTS: usize = 1024;

thread_local! {
    static TABLE: RefCell<Vec<Option<(usize, usize, JsValue)>>> = const { RefCell::new(Vec::new()) };
}

/// `f` of the JS string of `name`, made on first use and lent from the table.
pub(super) fn with<R: Default>(name: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    let (addr, len) = (name.as_ptr() as usize, name.len());
    let mut f = Some(f);
    let lent = TABLE.try_with(|table| {
        let mut table = table.try_borrow_mut().ok()?;
        if table.is_empty() {
            table.resize(SLOTS, None);
        }
        let start = (addr >> 1) % SLOTS;
        for probe in 0..SLOTS {
            let slot = table.get_mut((start + probe) % SLOTS)?;
            match slot {
                Some((a, l, v)) if *a == addr && *l == len => return f.take().map(|f| f(v)),
                Some(_) => continue,
                None => {
                    let v = slot.insert((addr, len, JsValue::from_str(name)));
                    return f.take().map(|f| f(&v.2));
                }
            }
        }
        None
    });
    match (lent, f) {
        (Ok(Some(r)), _) => r,
        // The table is full or in use (`f` calls no JS that could re-enter it, but
        // this does not panic if one did): a fresh string.
        (_, Some(f)) => f(&JsValue::from_str(name)),
        // `f` is taken only where it is called, which returned above.
        (_, None) => R::default(),
    }
}
