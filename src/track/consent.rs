//! Consent: whether the tracker may store and send anything.
//!
//! - `Pending` (only with `requireConsent`): messages are kept in memory (bounded); nothing
//!   is written to any storage and nothing is sent.
//! - `Granted`: the tracker works as usual.
//! - `Denied`: nothing is recorded, stored or sent; what was stored is deleted and only the
//!   refusal itself is remembered (its marker), so the next page load starts `Denied`.
//!
//! A privacy signal (Global Privacy Control, Do-Not-Track), when the site asks to respect
//! them, counts as a refusal (without writing the marker: the browser says it every time).

/// The consent state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Waiting for `setConsent`.
    Pending,
    /// Granted (or not required).
    Granted,
    /// Refused.
    Denied,
}

/// The stored marker of a granted consent.
pub const GRANTED: &str = "granted";
/// The stored marker of a refusal.
pub const DENIED: &str = "denied";

impl Consent {
    /// `"pending" | "granted" | "denied"` (the marker text for the last two).
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Pending => "pending",
            Consent::Granted => GRANTED,
            Consent::Denied => DENIED,
        }
    }

    /// The state a page load starts in: refused when a privacy signal counts or a refusal
    /// is stored; else granted when consent is not required or was stored; else pending.
    pub fn initial(require_consent: bool, stored: Option<&str>, privacy_signal: bool) -> Consent {
        if privacy_signal || stored == Some(DENIED) {
            Consent::Denied
        } else if !require_consent || stored == Some(GRANTED) {
            Consent::Granted
        } else {
            Consent::Pending
        }
    }
}

/// True when the browser sends a privacy signal: `navigator.globalPrivacyControl === true`,
/// or a Do-Not-Track value (`navigator.doNotTrack` / `window.doNotTrack`) of `"1"` or
/// `"yes"` (old Firefox).
pub fn privacy_signal(gpc: Option<bool>, dnt: &str) -> bool {
    gpc == Some(true) || dnt == "1" || dnt == "yes"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starting_state() {
        use Consent::*;
        assert_eq!(Consent::initial(false, None, false), Granted);
        assert_eq!(Consent::initial(true, None, false), Pending);
        assert_eq!(Consent::initial(true, Some(GRANTED), false), Granted);
        assert_eq!(Consent::initial(true, Some("junk"), false), Pending);
        for require in [false, true] {
            assert_eq!(Consent::initial(require, Some(DENIED), false), Denied, "a refusal is remembered");
            assert_eq!(Consent::initial(require, Some(GRANTED), true), Denied, "a privacy signal wins");
        }
        assert_eq!([Pending, Granted, Denied].map(Consent::as_str), ["pending", "granted", "denied"]);
    }

    #[test]
    fn signals() {
        assert!(privacy_signal(Some(true), ""));
        assert!(privacy_signal(None, "1"));
        assert!(privacy_signal(None, "yes"));
        for dnt in ["", "0", "unspecified", "no"] {
            assert!(!privacy_signal(Some(false), dnt), "{dnt}");
        }
    }
}
