//! A request as data: what the transport sends, built and validated by [`crate::api`].

use crate::encode::concat;
use crate::error::Error;
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
    crate::encode::push_percent_encoded(out, s, Some(b','));
}

/// A path segment from caller input, percent-encoded (so `/` cannot split it). `what` names
/// the parameter in the error.
///
/// Refused (`validation`): the empty segment, and any segment that is or decodes to `.` or
/// `..`. The URL parser (WHATWG, used by every `fetch`) removes such segments, with `%2e`
/// in any case counted as a dot, so `"/v1/wx/../user"` would reach `/v1/user` with the
/// token. The input's own `%` is encoded (`%2e` is sent as `%252e`), but a server or proxy
/// that decodes once more would see dots again: refusing them costs no real id.
pub fn segment(s: &str, what: &str) -> Result<String, Error> {
    if s.is_empty() {
        return Err(Error::validation(concat(&[what, " must not be empty"])));
    }
    if is_dot_segment(s) {
        return Err(Error::validation(concat(&[
            what,
            " must not be \".\" or \"..\" (or encode to them): it would change the request path",
        ])));
    }
    let mut out = String::with_capacity(s.len());
    encode_component(&mut out, s);
    Ok(out)
}

/// Whether `s` is `.` or `..` once every `%2e`/`%2E` in it is read as a dot (the URL
/// parser's single- and double-dot segments).
fn is_dot_segment(s: &str) -> bool {
    let mut dots = 0;
    let mut rest = s.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        rest = match (first, tail) {
            (b'.', _) => tail,
            (b'%', [b'2', b'e' | b'E', after @ ..]) => after,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// The `baseUrl` option, checked: an absolute `http:`/`https:` URL with a host, no
/// user info, no query, no fragment, no whitespace or control characters, no `\\`; a
/// path prefix is fine. Returned without its trailing `/`s, ready for [`Request::url`].
///
/// A query or fragment would swallow every path appended to it (`https://h/?x=1` sends
/// all calls to one URL), a relative or `javascript:` URL is not an API host, and
/// surrounding spaces hide a typo; all are caller mistakes to report at construction.
pub fn base_url(s: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::validation(concat(&["baseUrl must be an absolute http: or https: URL without query or fragment: ", why]));
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it contains whitespace or control characters"));
    }
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| bad("it must start with http:// or https://"))?;
    if s.contains('?') || s.contains('#') {
        return Err(bad("it has a query or fragment"));
    }
    if s.contains('\\') {
        return Err(bad("it contains a backslash"));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(bad("it must not carry user info"));
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(bad("it has no host"));
    }
    if rest.split('/').skip(1).any(is_dot_segment) {
        return Err(bad("its path has \".\" or \"..\" segments"));
    }
    Ok(s.trim_end_matches('/').to_owned())
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
        assert_eq!(segment("../token", "appId").unwrap(), "..%2Ftoken");
        assert_eq!(segment("a.b", "appId").unwrap(), "a.b");
        assert_eq!(segment("...", "appId").unwrap(), "...");
        assert_eq!(segment("%2e1", "appId").unwrap(), "%252e1", "the input's own % is encoded");
    }

    #[test]
    fn dot_segments_are_validation_errors() {
        for s in [".", "..", "%2e", "%2E", "%2e%2e", ".%2E", "%2E.", "%2e%2E", ""] {
            let e = segment(s, "appId").unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::Validation, "{s:?}");
            assert!(e.message.starts_with("appId"), "{}", e.message);
        }
    }

    #[test]
    fn base_urls_are_absolute_http_without_query_or_fragment() {
        for ok in ["https://open.linkflowtech.com", "http://127.0.0.1:8787/", "https://h/api/v1//", "HTTPS://H", "http://[::1]:80/p"] {
            assert!(base_url(ok).is_ok(), "{ok}");
        }
        assert_eq!(base_url("http://h:1/api/").unwrap(), "http://h:1/api");
        for bad in [
            "https://h/?x=1#f",
            "https://h?x",
            "https://h#f",
            "javascript:alert(1)",
            "/api",
            "  https://h  ",
            "https://h ",
            "https://h\n",
            "ftp://h",
            "https://",
            "https:///p",
            "https://u:p@h",
            "https://h\\p",
            "https://h/a/../b",
            "https://h/%2e",
            "h",
            "",
        ] {
            let e = base_url(bad).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::Validation, "{bad:?}");
        }
    }
}
