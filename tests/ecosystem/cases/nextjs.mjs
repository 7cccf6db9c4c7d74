// Next.js 16, App Router, with no configuration for the package (no next.config at all):
// `next build` with Turbopack and with webpack, then `next start`: a server component and a
// route handler (appSecret on the server), a "use client" component that tracks and one
// that calls the API through tokenProvider, checked in headless Chromium; and `next dev`
// answering the page.
import path from "node:path";
import { API, DEPS, PROBE, expectProbe, freePort, getJson, pageResults, project, runOk, startServer, versionOf } from "../lib.mjs";

const NEXT = path.join(DEPS, "node_modules/next/dist/bin/next");
// NODE_ENV set for each command: the Vite cases run in this process and set it to
// "development", which `next build` refuses.
const ENV = { NEXT_TELEMETRY_DISABLED: "1", ECO_API: API, NODE_ENV: "production" };

const FILES = {
  "package.json": JSON.stringify({ private: true }),
  "app/layout.js": `export const metadata = { title: "linkflow-sdk ecosystem" };
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  "app/probe.js": `${PROBE}\nexport { probe };\n`,
  // Server component: the Node entry, with the secret.
  "app/page.js": `import { LinkflowClient, LinkflowError } from "linkflow-sdk";
import ClientTrack from "./client-track";
import ClientApi from "./client-api";

export const dynamic = "force-dynamic";

export default async function Page() {
  const api = process.env.ECO_API;
  let server;
  try {
    const client = new LinkflowClient({ baseUrl: api, appKey: "demo-key", appSecret: "demo-secret" });
    server = { channelTypes: (await client.channels.types()).length };
    await client.contacts.find({}).catch((e) => (server.validation = e instanceof LinkflowError ? e.kind : String(e)));
  } catch (e) {
    server = { error: String((e && e.stack) || e) };
  }
  return (
    <main>
      <pre id="server">{JSON.stringify(server)}</pre>
      <ClientTrack api={api} />
      <ClientApi api={api} />
    </main>
  );
}
`,
  // Route handler: the whole probe on the server.
  "app/api/probe/route.js": `import * as sdk from "linkflow-sdk";
import * as trackerSdk from "linkflow-sdk/tracker";
import { probe } from "../../probe.js";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return Response.json(await probe(sdk, trackerSdk, { baseUrl: process.env.ECO_API, tag: "next-route", server: true }));
  } catch (e) {
    return Response.json({ error: String((e && e.stack) || e) });
  }
}
`,
  // Client component that tracks (also rendered on the server, where it only imports).
  "app/client-track.js": `"use client";
import { useEffect, useState } from "react";
import { Tracker } from "linkflow-sdk/tracker";

export default function ClientTrack({ api }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    const tracker = new Tracker({ channelId: "eco.example", collectUrl: api, writeKey: "eco", storage: "memory", autoPageView: false });
    tracker.track("ECO_next_client");
    tracker.flush().then(
      () => setState({ tracked: true }),
      (e) => setState({ error: String(e) }),
    );
    return () => tracker.destroy?.();
  }, [api]);
  return state ? <pre id="client-track">{JSON.stringify(state)}</pre> : null;
}
`,
  // Client component calling the API with tokens from a backend.
  "app/client-api.js": `"use client";
import { useEffect, useState } from "react";
import { LinkflowClient, LinkflowError } from "linkflow-sdk";

export default function ClientApi({ api }) {
  const [state, setState] = useState(null);
  useEffect(() => {
    (async () => {
      const client = new LinkflowClient({ baseUrl: api, tokenProvider: async () => (await fetch(api + "/demo/token")).json() });
      const out = { channelTypes: (await client.channels.types()).length };
      try {
        new LinkflowClient({ baseUrl: api, appKey: "demo-key", appSecret: "demo-secret" });
        out.appSecret = "accepted";
      } catch (e) {
        out.appSecret = e instanceof LinkflowError ? "refused" : String(e);
      }
      return out;
    })().then(setState, (e) => setState({ error: String((e && e.stack) || e) }));
  }, [api]);
  return state ? <pre id="client-api">{JSON.stringify(state)}</pre> : null;
}
`,
};

/** Checks a running Next.js app: the route handler's probe and the page in Chromium. */
async function checkApp(ctx, base) {
  expectProbe(await getJson(`${base}/api/probe`), { server: true });
  const r = await pageResults(await ctx.browser(), `${base}/`, ["server", "client-track", "client-api"]);
  const problems = [];
  if (r.server.channelTypes !== 24 || r.server.validation !== "validation") problems.push(`server component: ${JSON.stringify(r.server)}`);
  if (r["client-track"].tracked !== true) problems.push(`client tracker: ${JSON.stringify(r["client-track"])}`);
  if (r["client-api"].channelTypes !== 24 || r["client-api"].appSecret !== "refused") problems.push(`client API: ${JSON.stringify(r["client-api"])}`);
  if (problems.length) throw new Error(problems.join("\n"));
}

const buildAndStart = (bundler) => ({
  name: `nextjs-${bundler}`,
  tool: "Next.js",
  note: `${bundler}: next build + next start`,
  tracked: 2,
  version: async () => versionOf("next"),
  run: async (ctx) => {
    const dir = project(`next-${bundler}`, FILES);
    await runOk(process.execPath, [NEXT, "build", bundler === "webpack" ? "--webpack" : "--turbopack"], { cwd: dir, env: ENV, timeoutMs: 400_000 });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = await startServer(process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env: ENV, url: `${base}/api/probe` });
    try {
      await checkApp(ctx, base);
    } catch (e) {
      throw new Error(`${e.message}\nnext start:\n${app.log()}`);
    } finally {
      await app.stop();
    }
  },
});

export const cases = [
  buildAndStart("turbopack"),
  buildAndStart("webpack"),
  {
    name: "nextjs-dev",
    tool: "Next.js",
    note: "next dev (Turbopack) answers the page",
    version: async () => versionOf("next"),
    run: async (ctx) => {
      const dir = project("next-dev", FILES);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const app = await startServer(process.execPath, [NEXT, "dev", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env: { ...ENV, NODE_ENV: "development" }, url: `${base}/`, timeoutMs: 120_000 });
      try {
        const r = await pageResults(await ctx.browser(), `${base}/`, ["server", "client-track"], { timeoutMs: 120_000 });
        if (r.server.channelTypes !== 24 || r["client-track"].tracked !== true) throw new Error(`next dev page: ${JSON.stringify(r)}`);
      } catch (e) {
        throw new Error(`${e.message}\nnext dev:\n${app.log()}`);
      } finally {
        await app.stop();
      }
    },
  },
];
