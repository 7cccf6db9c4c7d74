//! When the tracker tries again after a failed send: equal-jitter exponential backoff
//! ([`crate::backoff`]), so tabs that failed together do not retry together, and no retry
//! comes sooner than half the schedule.

use crate::backoff::{Backoff, Jitter};

/// First retry delay before jitter.
pub const BASE_MS: u32 = 1000;
/// Longest delay before jitter.
pub const CAP_MS: u32 = 60_000;

/// The tracker's schedule: equal jitter from [`BASE_MS`] up to [`CAP_MS`].
pub const BACKOFF: Backoff = Backoff { base_ms: BASE_MS, cap_ms: CAP_MS, jitter: Jitter::Equal };

/// The delay before retry number `attempt` (1 = the first retry): `BASE_MS * 2^(attempt-1)`
/// capped at `CAP_MS`, then jittered into its upper half (between half and all of it) with
/// `random` in `[0, 1)`; a non-finite `random` counts as 0.5. `attempt` 0 is 0.
pub fn delay_ms(attempt: u32, random: f64) -> u32 {
    if attempt == 0 {
        return 0;
    }
    let r = if random.is_finite() { random } else { 0.5 };
    BACKOFF.delay_ms(attempt - 1, r) as u32
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_to_the_cap() {
        let top: Vec<u32> = (0..9).map(|a| delay_ms(a, 1.0)).collect();
        assert_eq!(top, [0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
        assert_eq!(delay_ms(u32::MAX, 1.0), 60000);
    }

    #[test]
    fn jitter_stays_in_the_upper_half() {
        for a in 1..12 {
            let full = delay_ms(a, 1.0);
            assert_eq!(delay_ms(a, 0.0), full / 2);
            for r in [0.1, 0.5, 0.999] {
                let d = delay_ms(a, r);
                assert!(d >= full / 2 && d <= full, "attempt {a} r {r}: {d}");
            }
        }
        assert_eq!(delay_ms(1, f64::NAN), 750);
        assert_eq!(delay_ms(1, -3.0), 500);
    }
}
