//! `ErrorKind` and the `LinkflowError` fields are declared once, in src/error.rs. The JS
//! template of the package (pkg-template/: the tracker-only entry shares `LinkflowError`
//! but has none of the client's generated types) carries copies generated from it: this
//! test fails when they are stale, and `LINKFLOW_UPDATE_TYPES=1 cargo test --test
//! core_model_errors` rewrites them.

use linkflow_sdk::error::JS_FIELDS;
use linkflow_sdk::ErrorKind;

const TYPES: &str = "pkg-template/types.d.ts";
const ENTRY: &str = "pkg-template/entry.js";

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `text` with the statement that starts with `start` (up to its `;`) replaced by
/// `start` + `value` + `;`.
fn regenerated(text: &str, start: &str, value: &str) -> String {
    let at = text.find(start).unwrap_or_else(|| panic!("no `{start}`"));
    let end = text.get(at..).and_then(|rest| rest.find(';')).map(|i| at + i).unwrap_or_else(|| panic!("no `;` after `{start}`"));
    format!("{}{start}{value}{}", text.get(..at).unwrap_or_default(), text.get(end..).unwrap_or_default())
}

/// Checks (or, with `LINKFLOW_UPDATE_TYPES`, rewrites) one generated statement.
fn assert_generated(path: &str, start: &str, value: &str) {
    let have = read(path);
    let want = regenerated(&have, start, value);
    if std::env::var_os("LINKFLOW_UPDATE_TYPES").is_some() && have != want {
        std::fs::write(path, &want).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    assert!(have == want, "{path}: `{start}` differs from src/error.rs (LINKFLOW_UPDATE_TYPES=1 cargo test --test core_model_errors)");
}

#[test]
fn the_typescript_kind_union_is_generated_from_the_rust_one() {
    let union: String = ErrorKind::ALL.iter().map(|k| format!("\n  | \"{}\"", k.as_str())).collect();
    assert_generated(TYPES, "export type LinkflowErrorKind =", &union);
}

#[test]
fn the_js_field_list_is_generated_from_the_rust_one() {
    let list: Vec<String> = JS_FIELDS.iter().map(|f| format!("\"{f}\"")).collect();
    assert_generated(ENTRY, "const LINKFLOW_ERROR_FIELDS = ", &format!("[{}]", list.join(", ")));
    let dts = read(TYPES);
    for field in JS_FIELDS {
        assert!(
            dts.contains(&format!("  {field}: ")) || dts.contains(&format!("  {field}?: ")),
            "{TYPES} does not declare LinkflowError.{field}"
        );
    }
}
