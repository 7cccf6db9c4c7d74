//! The modules of `src/wasm/` import each other without cycles (issue 13: `client` and
//! `token` used to import each other). Reads the sources: every `super::x`,
//! `super::super::x` and `crate::wasm::x` path outside comments is an edge.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Module path (`"tracker::send"`, `""` for `src/wasm/mod.rs`) → the modules it names.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(rel: &Path) -> String {
    let text = rel.with_extension("").to_string_lossy().replace('\\', "/");
    if text == "mod" {
        return String::new();
    }
    text.strip_suffix("/mod").unwrap_or(&text).replace('/', "::")
}

fn collect(dir: &Path, root: &Path, graph: &mut Graph) {
    for entry in fs::read_dir(dir).expect("src/wasm is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, root, graph);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let module = module_of(path.strip_prefix(root).expect("under src/wasm"));
        let parent = module.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_owned());
        let code: String = fs::read_to_string(&path)
            .expect("a readable source")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut deps = BTreeSet::new();
        for (prefix, relative) in [("crate::wasm::", false), ("super::super::", false), ("super::", true)] {
            for (at, _) in code.match_indices(prefix) {
                // `super::super::x` also contains `super::x`: take each occurrence once.
                if relative && code[..at].ends_with("super::") {
                    continue;
                }
                let rest = &code[at + prefix.len()..];
                // `super::{a, b::c}` names several modules.
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                    None => vec![rest],
                };
                for name in names {
                    let name: String = name.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    let target = if relative && !parent.is_empty() { format!("{parent}::{name}") } else { name };
                    if !target.is_empty() && target != module {
                        deps.insert(target);
                    }
                }
            }
        }
        graph.insert(module, deps);
    }
}

/// A cycle through `node`, if any, found depth first.
fn cycle(graph: &Graph, node: &str, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
    if let Some(at) = stack.iter().position(|n| n == node) {
        let mut found = stack[at..].to_vec();
        found.push(node.to_owned());
        return Some(found);
    }
    if !done.insert(node.to_owned()) {
        return None;
    }
    stack.push(node.to_owned());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(c) = cycle(graph, next, stack, done) {
            return Some(c);
        }
    }
    stack.pop();
    None
}

#[test]
fn wasm_modules_import_each_other_without_cycles() {
    // LINKFLOW_WASM_SRC points the test at another copy (how it is shown failing on the
    // base commit's sources).
    let root = std::env::var_os("LINKFLOW_WASM_SRC").map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wasm"), PathBuf::from);
    let mut graph = Graph::new();
    collect(&root, &root, &mut graph);
    assert!(graph.contains_key("client") && graph.contains_key("token"), "read src/wasm: {:?}", graph.keys());
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(c) = cycle(&graph, node, &mut Vec::new(), &mut done) {
            panic!("module cycle in src/wasm: {}", c.join(" -> "));
        }
    }
}
