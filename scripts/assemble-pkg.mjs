#!/usr/bin/env node
// Assembles the npm package directory from wasm-bindgen's output and pkg-template/.
// Called by scripts/build.sh:
//   node scripts/assemble-pkg.mjs STAGE OUT VERSION
// STAGE holds {full,tracker}/{web,nodejs}/linkflow_sdk{.js,.d.ts,_bg.wasm} (already
// optimized); OUT is created (must not exist). Layout of OUT (`LOADERS` says why each
// entry loads the wasm as it does; package.json's exports map picks one per environment):
//   package.json README.md LICENSE index.d.ts index.d.cts
//   web/      --target web glue + its .wasm, and the ES module entries over them:
//             index.js (browsers, bundlers; the glue inlined, `browserModule`; top-level
//             `await init()`), dev.js (the same over the glue file, module inlined, for
//             development builds), workerd.js, bun.js
//   node/     index.mjs (Node/Deno ES module entry over ../web/'s glue, synchronous),
//             index.cjs + --target nodejs glue (CommonJS; package.json type commonjs)
//   tracker/  the same for the tracker-only build: index.js dev.js workerd.js bun.js index.d.ts
//             index.d.cts + glue, tracker/node/ index.mjs index.cjs + nodejs glue
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { shortenNames } from "./wasm-names.mjs";
import { trimGlue } from "./glue-trim.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TEMPLATE = path.join(ROOT, "pkg-template");
const GLUE = "linkflow_sdk"; // wasm-bindgen --out-name

// Classes that are part of the public API (API.md) and exported as values when the
// wasm module defines them. Every other class of the glue (resource namespaces, Pages)
// is exported from the .d.ts as a type only.
const PUBLIC_CLASSES = ["LinkflowClient", "Tracker"];
// Functions that are part of the public API (API.md), exported from the full entry (the dates
// of Open API answers and bodies: the tracker-only module leaves them out).
const PUBLIC_FUNCTIONS = ["parseLinkflowDate", "formatLinkflowDate"];
// Names of the glue that are plumbing, not API.
const HIDDEN = new Set(["InitInput", "InitOutput", "SyncInitInput", "default", "init", "initSync", "__setErrorClass", "__setHelpers", "__setCallDriver", "__callSettled"]);
// What pkg-template/entry.js (and the drivers) use from the glue, when the glue has it.
const PLUMBING = ["__setErrorClass", "__setHelpers", "__setCallDriver", "__callSettled", "Pages", "TrackerCore"];
// Public classes written in JS over a wasm core: the class, the glue export it drives, and
// the pkg-template file that defines it (appended to entry.js's body where the core exists).
const DRIVERS = [{ name: "Tracker", core: "TrackerCore", file: "tracker.js" }];

const [stage, out, version] = process.argv.slice(2);
if (!stage || !out || !version) {
  console.error("usage: assemble-pkg.mjs STAGE OUT VERSION");
  process.exit(2);
}
if (fs.existsSync(out)) {
  console.error(`assemble-pkg: ${out} already exists`);
  process.exit(2);
}

const read = (p) => fs.readFileSync(p, "utf8");

/**
 * Minifies a browser entry (entry + tracker driver): every visitor downloads it, and its
 * comments are already in the .d.ts files. The `new URL("…_bg.wasm", import.meta.url)` that
 * bundlers look for survives as written; scripts/check-pkg.mjs checks that every exported
 * class and function keeps its `.name`. It is also renamed: local names, and the
 * driver's private members (`_core`, `_host`, …: one `_` and a letter) become short names;
 * public names, wasm-bindgen's `__…` and whatever the glue or the page reads stay as written.
 * Measured on the tracker entry's index.js: 4,361 → 4,075 B gzip -9 (the full entry's 4,368 →
 * 4,095). Without esbuild's `keepNames` (bench/LEVERS-build.md, "Glue, round five": it wrapped
 * every function in a call naming it): the exported classes keep their names by being exported
 * by declaration (`exportedByDeclaration`), which a `format` would turn into an export list.
 */
const minifyEntry = (code) =>
  transformSync(code, { minifyWhitespace: true, minifySyntax: true, target: "es2022", legalComments: "none", mangleProps: /^_[A-Za-z]/ }).code;

/**
 * Minifies the web glue (wasm-bindgen copies every doc comment into it) with its
 * identifiers renamed, without `keepNames` (0.5-0.7 KB gzip less per entry,
 * bench/LEVERS-build.md). No `format`: esbuild then keeps `export class Tracker` and
 * `export function …` declarations as they are, so every exported class and function keeps
 * its own name (`Tracker.name`); only unexported and list-exported bindings are renamed.
 * The `new URL("…_bg.wasm", import.meta.url)` that bundlers look for survives as written.
 * wasm-bindgen's own members of the glue's classes (`__wbg_ptr`, `__destroy_into_raw`,
 * `__wrap`) get short names too: only the glue reads them (-20 / -36 B, tracker / full).
 * Throws if a public name would not survive.
 */
const GLUE_MEMBERS = /^__(wbg_ptr|destroy_into_raw|wrap)$/;
function minifyGlue(code, publicNames) {
  const min = transformSync(code, {
    minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: true, target: "es2022", legalComments: "none",
    mangleProps: GLUE_MEMBERS,
  }).code;
  const kept = new Set([...min.matchAll(/\bexport (?:class|function) ([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const had = exportedNames(code);
  const lost = publicNames.filter((n) => had.has(n) && !kept.has(n));
  if (lost.length) throw new Error(`assemble-pkg: minifying the glue would rename ${lost.join(", ")}`);
  return min;
}
/**
 * The browser entry with its glue inlined: one module instead of two, so a page's import waits
 * for one request before the .wasm's instead of two in a row (bench/LEVERS-build.md, "Cold
 * start, round three"). The glue (trimmed and with short wasm names, not minified) and the entry
 * body (`entryCode`: its own classes exported by declaration, its private members already
 * renamed, `__wasm.X` written as `X`) are joined and minified as one module, so that every
 * top-level name of both gets the shortest name free in the whole (bench/LEVERS-build.md, "Glue,
 * round five"). Names users see survive without esbuild's `keepNames`: what the entry exports
 * is exported by declaration (esbuild, given no `format`, keeps those names), and so are the
 * glue's other classes (`client.contacts` logs as ContactsApi) until minified, then their
 * `export` is dropped; the glue's plumbing (`__setErrorClass`, a driver's core class …) is not
 * exported and gets short names. The glue file stays beside it for the other entries and the
 * types; the .wasm stays a separate file found by `new URL(…, import.meta.url)`. (Starting the
 * .wasm's fetch in the module's first statement, before the glue evaluates, was measured and not
 * kept: no difference within the noise, 24 B more.)
 */
function browserModule(glueJs, entryCode, { exported, nameless }) {
  const fail = (why) => {
    throw new Error(`assemble-pkg: inlining the glue into the browser entry: ${why}`);
  };
  const glueExports = "export { initSync, __wbg_init as default };\n";
  if (!glueJs.endsWith(glueExports)) fail(`the glue does not end with ${glueExports.trim()}`);
  let glue = glueJs.slice(0, -glueExports.length);
  const internalClasses = [];
  for (const [, kind, name] of [...glue.matchAll(/^export (class|function) ([A-Za-z_$][\w$]*)/gm)]) {
    if (exported.includes(name)) continue;
    if (kind === "class" && !nameless.includes(name)) internalClasses.push(name);
    else glue = glue.replace(new RegExp(`^export ${kind} ${name.replace(/[$]/g, "\\$&")}\\b`, "m"), `${kind} ${name}`);
  }
  // A driver's core is held only by its JS class (a renamed private member), which has its own
  // `[Symbol.dispose]`: nobody can `using` the core, so it needs none.
  for (const name of nameless) {
    const dispose = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
    if (glue.split(dispose).length !== 2) fail(`the glue does not give ${name} a [Symbol.dispose] as expected`);
    glue = glue.replace(dispose, "");
  }
  if (/^export\b/m.test(glue.replace(/^export (class|function) /gm, ""))) fail("the glue exports in another form than `export class` / `export function`");
  let code = transformSync(`${glue}\n${entryCode}`, {
    minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: true, treeShaking: true, target: "es2022", legalComments: "none",
    mangleProps: GLUE_MEMBERS,
  }).code;
  for (const name of internalClasses) {
    const declaration = new RegExp(`\\bexport class ${name}(?=[{ ])`, "g");
    if ((code.match(declaration) || []).length !== 1) fail(`class ${name} is not one exported declaration after minifying`);
    code = code.replace(declaration, `class ${name}`);
  }
  const left = [...code.matchAll(/\bexport (?:class|function) ([A-Za-z_$][\w$]*)|\bexport\s*\{([^}]*)\}/g)].flatMap((m) => (m[1] ? [m[1]] : m[2].split(",").map((p) => p.trim())));
  if (left.sort().join() !== [...exported].sort().join()) fail(`it exports ${left.sort().join(", ")}, not ${[...exported].sort().join(", ")}`);
  if (/\b__wasm\b|\bimport\s*[\w{*]/.test(code)) fail("the entry still reads __wasm or imports a module");
  return code;
}

const write = (p, text) => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};

// The template's opening comment block speaks to maintainers; the banner replaces it.
const withoutHeader = (file) => read(path.join(TEMPLATE, file)).replace(/^(?:\/\/.*\n)+\n*/, "").trimEnd() + "\n";
const entryBody = withoutHeader("entry.js");
/**
 * The entry body for a glue that has the `plumbing` names, plus the drivers whose core the
 * glue exports (`drivers`): a region of entry.js between `// #if NAME` and `// #endif NAME`
 * lines is kept only where the glue has NAME, so an entry carries no code for what its
 * module lacks (the tracker has no `__setHelpers`).
 */
const bodyWith = (plumbing, drivers) =>
  [
    entryBody.replace(/^\/\/ #if (\w+)\n([\s\S]*?)^\/\/ #endif \1\n/gm, (_, name, code) => (plumbing.includes(name) ? code : "")),
    ...drivers.map((d) => withoutHeader(d.file)),
  ].join("\n");
const typesFragment = read(path.join(TEMPLATE, "types.d.ts")).trimEnd() + "\n";
const banner = (what) =>
  `// linkflow-sdk ${version}: ${what}.\n` +
  `// Generated by scripts/build.sh from pkg-template/entry.js; do not edit.\n`;

/** The names a wasm-bindgen .d.ts declares, by kind. */
function declaredNames(dts) {
  const names = { class: [], type: [], fn: [] };
  const re = /^export\s+(?:declare\s+)?(class|interface|type|enum|const\s+enum|function|const)\s+([A-Za-z_$][\w$]*)/gm;
  for (const m of dts.matchAll(re)) {
    const [, kind, name] = m;
    if (HIDDEN.has(name)) continue;
    if (kind === "class") names.class.push(name);
    else if (kind === "function" || kind === "const") names.fn.push(name);
    else names.type.push(name);
  }
  for (const k of Object.keys(names)) names[k] = [...new Set(names[k])];
  return names;
}

/**
 * Copies the glue (JS, .d.ts, .wasm) of one wasm-bindgen target. The .d.ts gets a header:
 * the lib its `[Symbol.dispose]()` members need, and the LinkflowError type that the
 * crate's typescript custom sections name (it is declared by the entry's index.d.ts /
 * index.d.cts, `indexTypes`).
 */
/** The names an ES module (the --target web glue) exports, read from its source. */
function exportedNames(js) {
  const names = new Set();
  for (const m of js.matchAll(/^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of js.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  }
  return names;
}

function copyGlue(fromDir, toDir, indexTypes, { browser }) {
  fs.mkdirSync(toDir, { recursive: true });
  fs.copyFileSync(path.join(fromDir, `${GLUE}_bg.wasm`), path.join(toDir, `${GLUE}_bg.wasm`));
  let js = read(path.join(fromDir, `${GLUE}.js`));
  // Every visitor downloads the browser module and glue: short import/export names there.
  // Without the branches for callers and engines the package does not have (scripts/glue-trim.mjs).
  if (browser) js = shortenNames(path.join(toDir, `${GLUE}_bg.wasm`), trimGlue(js));
  // The nodejs glue decodes strings with the global TextDecoder/TextEncoder, which Jest's
  // jsdom environment lacks: take Node's own (the same classes where the globals exist).
  const publicNames = [...PUBLIC_CLASSES, ...PUBLIC_FUNCTIONS];
  write(path.join(toDir, `${GLUE}.js`), browser ? minifyGlue(js, publicNames) : `const { TextDecoder, TextEncoder } = require("node:util");\n${js}`);
  let dts = read(path.join(fromDir, `${GLUE}.d.ts`));
  const header = [];
  if (/\bSymbol\.dispose\b/.test(dts)) header.push(`/// <reference lib="esnext.disposable" />`);
  if (/\bLinkflowError\b/.test(dts.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")) && !/^export\s+(declare\s+)?class\s+LinkflowError\b/m.test(dts)) {
    header.push(`import type { LinkflowError } from "${indexTypes}";`);
  }
  if (header.length) {
    header.push("// (header added by scripts/assemble-pkg.mjs)");
    dts = dts.replace(/^((?:\/\*.*\*\/\s*\n)*)/, (lead) => `${header.join("\n")}\n${lead}`);
  }
  write(path.join(toDir, `${GLUE}.d.ts`), dts);
  return js;
}

/**
 * How each ES module entry gets the wasm module into `initSync`/`init` of the --target web
 * glue. Every entry names the .wasm file in a form its own tools see and emit beside their
 * output (no path computed at run time, which server bundlers rewrite or move), and all
 * but the browser one instantiate synchronously, so importing them awaits nothing.
 *   browser  fetches new URL(…, import.meta.url) (top-level await: browsers have no
 *            synchronous way to get the bytes, and inlining them would cost a third more)
 *   node     Node, Deno, server bundles (Next.js, webpack, Vite SSR): reads the file at
 *            new URL(…, import.meta.url) through fs
 *   workerd  Cloudflare Workers: wrangler compiles an imported .wasm into a WebAssembly.Module
 *   bun      Bun: a `type: "file"` import, which `bun build --compile` embeds in the binary
 */
const LOADERS = {
  browser: (wasm) =>
    `// Fetches and instantiates ${wasm}, resolved with new URL(…, import.meta.url)\n` +
    `// (bundlers copy it as an asset).\n` +
    `await __wbg_init();\n`,
  // Next.js's server bundles (Turbopack and webpack) answer that URL relative to their
  // output, not as a file: URL; their `import.meta.url` is this file's own location, where
  // the package's .wasm is: read it there, through a path they do not rewrite.
  node: (wasm) =>
    `import { readFileSync as __readFileSync } from "node:fs";\n` +
    `import { dirname as __pathDirname, join as __pathJoin } from "node:path";\n` +
    `import { fileURLToPath as __fileURLToPath } from "node:url";\n` +
    `const __wasmUrl = new URL("${wasm}", import.meta.url);\n` +
    `__initSync({\n` +
    `  module: __readFileSync(__wasmUrl.protocol === "file:" ? __wasmUrl : __pathJoin(__pathDirname(__fileURLToPath(import.meta.url)), ...${JSON.stringify(wasm.split("/"))})),\n` +
    `});\n`,
  // Browsers in development builds (the `development` condition: Vite's and webpack's dev
  // modes): the bytes inlined, instantiated synchronously. Vite 7's dev pre-bundler moves
  // the entry away from its .wasm; production builds keep the smaller fetched file.
  inline: (wasm, bytes) =>
    `const __bytes = Uint8Array.from(atob("${bytes.toString("base64")}"), (c) => c.charCodeAt(0));\n` +
    `__initSync({ module: __bytes });\n`,
  workerd: (wasm) => `import __wasmModule from "${wasm}";\n` + `__initSync({ module: __wasmModule });\n`,
  bun: (wasm) =>
    `import { readFileSync as __readFileSync } from "node:fs";\n` +
    `import __wasmPath from "${wasm}" with { type: "file" };\n` +
    // A path in the runtime and in --compile binaries, but relative to the bundle in a
    // `bun build --target=bun` output (and readFileSync would read it from the cwd).
    `__initSync({ module: __readFileSync(new URL(__wasmPath, import.meta.url)) });\n`,
};

/**
 * `code` with each class of `names` exported by its declaration (`export class Tracker`): the
 * browser entry is minified without esbuild's `keepNames` (which wraps every function of the
 * entry in a call that names it), and without a `format` esbuild keeps exported declarations
 * as written, so these classes keep their `.name` (scripts/check-pkg.mjs and
 * tests/package/export-names.test.mjs check every export of every entry).
 */
function exportedByDeclaration(code, names) {
  for (const name of names) {
    const declaration = new RegExp(`^class ${name}\\b`, "gm");
    const n = (code.match(declaration) || []).length;
    if (n !== 1) throw new Error(`assemble-pkg: the entry declares class ${name} ${n} times (expected once, at the start of a line)`);
    code = code.replace(declaration, `export class ${name}`);
  }
  return code;
}

/** ES module entry over the --target web glue at `glue` (a relative specifier), loading its module as `loader` says. */
function esmEntry(values, plumbing, drivers, glue, loader, wasmBytes) {
  const own = drivers.map((d) => d.name);
  const fromGlue = values.filter((v) => !own.includes(v));
  const reexport = fromGlue.length ? `export { ${fromGlue.join(", ")} } from "${glue}.js";\n` : "";
  // The other entries import by name only what the glue has: bundlers reject missing named
  // exports, even when read as properties of a namespace object.
  const browser = loader === "browser";
  const named = ["initSync as __initSync", ...plumbing].join(", ");
  const classes = ["LinkflowError", ...own];
  // The browser entry is joined to its glue in one module (`browserModule`): no import there,
  // and each `__wasm.X` is the glue's `X` itself.
  if (browser) return LOADERS[loader](`${glue}_bg.wasm`) + exportedByDeclaration(bodyWith(plumbing, drivers), classes).replaceAll("__wasm.", "");
  return (
    `import { ${named} } from "${glue}.js";\n` +
    LOADERS[loader](`${glue}_bg.wasm`, wasmBytes) +
    `\nconst __wasm = { ${plumbing.join(", ")} };\n\n` +
    bodyWith(plumbing, drivers) +
    `\nexport { ${classes.join(", ")} };\n` +
    reexport
  );
}

/** CommonJS entry over the --target nodejs glue in the same folder. */
function cjsEntry(values, plumbing, drivers, what) {
  const own = drivers.map((d) => d.name);
  return (
    banner(what) +
    `"use strict";\n\n` +
    `// Loads ${GLUE}_bg.wasm synchronously from this folder.\n` +
    `const __wasm = require("./${GLUE}.js");\n\n` +
    bodyWith(plumbing, drivers) +
    `\nexports.LinkflowError = LinkflowError;\n` +
    values.map((v) => `exports.${v} = ${own.includes(v) ? v : `__wasm.${v}`};\n`).join("")
  );
}

/** index.d.ts / index.d.cts: the public surface of one entry. */
function typesEntry(gluePath, names, values, what) {
  const typeOnly = [...names.type, ...names.class.filter((c) => !values.includes(c))].sort();
  let text = `// linkflow-sdk ${version}: types of ${what}. Generated by scripts/build.sh; do not edit.\n`;
  if (values.length) text += `export { ${values.join(", ")} } from "${gluePath}";\n`;
  if (typeOnly.length) text += `export type {\n${typeOnly.map((n) => `  ${n},\n`).join("")}} from "${gluePath}";\n`;
  if (names.class.includes("Pages")) {
    text +=
      `\n// The JS entry makes Pages (what every iterate* method returns) async-iterable.\n` +
      `declare module "${gluePath}" {\n` +
      `  interface Pages {\n` +
      `    [Symbol.asyncIterator](): Pages;\n` +
      `  }\n` +
      `}\n`;
  }
  return text + "\n" + typesFragment;
}

const report = [];

function assembleEntry({ variant, dir, what }) {
  const webDir = path.join(stage, variant, "web");
  const nodeDir = path.join(stage, variant, "nodejs");
  const webDts = read(path.join(webDir, `${GLUE}.d.ts`));
  const names = declaredNames(webDts);
  const jsExports = exportedNames(read(path.join(webDir, `${GLUE}.js`)));
  const drivers = DRIVERS.filter((d) => jsExports.has(d.core));
  const values = [...PUBLIC_CLASSES, ...PUBLIC_FUNCTIONS].filter((c) => jsExports.has(c) || drivers.some((d) => d.name === c));
  const plumbing = PLUMBING.filter((n) => jsExports.has(n));
  for (const v of values) {
    if (![...names.class, ...names.fn].includes(v)) throw new Error(`${variant}: the glue exports ${v} but its .d.ts does not declare it`);
  }

  const outDir = path.join(out, dir);
  const outNode = path.join(outDir, "node");
  const webGlueDir = dir === "." ? path.join(out, "web") : outDir;
  const rel = (from, to) => {
    const r = path.relative(from, to).split(path.sep).join("/");
    return r.startsWith(".") ? r : `./${r}`;
  };
  const webGlue = copyGlue(webDir, webGlueDir, rel(webGlueDir, path.join(outDir, "index.js")), { browser: true });
  copyGlue(nodeDir, outNode, rel(outNode, path.join(outDir, "index.cjs")), { browser: false });
  write(path.join(outNode, "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");

  const glueFrom = (dir) => rel(dir, path.join(webGlueDir, GLUE));
  // Only the browser entry is minified: nobody downloads the others, and minifying would
  // strip the import attribute of bun.js.
  const wasmBytes = fs.readFileSync(path.join(webGlueDir, `${GLUE}_bg.wasm`)); // as shortened by copyGlue
  const esm = (dir, loader, file, kind) => {
    const code = esmEntry(values, plumbing, drivers, glueFrom(dir), loader, wasmBytes);
    const exported = ["LinkflowError", ...values];
    const nameless = drivers.map((d) => d.core);
    write(path.join(dir, file), banner(`${what}, ${kind} ES module entry`) + (loader === "browser" ? browserModule(webGlue, minifyEntry(code), { exported, nameless }) : code));
  };
  esm(webGlueDir, "browser", "index.js", "browser/bundler");
  esm(webGlueDir, "inline", "dev.js", "browser development build");
  esm(webGlueDir, "workerd", "workerd.js", "Cloudflare Workers (workerd)");
  esm(webGlueDir, "bun", "bun.js", "Bun");
  esm(outNode, "node", "index.mjs", "Node.js/Deno");
  write(path.join(outNode, "index.cjs"), cjsEntry(values, plumbing, drivers, `${what}, Node.js CommonJS entry`));

  const webGlueRel = "./" + path.relative(outDir, path.join(webGlueDir, `${GLUE}.js`)).split(path.sep).join("/");
  write(path.join(outDir, "index.d.ts"), typesEntry(webGlueRel, names, values, what));
  write(path.join(outDir, "index.d.cts"), typesEntry(`./node/${GLUE}.js`, declaredNames(read(path.join(nodeDir, `${GLUE}.d.ts`))), values, what));

  report.push({ entry: dir === "." ? "linkflow-sdk" : `linkflow-sdk/${dir}`, values: ["LinkflowError", ...values], names, plumbing });
}

assembleEntry({ variant: "full", dir: ".", what: "linkflow-sdk" });
assembleEntry({ variant: "tracker", dir: "tracker", what: "linkflow-sdk/tracker" });

// package.json, README, LICENSE
const pkg = JSON.parse(read(path.join(TEMPLATE, "package.json")));
pkg.version = version;
write(path.join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
fs.copyFileSync(path.join(TEMPLATE, "README.md"), path.join(out, "README.md"));
const rootLicense = ["LICENSE", "LICENSE.md", "LICENSE.txt"].map((f) => path.join(ROOT, f)).find((f) => fs.existsSync(f));
fs.copyFileSync(rootLicense ?? path.join(TEMPLATE, "LICENSE"), path.join(out, "LICENSE"));

// Every file the exports map points at must exist.
const targets = [];
const walk = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk));
walk(pkg.exports);
targets.push(pkg.main, pkg.module, pkg.types);
for (const t of targets) {
  if (!fs.existsSync(path.join(out, t))) {
    console.error(`assemble-pkg: package.json points at ${t}, which was not generated`);
    process.exit(1);
  }
}

for (const r of report) {
  console.log(`    ${r.entry}: exports ${r.values.join(", ")}`);
  const expected = r.entry === "linkflow-sdk" ? [...PUBLIC_CLASSES, ...PUBLIC_FUNCTIONS] : ["Tracker"];
  const missing = expected.filter((c) => !r.values.includes(c));
  if (missing.length) {
    console.log(`    warning: the wasm module does not export ${missing.join(", ")} (yet)`);
  }
  if (!r.plumbing.includes("__setErrorClass")) {
    console.log(`    warning: the wasm module does not export __setErrorClass: its errors will not be LinkflowError instances`);
  }
  if (r.entry === "linkflow-sdk") {
    console.log(`    types: ${r.names.type.length} interfaces/types, classes ${r.names.class.join(", ") || "(none)"}`);
  }
}
