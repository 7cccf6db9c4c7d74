//! Iterating list endpoints page by page, as a state machine the transport drives:
//! [`Pager::next_request`], send it, check the answer, [`Pager::on_page`], yield.
//!
//! Two kinds of paging:
//! - page numbers (`GET /contacts`, `GET /v2/contacts_bulk/ids`, `GET /contacts/{id}/events`):
//!   from page 0, always sending `size`, until an EMPTY page. A short page does not end the
//!   iteration: a server that caps the page size below `size` would otherwise truncate it
//!   silently; the one extra request is cheap.
//! - cursors (`GET /events/lite` with `lastMaxId`, `GET /v2/groups/{id}/contacts` with
//!   `memberId`): the cursor becomes the largest id of the page; the iteration ends at an
//!   empty page, or when the cursor does not advance.
//!
//! Loop-proofing (both kinds): a page whose items were ALL seen before in this iteration
//! (the previous page repeated, or a server alternating pages A, B, A, B…) ends the
//! iteration quietly and is not yielded. "Seen" is remembered as a 64-bit hash of each
//! item's id (its `id` or cursor field; the number itself in id lists; its JSON text when
//! it has no id) for the latest [`SEEN_LIMIT`] items at most, so the memory stays bounded
//! (about 1 MB) however long the iteration runs.
//!
//! `iterate_ids` also has the guide's window, `page * size <= 10000`: it reads every page
//! the server will serve and then ends quietly when the last one proves the end (a short
//! page after a full one), or fails with a `validation` error when more ids may match.

use crate::encode::{concat, decimal};
use crate::error::{Error, ErrorKind};
use crate::json::{Json, Kind, Writer};
use crate::request::Request;

/// How many item keys an iteration remembers, at most, for its "all seen before" check
/// (at least half as many: the older half is forgotten in one go).
pub const SEEN_LIMIT: usize = 50_000;

/// Drives one iteration. Built by the `iterate*` functions, which validate their
/// arguments first.
#[derive(Clone, Debug)]
pub struct Pager {
    /// The request without its paging parameters (which go first in the query).
    base: Request,
    /// `size` sent with every request, when set (always set for page numbers).
    size: Option<u64>,
    mode: Mode,
    seen: Seen,
    done: bool,
}

#[derive(Clone, Debug)]
enum Mode {
    Pages {
        page: u64,
        /// The server serves only `page * size <= window` (`iterate_ids`).
        window: Option<u64>,
        /// Items of the last page fed.
        last_len: u64,
        /// Whether some page so far held `size` items (the server honours `size`).
        full_seen: bool,
    },
    Cursor {
        param: &'static str,
        field: &'static str,
        cursor: u64,
    },
}

/// The keys of the latest items: two generations of at most `SEEN_LIMIT / 2` keys; when the
/// current one is full it becomes the previous one, forgetting the oldest keys.
#[derive(Clone, Debug, Default)]
struct Seen {
    current: KeySet,
    previous: KeySet,
}

impl Seen {
    fn contains_all(&self, keys: &[u64]) -> bool {
        keys.iter().all(|&k| self.current.contains(k) || self.previous.contains(k))
    }

    fn add(&mut self, keys: &[u64]) {
        for &k in keys {
            if self.current.len >= SEEN_LIMIT / 2 {
                // The previous generation's table, emptied, becomes the current one: from the
                // second turn on no table is allocated again, so the wasm memory (whose
                // allocator never gives pages back) stops growing once ~SEEN_LIMIT keys went by
                // instead of a fresh table doubling its way up beside the live one each turn.
                std::mem::swap(&mut self.current, &mut self.previous);
                self.current.clear();
            }
            self.current.insert(k);
        }
    }
}

/// A set of 64-bit keys (hashes already): open addressing, linear probing, at most half
/// full. Not std's `HashSet`, whose hasher and table cost the wasm module several KB for
/// what is a lookup of well-mixed numbers. Key 0 is stored as 1 (0 marks a free slot).
#[derive(Clone, Debug, Default)]
struct KeySet {
    slots: Vec<u64>,
    len: usize,
}

impl KeySet {
    /// The slot holding `k`, or the free slot where it would go; `None` for no table.
    fn find(&self, k: u64) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = (k as usize) & mask;
        // At most half full: a free slot is always reached.
        while let Some(&s) = self.slots.get(i) {
            if s == 0 || s == k {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// Forgets every key, keeping the table's allocation.
    fn clear(&mut self) {
        self.slots.fill(0);
        self.len = 0;
    }

    fn contains(&self, k: u64) -> bool {
        let k = k.max(1);
        self.find(k).and_then(|i| self.slots.get(i)) == Some(&k)
    }

    fn insert(&mut self, k: u64) {
        let k = k.max(1);
        if (self.len + 1) * 2 > self.slots.len() {
            let bigger = vec![0; (self.slots.len() * 2).max(64)];
            let old = std::mem::replace(&mut self.slots, bigger);
            self.len = 0;
            for key in old.into_iter().filter(|&key| key != 0) {
                self.insert(key);
            }
        }
        if let Some(slot) = self.find(k).and_then(|i| self.slots.get_mut(i)) {
            if *slot == 0 {
                *slot = k;
                self.len += 1;
            }
        }
    }
}

impl Pager {
    /// Page-number paging from page 0 with `size` items a page.
    pub(crate) fn pages(base: Request, size: u64, window: Option<u64>) -> Self {
        Pager {
            base,
            size: Some(size),
            mode: Mode::Pages { page: 0, window, last_len: 0, full_seen: false },
            seen: Seen::default(),
            done: false,
        }
    }

    /// Cursor paging: `param` starts at `from` and becomes the largest `field` of each page.
    pub(crate) fn cursor(base: Request, size: Option<u64>, param: &'static str, field: &'static str, from: u64) -> Self {
        Pager { base, size, mode: Mode::Cursor { param, field, cursor: from }, seen: Seen::default(), done: false }
    }

    /// The request for the next page; `Ok(None)` when the iteration is over; `Err` for a
    /// limit that would silently cut data (`iterate_ids` at the end of the guide's window
    /// while more ids may match).
    pub fn next_request(&mut self) -> Result<Option<Request>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut query = Vec::with_capacity(self.base.query.len() + 2);
        match &self.mode {
            Mode::Pages { page, window, last_len, full_seen } => {
                let size = self.size.unwrap_or(1);
                if let Some(limit) = *window {
                    if page.checked_mul(size).map_or(true, |offset| offset > limit) {
                        self.done = true;
                        // A short last page after a full one: the server honours `size`, so
                        // that page was the end. Otherwise more ids may match.
                        if *last_len < size && *full_seen {
                            return Ok(None);
                        }
                        return Err(Error::validation(concat(&[
                            "more ids may match than the server will list: it serves pages only while page * size <= ",
                            &decimal(limit),
                            ", and the last of them (page ",
                            &decimal(page.saturating_sub(1)),
                            ") was not the end; narrow minUpdateTime/maxUpdateTime",
                        ]))
                        .at(self.base.method.as_str(), &self.base.path));
                    }
                }
                query.push(("page", decimal(*page)));
            }
            Mode::Cursor { param, cursor, .. } => query.push((*param, decimal(*cursor))),
        }
        if let Some(size) = self.size {
            query.push(("size", decimal(size)));
        }
        query.extend(self.base.query.iter().cloned());
        let mut req = self.base.clone();
        req.query = query;
        Ok(Some(req))
    }

    /// Feeds the answer (an array, already checked against the request's shape) of the
    /// request last returned. `Ok(true)`: yield its items in order (an empty page ends the
    /// iteration). `Ok(false)`: the page brought nothing new (all its items were seen
    /// before in this iteration, or the cursor did not advance): discard it; the iteration
    /// is over.
    pub fn on_page<J: Json>(&mut self, page: &J) -> Result<bool, Error> {
        if self.done {
            return Ok(false);
        }
        if page.kind() != Kind::Array {
            self.done = true;
            return Err(self.decode("a page must be an array"));
        }
        let len = page.len();
        if len == 0 {
            self.done = true;
            return Ok(true);
        }
        let key_field: &'static str = match &self.mode {
            Mode::Pages { .. } => "id",
            Mode::Cursor { field, .. } => field,
        };
        // One pass over the items: each item's key field is read once, for its key and
        // (cursor paging) for the page's largest id.
        let mut keys = Vec::with_capacity(len);
        let mut top: Option<u64> = None;
        for i in 0..len {
            let item = page.at(i);
            let id = item.as_ref().and_then(|item| item.member(key_field)).filter(|id| !id.is_null());
            if let Some(n) = id.as_ref().and_then(Json::as_u64) {
                top = Some(top.map_or(n, |t| t.max(n)));
            }
            keys.push(item_key(item.as_ref(), id.as_ref()));
        }
        if self.seen.contains_all(&keys) {
            self.done = true;
            return Ok(false);
        }
        match &mut self.mode {
            Mode::Pages { page: number, last_len, full_seen, .. } => {
                *number += 1;
                *last_len = len as u64;
                *full_seen |= *last_len >= self.size.unwrap_or(1);
            }
            Mode::Cursor { field, cursor, .. } => {
                let field: &'static str = field;
                let Some(top) = top else {
                    self.done = true;
                    return Err(self.decode_field(field));
                };
                if top <= *cursor {
                    self.done = true;
                    return Ok(false);
                }
                *cursor = top;
            }
        }
        self.seen.add(&keys);
        Ok(true)
    }

    fn decode(&self, message: &str) -> Error {
        Error::new(ErrorKind::Decode, message).at(self.base.method.as_str(), &self.base.path)
    }

    fn decode_field(&self, field: &str) -> Error {
        self.decode(&concat(&["no item of the page has an integer ", field, ": cannot continue"]))
    }
}

/// What identifies an item for the "seen before" check, hashed (FNV-1a, 64 bits, over
/// its text): its key field `id` (`id`, or the cursor's field), the number itself (id
/// lists), or else its JSON text. An integer's text is made here, the same the runtime
/// would give, without asking it.
fn item_key<J: Json>(item: Option<&J>, id: Option<&J>) -> u64 {
    let Some(item) = item else { return fnv(FNV_START, b"") };
    let value = id.unwrap_or(item);
    if let Some(n) = value.as_u64() {
        return fnv(FNV_START, decimal(n).as_bytes());
    }
    let text = match id {
        Some(id) => id.number_text().or_else(|| id.as_str()),
        None => item.number_text(),
    };
    let text = text.unwrap_or_else(|| {
        let mut w = Writer::new();
        w.value(item);
        w.finish()
    });
    fnv(FNV_START, text.as_bytes())
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_set_finds_what_was_inserted_and_nothing_else() {
        let mut set = KeySet::default();
        assert!(!set.contains(7), "empty");
        let keys: Vec<u64> = (0..5_000u64).map(|n| n.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
        for &k in &keys {
            set.insert(k);
            set.insert(k);
        }
        assert_eq!(set.len, keys.len(), "each key once");
        assert!(keys.iter().all(|&k| set.contains(k)));
        assert!((5_000..10_000u64).all(|n| !set.contains(n.wrapping_mul(0x9e37_79b9_7f4a_7c15))));
        assert!(set.slots.len() >= 2 * set.len, "at most half full");
        set.insert(0);
        assert!(set.contains(0));
    }

    #[test]
    fn an_integer_id_has_the_key_of_its_text() {
        use crate::json::parse;
        use serde_json::Value;
        let key = |v: &Value| item_key(Some(&v), v.member("id").as_ref());
        for n in [0u64, 7, 10, 99_999, 9_007_199_254_740_991] {
            let number = parse(&format!("{{\"id\":{n}}}")).unwrap();
            let text = parse(&format!("{{\"id\":\"{n}\"}}")).unwrap();
            assert_eq!(key(&number), key(&text), "{n}");
        }
        let other = parse("{\"id\":8}").unwrap();
        assert_ne!(key(&other), key(&parse("{\"id\":7}").unwrap()));
    }

    #[test]
    fn seen_keeps_the_latest_keys_and_stays_bounded() {
        let mut seen = Seen::default();
        let all: Vec<u64> = (1..=(2 * SEEN_LIMIT as u64)).collect();
        for page in all.chunks(1_000) {
            seen.add(page);
        }
        assert!(seen.current.len + seen.previous.len <= SEEN_LIMIT, "bounded");
        let latest: Vec<u64> = all.iter().rev().take(SEEN_LIMIT / 2).copied().collect();
        assert!(seen.contains_all(&latest), "the latest half a limit is always remembered");
        assert!(!seen.contains_all(&all[..10]), "the oldest are forgotten");
    }

    #[test]
    fn seen_allocates_no_table_after_its_second_turn() {
        let mut seen = Seen::default();
        let mut keys = 1..;
        let mut page = || keys.by_ref().take(1_000).collect::<Vec<u64>>();
        while seen.current.len < SEEN_LIMIT / 2 || seen.previous.len == 0 {
            seen.add(&page());
        }
        let tables = |s: &Seen| {
            let mut t = [s.current.slots.as_ptr() as usize, s.previous.slots.as_ptr() as usize];
            t.sort_unstable();
            t
        };
        let settled = tables(&seen);
        for _ in 0..(2 * SEEN_LIMIT / 1_000) {
            seen.add(&page());
            assert_eq!(tables(&seen), settled, "the two generations trade their tables");
            // Addresses alone could match by chance (a freed table handed out again).
            assert_eq!(seen.current.slots.len(), seen.previous.slots.len(), "no table starts small again");
        }
        let latest = page();
        seen.add(&latest);
        assert!(seen.contains_all(&latest));
    }
}
