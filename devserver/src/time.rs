//! Wall clock and the guide's date format: `yyyy-MM-dd HH:mm:ss` in UTC+8 (China Standard Time).

use std::time::{SystemTime, UNIX_EPOCH};

/// Offset of the guide's dates from UTC, in milliseconds (UTC+8).
const OFFSET_MS: i64 = 8 * 3600 * 1000;

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats epoch milliseconds as `yyyy-MM-dd HH:mm:ss` in UTC+8.
pub fn format_cst(ms: i64) -> String {
    let mut out = String::with_capacity(19);
    write_cst(&mut out, ms);
    out
}

/// Replaces `out` with [`format_cst`]`(ms)`, keeping its capacity: the event lists write two
/// dates per event into strings reused from event to event.
pub fn write_cst(out: &mut String, ms: i64) {
    let local = ms.saturating_add(OFFSET_MS).div_euclid(1000);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    out.clear();
    if (0..=9999).contains(&y) {
        // The common case, digit by digit without `format!`'s machinery: two dates an event.
        push_two_digits(out, y / 100);
        push_two_digits(out, y % 100);
        for (sep, n) in [('-', m), ('-', d), (' ', secs / 3600), (':', (secs / 60) % 60), (':', secs % 60)] {
            out.push(sep);
            push_two_digits(out, n);
        }
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60);
    }
}

/// Appends `n` (0..=99) as two decimal digits.
fn push_two_digits(out: &mut String, n: i64) {
    for digit in [n / 10 % 10, n % 10] {
        out.push(char::from(b'0' + digit as u8));
    }
}

/// Parses `yyyy-MM-dd` (midnight) or `yyyy-MM-dd HH:mm:ss` (also with `T`), read as UTC+8,
/// into epoch milliseconds. `None` when malformed.
pub fn parse_cst(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: i64 = dp.next()?.parse().ok()?;
    let d: i64 = dp.next()?.parse().ok()?;
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut hh, mut mm, mut ss) = (0i64, 0i64, 0i64);
    if let Some(t) = time {
        let mut tp = t.split(':');
        hh = tp.next()?.parse().ok()?;
        mm = tp.next().map(str::parse).transpose().ok()?.unwrap_or(0);
        ss = tp.next().map(str::parse).transpose().ok()?.unwrap_or(0);
        if tp.next().is_some() || hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
    }
    let secs = days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss;
    Some(secs * 1000 - OFFSET_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_utc_plus_8() {
        // 2017-09-04 01:30:23 UTC is 09:30:23 in UTC+8.
        assert_eq!(format_cst(1_504_488_623_000), "2017-09-04 09:30:23");
        assert_eq!(format_cst(0), "1970-01-01 08:00:00");
        assert_eq!(format_cst(-62_000_000_000_000), "0005-04-19 17:46:40");
        assert_eq!(format_cst(253_402_300_799_000), "10000-01-01 07:59:59");
    }

    #[test]
    fn write_cst_replaces_what_the_string_held() {
        let mut s = String::from("a much longer string than any date");
        write_cst(&mut s, 1_504_488_623_000);
        assert_eq!(s, "2017-09-04 09:30:23");
    }

    #[test]
    fn parses_both_shapes() {
        assert_eq!(parse_cst("2017-09-04 09:30:23"), Some(1_504_488_623_000));
        assert_eq!(parse_cst("1970-01-01"), Some(-OFFSET_MS));
        assert_eq!(parse_cst("2018-13-01"), None);
        assert_eq!(parse_cst("nope"), None);
        let t = parse_cst("2024-02-29 23:59:59").unwrap();
        assert_eq!(format_cst(t), "2024-02-29 23:59:59");
    }
}
