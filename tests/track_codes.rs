//! The numbers the tracker's wasm facade and its JS driver agree on are declared once, in
//! Rust: `op` and `flag` in `src/wasm/tracker.rs`, `ask` in `src/wasm/tracker/host.rs`.
//! `pkg-template/tracker.js` writes each as its number followed by a comment naming it,
//! `7 /* op.track */` (the minifier drops the comment, so the shipped driver carries bare
//! numbers). This test is what makes that copy safe: every named number in the driver must
//! be the constant it names, every constant must appear there, and no `trackerOp` call may
//! pass an unnamed code.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

fn read(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `pub const NAME: u32 = N;` of `mod <module> { … }` in `source`, by the driver's name
/// for it (`TRY_SET` → `trySet`).
fn constants(source: &str, module: &str) -> BTreeMap<String, u32> {
    let start = source.find(&format!("mod {module} {{")).unwrap_or_else(|| panic!("no mod {module}"));
    let body = &source[start..];
    let body = &body[..body.find("\n}").expect("the module ends")];
    let mut out = BTreeMap::new();
    for line in body.lines() {
        let Some(rest) = line.trim().strip_prefix("pub const ") else { continue };
        let (name, value) = rest.split_once(": u32 = ").expect("a u32 constant");
        let value: u32 = value.trim_end_matches(';').parse().expect("a number");
        out.insert(camel(name), value);
    }
    assert!(!out.is_empty(), "mod {module} declares constants");
    out
}

fn camel(screaming: &str) -> String {
    let mut out = String::new();
    for (i, word) in screaming.split('_').enumerate() {
        let lower = word.to_ascii_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Every `N /* group.name */` of the driver: (group, name, N).
fn named_numbers(js: &str) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    for (at, _) in js.match_indices(" /* ") {
        let digits = js[..at].bytes().rev().take_while(u8::is_ascii_digit).count();
        let Some(comment) = js[at + 4..].split_once(" */").map(|(c, _)| c) else { continue };
        let Some((group, name)) = comment.split_once('.') else { continue };
        if digits == 0 || !matches!(group, "op" | "flag" | "ask") {
            continue;
        }
        let number = js[at - digits..at].parse().expect("digits");
        out.push((group.to_string(), name.to_string(), number));
    }
    out
}

#[test]
fn the_driver_names_every_code_as_the_rust_side_declares_it() {
    let facade = read("src/wasm/tracker.rs");
    let host = read("src/wasm/tracker/host.rs");
    let declared: BTreeMap<&str, BTreeMap<String, u32>> =
        [("op", constants(&facade, "op")), ("flag", constants(&facade, "flag")), ("ask", constants(&host, "ask"))].into();
    let js = read("pkg-template/tracker.js");
    let named = named_numbers(&js);
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    for (group, name, number) in &named {
        let want = declared[group.as_str()].get(name);
        assert_eq!(want, Some(number), "tracker.js writes {number} /* {group}.{name} */; the Rust side declares {want:?}");
        used.insert((group.clone(), name.clone()));
    }
    for (group, consts) in &declared {
        for name in consts.keys() {
            assert!(used.contains(&(group.to_string(), name.clone())), "tracker.js never names {group}.{name}");
        }
    }
}

#[test]
fn every_op_call_of_the_driver_names_its_code() {
    let js = read("pkg-template/tracker.js");
    for (at, _) in js.match_indices("trackerOp(") {
        let args = &js[at..];
        let Some(code) = args.split(',').nth(1) else { continue };
        let code = code.trim_start();
        if code.starts_with(|c: char| c.is_ascii_digit()) {
            let named = code.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(" /* op.");
            assert!(named, "an op code without its name: {}", &args[..args.find(')').unwrap_or(args.len()).min(80)]);
        }
    }
}

#[test]
fn the_scanner_reads_what_it_checks() {
    let named = named_numbers("a(1 /* op.track */); b === 12 /* ask.x */; 3 /* other.y */; x /* op.z */");
    assert_eq!(named, vec![("op".into(), "track".into(), 1), ("ask".into(), "x".into(), 12)]);
    assert_eq!(camel("ERASE_SESSION"), "eraseSession");
}
