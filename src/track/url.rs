//! URLs: the `utm_*` parameters of a page URL, and the collector endpoint.

/// The campaign parameters of a landing URL (`utm_source`, `utm_medium`, `utm_campaign`,
/// `utm_content`, `utm_term`). The tracker keeps the landing page's for the session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Utm {
    /// `utm_source`
    pub source: Option<String>,
    /// `utm_medium`
    pub medium: Option<String>,
    /// `utm_campaign`
    pub campaign: Option<String>,
    /// `utm_content`
    pub content: Option<String>,
    /// `utm_term`
    pub term: Option<String>,
}

impl Utm {
    /// The `utm_*` parameters of `url`'s query (the part between `?` and `#`), decoded
    /// (`+` is a space, `%XX` a byte). The first occurrence of each
    /// name counts; empty values are ignored; a value whose bytes are not UTF-8 is kept
    /// as written. `None` when the URL carries none.
    pub fn from_url(url: &str) -> Option<Utm> {
        let before_hash = cut(url, b'#').map_or(url, |(u, _)| u);
        let (_, query) = cut(before_hash, b'?')?;
        let mut utm = Utm::default();
        let mut rest = Some(query);
        while let Some(r) = rest {
            let (pair, next) = cut(r, b'&').map_or((r, None), |(p, n)| (p, Some(n)));
            rest = next;
            let (name, value) = cut(pair, b'=').unwrap_or((pair, ""));
            let slot = match decode(name).as_str() {
                "utm_source" => &mut utm.source,
                "utm_medium" => &mut utm.medium,
                "utm_campaign" => &mut utm.campaign,
                "utm_content" => &mut utm.content,
                "utm_term" => &mut utm.term,
                _ => continue,
            };
            let value = decode(value);
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value);
            }
        }
        (!utm.is_empty()).then_some(utm)
    }

    /// True when no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, v)| v.is_none())
    }

    /// The parameters as (wire name, value), in wire order.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("source", self.source.as_deref()),
            ("medium", self.medium.as_deref()),
            ("campaign", self.campaign.as_deref()),
            ("content", self.content.as_deref()),
            ("term", self.term.as_deref()),
        ]
    }

    /// Writes the parameters as a JSON object (only those that are set).
    pub fn write(&self, w: &mut crate::json::Writer) {
        w.begin_object();
        for (name, value) in self.fields() {
            if let Some(v) = value {
                w.key(name);
                w.string(v);
            }
        }
        w.end_object();
    }

    /// The parameters as JSON object text (kept in `sessionStorage` for the session).
    pub fn to_json(&self) -> String {
        let mut w = crate::json::Writer::new();
        self.write(&mut w);
        w.finish()
    }

    /// Reads what [`Utm::to_json`] wrote; `None` when nothing usable is there.
    pub fn from_json<J: crate::json::Json>(v: &J) -> Option<Utm> {
        let get = |k: &str| v.field(k).and_then(|s| s.as_str()).filter(|s| !s.is_empty());
        let utm =
            Utm { source: get("source"), medium: get("medium"), campaign: get("campaign"), content: get("content"), term: get("term") };
        (!utm.is_empty()).then_some(utm)
    }
}

/// Decodes one `application/x-www-form-urlencoded` component; when the bytes are not
/// UTF-8, the component is kept as it was written.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'+' => out.push(b' '),
            b'%' => match (b.get(i + 1).and_then(|h| hex(*h)), b.get(i + 2).and_then(|h| hex(*h))) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    utf8(&out).unwrap_or_else(|| s.to_owned())
}

/// `bytes` as a string when they are UTF-8. `String::from_utf8` does the same with ~650 B
/// of wasm (its word-at-a-time ASCII path); URL components are short.
fn utf8(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        // Length, the lead byte's bits, and the smallest scalar value of that length
        // (a smaller one is an overlong form).
        let (len, mut c, min) = match lead {
            0x00..=0x7F => (1, u32::from(lead), 0),
            0xC2..=0xDF => (2, u32::from(lead & 0x1F), 0x80),
            0xE0..=0xEF => (3, u32::from(lead & 0x0F), 0x800),
            0xF0..=0xF4 => (4, u32::from(lead & 0x07), 0x1_0000),
            _ => return None,
        };
        for k in 1..len {
            let b = *bytes.get(i + k)?;
            if b & 0xC0 != 0x80 {
                return None;
            }
            c = c << 6 | u32::from(b & 0x3F);
        }
        // `from_u32` refuses surrogates and values past U+10FFFF.
        out.push(char::from_u32(c).filter(|_| c >= min)?);
        i += len;
    }
    Some(out)
}

/// `s` around its first `sep` (an ASCII byte), `None` when there is none. A byte search
/// instead of `split_once(char)`: core's char searcher costs ~400 B of wasm.
fn cut(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// True for what `page({ url })` takes: an absolute `http:` or `https:` URL (scheme in
/// any case) with a host, without spaces or control characters.
pub fn is_page_url(url: &str) -> bool {
    // By bytes (the scheme is ASCII, so what follows it starts on a char boundary).
    let scheme = |p: &[u8]| url.as_bytes().get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    let at = if scheme(b"https://") {
        8
    } else if scheme(b"http://") {
        7
    } else {
        return false;
    };
    let rest = url.get(at..).unwrap_or_default();
    // The host's first byte by value: a `char` array pattern links core's multi-char searcher.
    !matches!(rest.as_bytes().first(), None | Some(b'/' | b'?' | b'#')) && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The path the collector answers on.
pub const BATCH_PATH: &str = "/api/sdk/v2/batch_messages";

/// The URL batches are posted to: `{collectUrl}/api/sdk/v2/batch_messages?token={writeKey}`
/// (one trailing `/` of `collect_url` tolerated; no query when there is no write key).
/// `collect_url` must be an absolute `http:` or `https:` URL with a host and without a
/// query or fragment; otherwise the reason is returned (the `Tracker` constructor's whole
/// validation message).
pub fn endpoint(collect_url: &str, write_key: Option<&str>) -> Result<String, &'static str> {
    let base = collect_url.trim();
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or("Tracker: collectUrl must be an absolute http: or https: URL")?;
    let host = cut(rest, b'/').map_or(rest, |(h, _)| h);
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '@') {
        return Err("Tracker: collectUrl must name a host");
    }
    if rest.bytes().any(|b| b == b'?' || b == b'#') || rest.chars().any(char::is_whitespace) {
        return Err("Tracker: collectUrl must not carry a query, a fragment or spaces");
    }
    let mut url = String::with_capacity(base.len() + BATCH_PATH.len() + 48);
    // One trailing `/` dropped, by its byte (a `char` pattern links core's UTF-8 encoder).
    let slash = usize::from(base.as_bytes().last() == Some(&b'/'));
    url.push_str(base.get(..base.len() - slash).unwrap_or(base));
    url.push_str(BATCH_PATH);
    if let Some(key) = write_key.filter(|k| !k.is_empty()) {
        url.push_str("?token=");
        crate::encode::push_percent_encoded(&mut url, key, None);
    }
    Ok(url)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn reads_utm_from_the_query_only() {
        let u = Utm::from_url(
            "https://shop.example/p?a=1&utm_source=news+letter&utm_medium=email&utm_campaign=%E6%98%A5%E5%AD%A3&x#utm_term=no",
        )
        .unwrap();
        assert_eq!(u.source.as_deref(), Some("news letter"));
        assert_eq!(u.medium.as_deref(), Some("email"));
        assert_eq!(u.campaign.as_deref(), Some("春季"));
        assert_eq!(u.term, None);
        assert_eq!(u.content, None);
    }

    #[test]
    fn no_utm_is_none() {
        for url in
            ["https://a.b/", "https://a.b/?q=1", "https://a.b/#?utm_source=x", "https://a.b/?utm_source=", "https://a.b/?utm_sourcex=1"]
        {
            assert_eq!(Utm::from_url(url), None, "{url}");
        }
    }

    #[test]
    fn utf8_agrees_with_std() {
        let check = |b: &[u8]| assert_eq!(utf8(b), String::from_utf8(b.to_vec()).ok(), "{b:?}");
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                check(&[a, b]);
                for c in [0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0x41] {
                    check(&[a, b, c]);
                    for d in [0x80, 0x8F, 0x90, 0xBF, 0xC0] {
                        check(&[a, b, c, d]);
                    }
                }
            }
        }
        check("a联😀".as_bytes());
    }

    #[test]
    fn first_value_wins_and_bad_escapes_survive() {
        let u = Utm::from_url("/x?utm_term=100%25&utm_term=b&utm_content=%zz%4&utm_source=%FF").unwrap();
        assert_eq!(u.term.as_deref(), Some("100%"));
        assert_eq!(u.content.as_deref(), Some("%zz%4"));
        assert_eq!(u.source.as_deref(), Some("%FF"));
    }

    #[test]
    fn utm_json_round_trips() {
        let u = Utm::from_url("/?utm_source=a%22b&utm_term=t").unwrap();
        let text = u.to_json();
        assert_eq!(text, r#"{"source":"a\"b","term":"t"}"#);
        let v = crate::json::parse(&text).unwrap();
        assert_eq!(Utm::from_json(&&v), Some(u));
        assert_eq!(Utm::from_json(&&crate::json::parse("{}").unwrap()), None);
        assert_eq!(Utm::from_json(&&crate::json::parse("[1]").unwrap()), None);
    }

    #[test]
    fn endpoint_joins_path_and_encodes_the_key() {
        assert_eq!(endpoint("http://127.0.0.1:8787", None).unwrap(), "http://127.0.0.1:8787/api/sdk/v2/batch_messages");
        assert_eq!(
            endpoint("https://c.example/base/", Some("k y&=")).unwrap(),
            "https://c.example/base/api/sdk/v2/batch_messages?token=k%20y%26%3D"
        );
        assert_eq!(endpoint(" https://c.example ", Some("")).unwrap(), "https://c.example/api/sdk/v2/batch_messages");
    }

    #[test]
    fn page_urls_are_absolute_http() {
        for ok in
            ["https://shop.example/p?x=1#f", "http://127.0.0.1:8787/", "HTTPS://A.B", "http://h", "http://é.example", "https://h/\u{e9}"]
        {
            assert!(is_page_url(ok), "{ok}");
        }
        for bad in
            ["", "javascript:alert(1)", "/relative", "ftp://x", "http://", "https:///p", "https://a b", "data:text/html,x", "https://a\n"]
                .into_iter()
                .chain(["https://?q=1", "http://#f", "https://", "https:/", "https://h\u{85}", "https://h\u{a0}x", "https://h\u{2028}"])
        {
            assert!(!is_page_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn endpoint_refuses_bad_urls() {
        for bad in
            ["", "/relative", "ftp://x", "http://", "http:///path", "https://a.b/?q", "https://a.b/#f", "https://u@a.b", "https://a b"]
        {
            assert!(endpoint(bad, None).is_err(), "{bad:?}");
        }
        // Which check refuses: the message names it.
        let host = "Tracker: collectUrl must name a host";
        let rest = "Tracker: collectUrl must not carry a query, a fragment or spaces";
        for (bad, why) in [
            ("https://u@a.b/p", host),
            ("https://a\u{a0}b/p", host),
            ("https://a\u{3000}b", host),
            ("https://a.b?q", rest),
            ("https://a.b#f", rest),
            ("https://a.b/p q", rest),
            ("https://a.b/p\u{2028}x", rest),
            ("https://a.b/@\u{e9}", ""),
        ] {
            assert_eq!(endpoint(bad, None).err().unwrap_or_default(), why, "{bad:?}");
        }
    }
}
