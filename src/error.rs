//! The one error type of the SDK; in JS it becomes a `LinkflowError`.

/// Declares [`ErrorKind`] once: the variants and their JS names.
macro_rules! error_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $js:literal,)*) => {
        /// What went wrong, as the `kind` field of a `LinkflowError`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorKind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant,)*];

            /// The kind as JS sees it, e.g. `"validation"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $js,)*
                }
            }
        }
    };
}

error_kinds! {
    /// Bad input caught before any request was sent.
    Validation = "validation",
    /// The token could not be obtained, or a 401/403 persisted after one refresh.
    Auth = "auth",
    /// Any other non-2xx answer.
    Http = "http",
    /// The request never got an answer (connection refused, reset, DNS, CORS).
    Network = "network",
    /// An attempt took longer than `timeoutMs`.
    Timeout = "timeout",
    /// The answer is not the JSON the guide describes.
    Decode = "decode",
    /// The caller's `AbortSignal` fired.
    Aborted = "aborted",
}

/// The fields a `LinkflowError` carries besides `message` (and `cause`), as JS names them:
/// the members of [`Error`] that reach JS.
pub const JS_FIELDS: [&str; 6] = ["kind", "status", "code", "method", "path", "body"];

/// How many characters of a response body an error keeps.
pub const BODY_LIMIT: usize = 2048;

/// A failed call. Carries no secret: `path` never holds the base URL, a query or a token.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// A sentence for people.
    pub message: String,
    /// HTTP status, where there was a response.
    pub status: Option<u16>,
    /// Linkflow's business code from the body, e.g. `B00008`.
    pub code: Option<String>,
    /// HTTP method of the failed request, e.g. `GET`.
    pub method: Option<&'static str>,
    /// Path of the failed request, e.g. `/v2/contacts/42`.
    pub path: Option<String>,
    /// First [`BODY_LIMIT`] characters of the response body, where there was one.
    pub body: Option<String>,
}

impl Error {
    /// An error of `kind` with `message` and no request context.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), status: None, code: None, method: None, path: None, body: None }
    }

    /// A `validation` error: bad input, no request sent.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// Attaches the request's method and path.
    pub fn at(mut self, method: &'static str, path: &str) -> Self {
        self.method = Some(method);
        self.path = Some(path.to_owned());
        self
    }

    /// Keeps the first [`BODY_LIMIT`] characters of `body`.
    pub fn with_body(mut self, body: &str) -> Self {
        self.body = Some(truncate_chars(body, BODY_LIMIT).to_owned());
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The longest prefix of `s` with at most `max` characters.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_cut_at_2048_characters_not_bytes() {
        let body = "联".repeat(3000);
        let e = Error::new(ErrorKind::Http, "x").with_body(&body);
        assert_eq!(e.body.map(|b| b.chars().count()), Some(2048));
    }

    #[test]
    fn kinds_have_js_names() {
        assert_eq!(ErrorKind::Validation.as_str(), "validation");
        assert_eq!(ErrorKind::Aborted.as_str(), "aborted");
    }
}
