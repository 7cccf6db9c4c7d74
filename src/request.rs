//! A request as data: what the transport sends, built and validated by [`crate::api`].

use crate::model::Ty;

/// HTTP method of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Which failures a call may be repeated after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// Repeating cannot do harm (reads, PUT, upserts, set operations): retried on
    /// network errors, timeouts, 408, 429 and 5xx.
    Safe,
    /// The call creates something: retried only where the server said it did not act
    /// (429, or 503 with `Retry-After`).
    Create,
}

/// One HTTP request to the Open API, without base URL or credentials.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path with path parameters filled in and percent-encoded, e.g. `/v2/contacts/42`.
    pub path: String,
    /// Query parameters in order; unset options are simply absent.
    pub query: Vec<(&'static str, String)>,
    /// JSON body text, for POST/PUT/DELETE calls that carry one.
    pub body: Option<String>,
    /// Which failures may be retried.
    pub replay: Replay,
    /// The shape a 2xx answer must have.
    pub answer: &'static Ty,
}

impl Request {
    /// A request without query or body.
    pub fn new(method: Method, path: impl Into<String>, replay: Replay, answer: &'static Ty) -> Self {
        Request { method, path: path.into(), query: Vec::new(), body: None, replay, answer }
    }

    /// Adds `name=value` to the query.
    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    /// Adds `name=value` when `value` is set.
    pub fn opt_param(self, name: &'static str, value: Option<String>) -> Self {
        match value {
            Some(v) => self.param(name, v),
            None => self,
        }
    }

    /// Sets the JSON body.
    pub fn json(mut self, body: String) -> Self {
        self.body = Some(body);
        self
    }

    /// The full URL under `base_url` (a trailing `/` on the base is tolerated).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::with_capacity(base_url.len() + self.path.len() + 16 * self.query.len());
        url.push_str(base_url.trim_end_matches('/'));
        url.push_str(&self.path);
        for (i, (name, value)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            encode_component(&mut url, value);
        }
        url
    }
}

/// Percent-encodes `s` as a URL component (RFC 3986 unreserved characters kept;
/// `,` kept too so that id lists read as the guide writes them).
pub fn encode_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
            out.push(char::from(HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0')));
        }
    }
}

/// A path segment from caller input, percent-encoded (so `../` cannot escape it).
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_component(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ANY;

    #[test]
    fn url_joins_base_path_and_encoded_query() {
        let r = Request::new(Method::Get, "/v2/contacts", Replay::Safe, &ANY)
            .param("email", "a+b@x.com")
            .param("search", "张 三")
            .param("ids", "1,2");
        assert_eq!(r.url("http://h/"), "http://h/v2/contacts?email=a%2Bb%40x.com&search=%E5%BC%A0%20%E4%B8%89&ids=1,2");
    }

    #[test]
    fn segments_cannot_escape_the_path() {
        assert_eq!(segment("../token"), "..%2Ftoken");
    }
}
