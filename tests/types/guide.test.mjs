// Types and runtime agree on the guide's example answers: tsc --strict on tests/types/guide.ts
// (written by tests/core_model_guide.rs, which also runs each answer and its wrong copy
// through the runtime check) against the packed package's .d.ts. Every answer must
// type-check as the type the package declares for it, and every deliberately wrong copy
// must fail: with the `@ts-expect-error` directives removed, exactly those lines are errors.
// The same for the inputs: tests/types/inputs.ts (written by tests/core_model_inputs.rs,
// which runs each example and wrong copy through the request builders' validation).
// Run by tests/package/run.sh (needs its scratch consumer project).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { BIN, CONSUMER, run } from "../package/lib.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.join(BIN, "tsc");

function compile(name, source) {
  fs.writeFileSync(path.join(CONSUMER, `ts/${name}.ts`), source);
  const config = JSON.parse(fs.readFileSync(path.join(CONSUMER, "tsconfig.nodenext.json"), "utf8"));
  config.files = [`ts/${name}.ts`];
  fs.writeFileSync(path.join(CONSUMER, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
  return run(tsc, ["-p", `tsconfig.${name}.json`, "--pretty", "false"]);
}

for (const [file, minWrong] of [["guide", 40], ["inputs", 35]]) {
  const source = fs.readFileSync(path.join(HERE, `${file}.ts`), "utf8");

  test(`${file}.ts: every example type-checks as declared and every wrong copy is a type error (tsc --strict)`, async () => {
    const r = await compile(file, source);
    assert.equal(r.code, 0, `tsc reported errors:\n${r.stdout}${r.stderr}`);
  });

  test(`${file}.ts: without the directives, exactly the wrong copies fail`, async () => {
    const lines = source.split("\n");
    const wrongLines = lines.flatMap((line, i) => (/^export const \w+_wrong\w*:/.test(line) ? [i + 1] : []));
    assert.ok(wrongLines.length >= minWrong, `only ${wrongLines.length} wrong copies`);
    const unmarked = `${file}-unmarked`;
    const r = await compile(unmarked, source.replace(/^\/\/ @ts-expect-error.*$/gm, "// (directive removed)"));
    const errorLines = [...new Set([...r.stdout.matchAll(new RegExp(`${unmarked}\\.ts\\((\\d+),\\d+\\): error`, "g"))].map((m) => Number(m[1])))];
    assert.deepEqual(errorLines.sort((a, b) => a - b), wrongLines, `tsc output:\n${r.stdout}${r.stderr}`);
  });
}
