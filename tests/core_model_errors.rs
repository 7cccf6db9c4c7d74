//! `ErrorKind` and the `LinkflowError` fields are declared once, in src/error.rs; the JS
//! template of the package (pkg-template/, written by hand because the tracker-only entry
//! shares `LinkflowError` but has no client types) must say the same.

use linkflow_sdk::error::JS_FIELDS;
use linkflow_sdk::ErrorKind;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_typescript_kind_union_is_the_rust_one() {
    let dts = read("pkg-template/types.d.ts");
    let start = dts.find("export type LinkflowErrorKind =").expect("LinkflowErrorKind in types.d.ts");
    let decl = dts.get(start..).and_then(|s| s.split(';').next()).expect("a ; after it");
    let union: String = decl.trim_start_matches("export type LinkflowErrorKind =").split_whitespace().collect();
    let rust: String = ErrorKind::TS_UNION.split_whitespace().collect();
    assert_eq!(union, rust, "pkg-template/types.d.ts LinkflowErrorKind differs from src/error.rs");
    assert_eq!(ErrorKind::ALL.len(), union.matches('"').count() / 2);
}

#[test]
fn the_js_field_list_is_the_rust_one() {
    let entry = read("pkg-template/entry.js");
    let line = entry.lines().find(|l| l.contains("const LINKFLOW_ERROR_FIELDS")).expect("LINKFLOW_ERROR_FIELDS in entry.js");
    let listed: Vec<String> = line.split('"').skip(1).step_by(2).map(str::to_owned).collect();
    assert_eq!(listed, JS_FIELDS, "pkg-template/entry.js LINKFLOW_ERROR_FIELDS differs from src/error.rs");
    let dts = read("pkg-template/types.d.ts");
    for field in JS_FIELDS {
        assert!(
            dts.contains(&format!("  {field}: ")) || dts.contains(&format!("  {field}?: ")),
            "types.d.ts does not declare LinkflowError.{field}"
        );
    }
}
