// The shipped TypeScript declarations, from a consumer's point of view: `tsc --strict` on
// .ts/.cts files that use the API (ts/ok.ts, ts/cjs.cts, ts/tracker.ts) and misuse it on
// lines marked `@ts-expect-error` (ts/misuse.ts), with Node (nodenext) and bundler resolution.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { BIN, CONSUMER, run } from "./lib.mjs";

const tsc = path.join(BIN, "tsc");

for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
  test(`tsc --strict -p ${config}`, async () => {
    const r = await run(tsc, ["-p", config, "--pretty", "false"]);
    assert.equal(r.code, 0, `tsc reported errors:\n${r.stdout}${r.stderr}`);
  });
}

test("each misuse in ts/misuse.ts is a type error, and only those lines fail", async () => {
  // Remove the directives: exactly the marked lines must then fail to compile.
  const src = fs.readFileSync(path.join(CONSUMER, "ts/misuse.ts"), "utf8");
  fs.writeFileSync(path.join(CONSUMER, "ts/misuse-unmarked.ts"), src.replace(/^(\s*)\/\/ @ts-expect-error.*$/gm, "$1// (directive removed)"));
  const config = JSON.parse(fs.readFileSync(path.join(CONSUMER, "tsconfig.nodenext.json"), "utf8"));
  config.files = ["ts/misuse-unmarked.ts"];
  fs.writeFileSync(path.join(CONSUMER, "tsconfig.misuse.json"), JSON.stringify(config, null, 2));

  const r = await run(tsc, ["-p", "tsconfig.misuse.json", "--pretty", "false"]);
  const markedLines = src
    .split("\n")
    .flatMap((line, i) => (/^\s*\/\/ @ts-expect-error/.test(line) ? [i + 2] : []));
  const errorLines = [...new Set([...r.stdout.matchAll(/misuse-unmarked\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
  assert.deepEqual(errorLines.sort((a, b) => a - b), markedLines, `tsc output:\n${r.stdout}${r.stderr}`);
});
