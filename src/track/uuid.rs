//! UUID v4 text from 16 random bytes (the browser glue draws them from
//! `crypto.getRandomValues`).

use crate::encode::{push_hex_byte, HexCase};

/// Formats `bytes` as a version 4, variant 1 UUID: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
pub fn v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        push_hex_byte(&mut out, *b, HexCase::Lower);
    }
    out
}

/// True for the text of a UUID (any version, lower- or upper-case hex); used to check
/// ids read back from storage.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn formats_version_and_variant_bits() {
        assert_eq!(v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = v4([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);
        assert_eq!(id, "12345678-9abc-4ef0-9122-334455667788");
        assert!(is_uuid(&id));
    }

    #[test]
    fn recognizes_uuids() {
        assert!(is_uuid("6F9619FF-8B86-D011-B42D-00C04FC964FF"));
        for bad in [
            "",
            "not-a-uuid",
            "6f9619ff8b86d011b42d00c04fc964ff",
            "6f9619ff-8b86-d011-b42d-00c04fc964fg",
            "6f9619ff-8b86-d011-b42d-00c04fc964f",
            "6f9619ff-8b86-d011-b42d_00c04fc964ff",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
    }
}
