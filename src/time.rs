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
    fn http_dates_parse_to_epoch() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("120"), None);
    }
}
