//! GET /token answer.

use super::Ty;

/// `{ "expiration": "2017-09-04 09:30:23", "token": "…" }`
pub const TOKEN: Ty = Ty::Object(&[("expiration", Ty::Str), ("token", Ty::Str)]);
