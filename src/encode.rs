//! Text encoders shared by the client and the tracker: each kind of escaping is written
//! once here, so one table and one rule serve every caller.

/// The hex digits, lower-case; the upper-case ones are derived from them.
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Which letters [`push_hex_byte`] writes.
#[derive(Clone, Copy)]
pub(crate) enum HexCase {
    /// `a`–`f`: JSON `\u00XX` escapes and UUIDs.
    Lower,
    /// `A`–`F`: percent-encoding (RFC 3986 recommends upper case).
    Upper,
}

/// Appends `b` as two hex digits.
pub(crate) fn push_hex_byte(out: &mut String, b: u8, case: HexCase) {
    for nibble in [b >> 4, b & 0x0f] {
        let digit = HEX_DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0');
        out.push(char::from(match case {
            HexCase::Lower => digit,
            HexCase::Upper => digit.to_ascii_uppercase(),
        }));
    }
}

/// Appends `s` percent-encoded: every byte but the RFC 3986 unreserved characters and
/// `also_kept` becomes `%XX` (upper-case hex).
///
/// Hand-written rather than the `percent-encoding` crate: that crate's 768-byte `%XX`
/// table and iterator cost 854 B gzip in the full browser entry and 881 B in the tracker
/// entry (measured with `scripts/build.sh`), which must not grow.
pub(crate) fn push_percent_encoded(out: &mut String, s: &str, also_kept: Option<u8>) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || also_kept == Some(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            push_hex_byte(out, b, HexCase::Upper);
        }
    }
}

/// Appends `n` in decimal, without `core::fmt` (which would cost the small tracker module
/// several KB).
///
/// Hand-written rather than the `itoa` crate: its 200-byte digit-pair table and unrolled
/// loop cost 593 B gzip in the full browser entry and 620 B in the tracker entry
/// (measured with `scripts/build.sh`), which must not grow.
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    for d in digits.iter().skip(start) {
        out.push(char::from(*d));
    }
}

/// `parts` joined into one new string: `format!` without `core::fmt` (~3 KB of wasm), and
/// smaller than `[&str]::concat`, whose generic join costs ~850 B of wasm (142 B gzip in
/// the full browser entry). No capacity reserved up front: the sum costs 26 B gzip, and
/// these strings are short messages and paths.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

#[cfg(feature = "client")]
/// `n` in decimal as a new string: `n.to_string()` without `core::fmt` (see [`push_u64`]).
pub(crate) fn decimal(n: u64) -> String {
    let mut out = String::new();
    push_u64(&mut out, n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_two_digits_in_either_case() {
        for b in [0u8, 0x0f, 0x1f, 0xa5, 0xff] {
            let (mut lower, mut upper) = (String::new(), String::new());
            push_hex_byte(&mut lower, b, HexCase::Lower);
            push_hex_byte(&mut upper, b, HexCase::Upper);
            assert_eq!(lower, format!("{b:02x}"));
            assert_eq!(upper, format!("{b:02X}"));
        }
    }

    #[test]
    fn writes_decimal_integers() {
        for n in [0u64, 7, 10, 1_700_000_000_123, u64::MAX] {
            let mut s = String::from("x");
            push_u64(&mut s, n);
            assert_eq!(s, format!("x{n}"));
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn concatenates_parts() {
        assert_eq!(concat(&[]), "");
        assert_eq!(concat(&["a", "", "bc", "é"]), "abcé");
    }

    #[test]
    fn percent_encodes_all_but_unreserved_and_the_kept_bytes() {
        let mut out = String::new();
        push_percent_encoded(&mut out, "aZ09-._~ ,/%é", None);
        assert_eq!(out, "aZ09-._~%20%2C%2F%25%C3%A9");
        out.clear();
        push_percent_encoded(&mut out, "1,2 3", Some(b','));
        assert_eq!(out, "1,2%203");
    }
}
