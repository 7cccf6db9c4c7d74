//! Iterating list endpoints page by page, as a state machine the transport drives:
//! [`Pager::next_request`], send it, check the answer, [`Pager::on_page`], yield.
//!
//! Two kinds of paging:
//! - page numbers (`GET /contacts`, `GET /v2/contacts_bulk/ids`, `GET /contacts/{id}/events`):
//!   from page 0, always sending `size`, until a page shorter than `size`;
//! - cursors (`GET /events/lite` with `lastMaxId`, `GET /v2/groups/{id}/contacts` with
//!   `memberId`): the cursor becomes the largest id of the page; the iteration ends at an
//!   empty page. Short pages do not end it, since the server may cap `size` below what was
//!   asked; the one extra request is cheap.
//!
//! Loop-proofing: a numbered page whose first and last items equal the previous page's,
//! or a cursor page whose largest id does not pass the cursor, ends the iteration and is
//! not yielded.

use crate::error::{Error, ErrorKind};
use crate::json::{Json, Kind, Writer};
use crate::request::Request;

/// Drives one iteration. Built by the `iterate*` functions, which validate their
/// arguments first.
#[derive(Clone, Debug)]
pub struct Pager {
    /// The request without its paging parameters (which go first in the query).
    base: Request,
    /// `size` sent with every request, when set (always set for page numbers).
    size: Option<u64>,
    mode: Mode,
    done: bool,
}

#[derive(Clone, Debug)]
enum Mode {
    Pages {
        page: u64,
        /// The server refuses `(page + 1) * size` beyond this (`iterate_ids`).
        window: Option<u64>,
        /// First and last item keys of the previous page.
        last: Option<(String, String)>,
    },
    Cursor {
        param: &'static str,
        field: &'static str,
        cursor: u64,
    },
}

impl Pager {
    /// Page-number paging from page 0 with `size` items a page.
    pub(crate) fn pages(base: Request, size: u64, window: Option<u64>) -> Self {
        Pager { base, size: Some(size), mode: Mode::Pages { page: 0, window, last: None }, done: false }
    }

    /// Cursor paging: `param` starts at `from` and becomes the largest `field` of each page.
    pub(crate) fn cursor(base: Request, size: Option<u64>, param: &'static str, field: &'static str, from: u64) -> Self {
        Pager { base, size, mode: Mode::Cursor { param, field, cursor: from }, done: false }
    }

    /// The request for the next page; `Ok(None)` when the iteration is over; `Err` for a
    /// limit that would silently cut data (`iterate_ids` past the 10000 window).
    pub fn next_request(&mut self) -> Result<Option<Request>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut query = Vec::with_capacity(self.base.query.len() + 2);
        match &self.mode {
            Mode::Pages { page, window, .. } => {
                let size = self.size.unwrap_or(1);
                if let Some(limit) = window {
                    if page.checked_add(1).and_then(|p| p.checked_mul(size)).map_or(true, |end| end > *limit) {
                        self.done = true;
                        return Err(Error::validation(format!(
                            "{limit} or more ids match: the server pages no further than (page + 1) * size = {limit}, so whether more exist cannot be known; narrow minUpdateTime/maxUpdateTime"
                        ))
                        .at(self.base.method.as_str(), &self.base.path));
                    }
                }
                query.push(("page", page.to_string()));
            }
            Mode::Cursor { param, cursor, .. } => query.push((*param, cursor.to_string())),
        }
        if let Some(size) = self.size {
            query.push(("size", size.to_string()));
        }
        query.extend(self.base.query.iter().cloned());
        let mut req = self.base.clone();
        req.query = query;
        Ok(Some(req))
    }

    /// Feeds the answer (an array, already checked against the request's shape) of the
    /// request last returned. `Ok(true)`: yield its items in order. `Ok(false)`: the page
    /// made no progress (same page as before, cursor did not advance): discard it; the
    /// iteration is over.
    pub fn on_page<J: Json>(&mut self, page: &J) -> Result<bool, Error> {
        if self.done {
            return Ok(false);
        }
        if page.kind() != Kind::Array {
            self.done = true;
            return Err(self.decode("a page must be an array"));
        }
        let len = page.len();
        match &mut self.mode {
            Mode::Pages { page: number, last, .. } => {
                if len == 0 {
                    self.done = true;
                    return Ok(true);
                }
                let keys = (item_key(page.at(0)), item_key(page.at(len - 1)));
                if last.as_ref() == Some(&keys) {
                    self.done = true;
                    return Ok(false);
                }
                *last = Some(keys);
                *number += 1;
                if (len as u64) < self.size.unwrap_or(1) {
                    self.done = true;
                }
                Ok(true)
            }
            Mode::Cursor { field, cursor, .. } => {
                if len == 0 {
                    self.done = true;
                    return Ok(true);
                }
                let field: &'static str = field;
                let top = (0..len).filter_map(|i| page.at(i)?.field(field)?.as_u64()).max();
                let Some(top) = top else {
                    self.done = true;
                    return Err(self.decode_field(field));
                };
                if top <= *cursor {
                    self.done = true;
                    return Ok(false);
                }
                *cursor = top;
                Ok(true)
            }
        }
    }

    fn decode(&self, message: &str) -> Error {
        Error::new(ErrorKind::Decode, message).at(self.base.method.as_str(), &self.base.path)
    }

    fn decode_field(&self, field: &str) -> Error {
        self.decode(&format!("no item of the page has an integer {field}: cannot continue"))
    }
}

/// What identifies an item for the repeated-page check: its `id`, the number itself (id
/// lists), or else its JSON text.
fn item_key<J: Json>(item: Option<J>) -> String {
    let Some(item) = item else { return String::new() };
    if let Some(id) = item.field("id").and_then(|id| id.number_text().or_else(|| id.as_str())) {
        return id;
    }
    if let Some(n) = item.number_text() {
        return n;
    }
    let mut w = Writer::new();
    w.value(&item);
    w.finish()
}
