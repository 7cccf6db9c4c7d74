//! Date arithmetic the SDK needs, without a clock: Linkflow's `yyyy-MM-dd HH:mm:ss`
//! timestamps (server time, UTC+8) and HTTP dates (`Retry-After`, `Date`).

/// Linkflow's servers write local times in UTC+8.
const LINKFLOW_OFFSET_MS: i64 = 8 * 3_600_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (inverse of
/// [`days_from_civil`], same source).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is 1..=31 and m 1..=12 by construction.
    (y, u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn epoch_ms(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let valid = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 61;
    if !valid {
        return None;
    }
    let days = days_from_civil(i64::from(y), mo, d);
    // Checked: a year past ~292 million (server-sent text) does not fit in i64 milliseconds.
    let time_of_day = ((i64::from(h) * 60 + i64::from(mi)) * 60 + i64::from(s)) * 1000;
    days.checked_mul(86_400_000)?.checked_add(time_of_day)
}

/// Parses Linkflow's `yyyy-MM-dd HH:mm:ss` (UTC+8) into Unix epoch milliseconds.
pub fn parse_linkflow_time(s: &str) -> Option<i64> {
    let (date, time) = s.trim().split_once(' ')?;
    let mut d = date.split('-');
    let mut t = time.split(':');
    let (y, mo, da) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    let (h, mi, se) = (num(t.next()?)?, num(t.next()?)?, num(t.next()?)?);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    Some(epoch_ms(y, mo, da, h, mi, se)? - LINKFLOW_OFFSET_MS)
}

/// Formats Unix epoch milliseconds as Linkflow's `yyyy-MM-dd HH:mm:ss` in UTC+8 (the
/// milliseconds are dropped, as the format has none). `None` when the time falls outside
/// the years 0000..=9999, which the format cannot write.
pub fn format_linkflow_time(ms: i64) -> Option<String> {
    let local = ms.checked_add(LINKFLOW_OFFSET_MS)?;
    let (days, ms_of_day) = (local.div_euclid(86_400_000), local.rem_euclid(86_400_000));
    let (y, mo, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let secs = ms_of_day / 1000;
    let fields =
        [(y, 4, ""), (i64::from(mo), 2, "-"), (i64::from(d), 2, "-"), (secs / 3600, 2, " "), (secs / 60 % 60, 2, ":"), (secs % 60, 2, ":")];
    // Digits by hand: `format!`'s padding would add ~7 KB to the tracker's wasm module.
    let mut out = String::with_capacity(19);
    for (value, width, separator) in fields {
        out.push_str(separator);
        for place in (0..width).rev() {
            let digit = value / 10_i64.pow(place) % 10;
            out.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
        }
    }
    Some(out)
}

/// Parses exactly `yyyy-MM-dd HH:mm:ss` (UTC+8, every field zero-padded, a real calendar
/// date) into Unix epoch milliseconds: what `parseLinkflowDate` accepts. Unlike
/// [`parse_linkflow_time`] (lenient, for the server's own answers) it refuses `2017-9-4`,
/// `2017-02-30` and surrounding spaces.
pub fn parse_exact_linkflow_time(s: &str) -> Option<i64> {
    // Fixed positions, by hand: the tracker's module ships this too, and `trim`/`split`/
    // `str::parse` would weigh several KB there.
    let b = s.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if b.len() != 19 || !separators.iter().all(|(at, c)| b.get(*at) == Some(c)) {
        return None;
    }
    let field = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let ms = epoch_ms(field(0, 4)?, field(5, 7)?, field(8, 10)?, field(11, 13)?, field(14, 16)?, field(17, 19)?)? - LINKFLOW_OFFSET_MS;
    // The round trip refuses what is no calendar date (`2017-02-30`) or a leap second.
    (format_linkflow_time(ms)? == s).then_some(ms)
}

/// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 IMF-fixdate) into
/// Unix epoch milliseconds.
pub fn parse_http_date(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = s.split_whitespace();
    let _weekday = parts.next()?;
    let day = num(parts.next()?)?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)?;
    let year = num(parts.next()?)?;
    let mut t = parts.next()?.split(':');
    let (h, mi, se) = (num(t.next()?)?, num(t.next()?)?, num(t.next()?)?);
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    epoch_ms(year, u32::try_from(month).ok()? + 1, day, h, mi, se)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkflow_time_is_utc_plus_8() {
        // 2017-09-04 09:30:23 in Shanghai is 01:30:23 UTC = 1504488623 s.
        assert_eq!(parse_linkflow_time("2017-09-04 09:30:23"), Some(1_504_488_623_000));
        assert_eq!(parse_linkflow_time("1970-01-01 08:00:00"), Some(0));
        for bad in ["", "2017-09-04", "2017-13-04 00:00:00", "2017-09-04 24:00:00", "a-b-c d:e:f", "2017-09-04 09:30:23:1"] {
            assert_eq!(parse_linkflow_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn linkflow_time_formats_in_utc_plus_8_and_round_trips() {
        assert_eq!(format_linkflow_time(1_504_488_623_000).as_deref(), Some("2017-09-04 09:30:23"));
        assert_eq!(format_linkflow_time(0).as_deref(), Some("1970-01-01 08:00:00"));
        // 16:00 UTC on the last day of a leap February is the next day in UTC+8.
        assert_eq!(format_linkflow_time(951_840_000_000).as_deref(), Some("2000-03-01 00:00:00"));
        assert_eq!(format_linkflow_time(-1).as_deref(), Some("1970-01-01 07:59:59"));
        assert_eq!(format_linkflow_time(253_402_271_999_000).as_deref(), Some("9999-12-31 23:59:59"));
        assert_eq!(format_linkflow_time(253_402_272_000_000), None);
        assert_eq!(format_linkflow_time(i64::MAX), None);
        for ms in [0i64, 1_504_488_623_000, -62_167_248_000_000, 4_102_444_800_000, 951_753_600_000] {
            let text = format_linkflow_time(ms).unwrap();
            assert_eq!(parse_linkflow_time(&text), Some(ms), "{text}");
        }
    }

    #[test]
    fn exact_linkflow_time_refuses_what_the_format_cannot_be() {
        assert_eq!(parse_exact_linkflow_time("2017-09-04 09:30:23"), Some(1_504_488_623_000));
        for bad in ["2017-9-4 09:30:23", "2017-02-30 00:00:00", " 2017-09-04 09:30:23", "2017-09-04 09:30:60", "2017-09-04T09:30:23", ""] {
            assert_eq!(parse_exact_linkflow_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_parse_to_epoch() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("120"), None);
    }
}
