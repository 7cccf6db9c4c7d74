// Test runners as users configure them by default: Jest 30 (node and jsdom environments, no
// polyfills, CommonJS test files) and Vitest 4 (node and jsdom). The jsdom environments are
// browsers to the SDK: appSecret is refused there.
import fs from "node:fs";
import path from "node:path";
import { bin, expectProbe, probeSource, project, run, tail, versionOf } from "../lib.mjs";

// Jest's jsdom environment has no `fetch` (jsdom has none): the client is given one, as its
// `fetch` option allows; this minimal one over node:http is what the test brings.
const NODE_HTTP_FETCH = `
const nodeHttpFetch = (url, init = {}) =>
  new Promise((resolve, reject) => {
    const req = require("node:http").request(url, { method: init.method || "GET", headers: init.headers || {} }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c) => (body += c));
      res.on("end", () =>
        resolve({ ok: res.statusCode < 300, status: res.statusCode, headers: { get: (n) => res.headers[n.toLowerCase()] ?? null }, text: async () => body, json: async () => JSON.parse(body) }),
      );
    });
    req.on("error", reject);
    if (init.body) req.write(init.body);
    req.end();
  });
`;

/** The probe inside one test that writes its result to RESULT_FILE. */
const testFile = ({ style, tag, server, docblock, header = "", fetchExpr }) =>
  `${docblock}\n${header}${fetchExpr ? NODE_HTTP_FETCH : ""}` +
  probeSource({
    style,
    tag,
    server,
    fetchExpr,
    report: (call) =>
      `test("linkflow-sdk in ${tag}", async () => {\n  const r = await ${call};\n` +
      `  require("node:fs").writeFileSync(process.env.RESULT_FILE, JSON.stringify(r));\n}, 60000);\n`,
  });

async function runAndRead(cmd, args, dir) {
  const resultFile = path.join(dir, "result.json");
  const r = await run(cmd, args, { cwd: dir, env: { RESULT_FILE: resultFile, CI: "1" }, timeoutMs: 180_000 });
  if (r.code !== 0 || !fs.existsSync(resultFile)) throw new Error(`${args.join(" ")} failed (${r.code}):\n${tail(r.out)}`);
  return JSON.parse(fs.readFileSync(resultFile, "utf8"));
}

export const cases = [
  ...["node", "jsdom"].map((env) => ({
    name: `jest-${env}`,
    tool: "Jest",
    // jsdom has no global fetch: the client and the tracker both get a `fetch` option.
    note: env === "jsdom" ? "no global fetch: client and tracker get a fetch option" : undefined,
    version: async () => versionOf("jest"),
    run: async () => {
      const server = env === "node";
      const dir = project(`jest-${env}`, {
        "package.json": JSON.stringify({ private: true }),
        "probe.test.js": testFile({ style: "cjs", tag: `jest-${env}`, server, docblock: `/** @jest-environment ${env} */`, fetchExpr: server ? undefined : "nodeHttpFetch" }),
      });
      const jest = path.join(path.dirname(bin("jest")), "../jest/bin/jest.js");
      expectProbe(await runAndRead(process.execPath, [jest, "--ci", "--rootDir", dir], dir), { server });
    },
  })),
  ...["node", "jsdom"].map((env) => ({
    name: `vitest-${env}`,
    tool: "Vitest",
    version: async () => versionOf("vitest"),
    run: async () => {
      const server = env === "node";
      const dir = project(`vitest-${env}`, {
        "package.json": JSON.stringify({ private: true, type: "module" }),
        "probe.test.js": testFile({
          style: "esm",
          tag: `vitest-${env}`,
          server,
          docblock: `// @vitest-environment ${env}`,
          header: `import { test } from "vitest";\nimport { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n`,
        }),
      });
      expectProbe(await runAndRead(bin("vitest"), ["run", "--root", dir], dir), { server });
    },
  })),
];
