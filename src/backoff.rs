//! Exponential backoff with jitter: one schedule function for the client's retries
//! (`retry::BACKOFF`: full jitter, 500 ms base, 8 s cap) and the tracker's sends
//! (`track::backoff::BACKOFF`: equal jitter, 1 s base, 60 s cap).

/// How a wait is spread over its step, so that callers that failed together do not
/// retry together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// Anywhere in `[0, step]`: the widest spread.
    Full,
    /// In `[step / 2, step]`, whole milliseconds: never sooner than half the schedule.
    Equal,
}

/// A backoff policy: step `n` (0 for the first retry) is `base_ms * 2^n` capped at
/// `cap_ms`, then spread by `jitter`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backoff {
    /// The first step, in milliseconds.
    pub base_ms: u32,
    /// The largest step, in milliseconds.
    pub cap_ms: u32,
    /// How the wait is drawn from the step.
    pub jitter: Jitter,
}

/// Doublings counted at most: the shift stays within `u32`, and past it the step
/// saturates (every cap is below `u32::MAX`).
const MAX_DOUBLINGS: u32 = 31;

impl Backoff {
    /// The wait before retry number `retry` (0 for the first retry), in milliseconds;
    /// `random01` is uniform in `[0, 1)` (clamped to `[0, 1]`).
    // Inlined so that each caller keeps only its own jitter arm (32 B gzip off the tracker entry).
    #[inline]
    pub fn delay_ms(&self, retry: u32, random01: f64) -> f64 {
        let step = self.base_ms.saturating_mul(1u32 << retry.min(MAX_DOUBLINGS)).min(self.cap_ms);
        let r = random01.clamp(0.0, 1.0);
        match self.jitter {
            Jitter::Full => f64::from(step) * r,
            Jitter::Equal => {
                let half = step / 2;
                f64::from(half) + (f64::from(step - half) * r).floor()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_spreads_over_the_whole_step_equal_jitter_over_its_upper_half() {
        let full = Backoff { base_ms: 500, cap_ms: 8_000, jitter: Jitter::Full };
        let equal = Backoff { base_ms: 1000, cap_ms: 60_000, jitter: Jitter::Equal };
        let odd = Backoff { base_ms: 3, cap_ms: 3, jitter: Jitter::Equal };
        let cases = [
            (full, 0, 1.0, 500.0),
            (full, 3, 0.5, 2000.0),
            (full, 3, 0.0, 0.0),
            (full, u32::MAX, 1.0, 8000.0),
            (equal, 0, 0.0, 500.0),
            (equal, 0, 0.999, 999.0),
            (equal, 6, 1.0, 60_000.0),
            (equal, u32::MAX, 0.0, 30_000.0),
            // Whole milliseconds: the half rounds down, the jittered part too.
            (odd, 0, 0.0, 1.0),
            (odd, 0, 0.7, 2.0),
            (odd, 0, 1.0, 3.0),
        ];
        for (policy, retry, r, want) in cases {
            assert_eq!(policy.delay_ms(retry, r), want, "{policy:?} retry {retry} r {r}");
        }
    }
}
