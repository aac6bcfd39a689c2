// npm run bench:load — a few minutes of mixed load against the standalone server on PostgreSQL:
// Stripe webhooks, the dashboard's live-refresh reads and the usage API at once. Prints
// throughput, p99 and errors per route, and the server's RSS over time (flat = no leak).
import os from "node:os";
import autocannon from "autocannon";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { closeDb, db, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { runScript } from "../run-script";
import { nextSequence, signedInvoiceEvent, sleep, startBenchServer } from "./bench-server";
import { rssMb } from "./process-stats";

const DURATION = Number(process.env.BENCH_DURATION_SECONDS ?? 120);

async function signIn(origin: string, email: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password: "ledgerline-demo", json: "true" }),
  });
  return [jar, ...response.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

runScript(async () => {
  let apiKey = "";
  const server = await startBenchServer(async (_connection, databaseUrl) => {
    installConnection(openConnection({ databaseUrl, poolSize: 2 }));
    await seedDemoData(db());
    const acme = await db().tenant.findUniqueOrThrow({ where: { slug: "acme" } });
    apiKey = (await createApiKey({ tenantId: acme.id, name: "load", actor: "bench" })).key;
    await closeDb();
  });
  try {
    const cookie = await signIn(server.origin, "ada@acme.test");
    const pid = server.process.pid!;
    const rss: number[] = [rssMb(pid)];
    const sampler = setInterval(() => rss.push(rssMb(pid)), 10_000);
    const now = Math.floor(Date.now() / 1000);
    let usage = 0;
    console.log(`\nMixed load for ${DURATION}s on ${os.cpus().length} cores…`);
    const [webhooks, dashboard, usageApi] = await Promise.all([
      autocannon({
        url: `${server.origin}/api/webhooks/stripe`,
        connections: 8,
        duration: DURATION,
        requests: [{ method: "POST", setupRequest: (r) => ({ ...r, ...signedInvoiceEvent("invoice.updated", `in_mixed_${nextSequence() % 300}`, "open", now + nextSequence()) }) }],
      }),
      autocannon({ url: `${server.origin}/api/billing/invoices`, connections: 8, duration: DURATION, headers: { cookie } }),
      autocannon({
        url: `${server.origin}/api/usage`,
        connections: 4,
        duration: DURATION,
        requests: [
          {
            method: "POST",
            setupRequest: (r) => ({
              ...r,
              headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
              body: JSON.stringify({ idempotencyKey: `load-${process.pid}-${++usage}`, customer: "cus_demo_acme_1", line: "api-calls", description: "API calls", unitAmount: 3, quantity: 1 }),
            }),
          },
        ],
      }),
    ]);
    clearInterval(sampler);
    rss.push(rssMb(pid));
    const row = (r: autocannon.Result) => ({ reqPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors, errorRate: `${(((r.non2xx + r.errors) / Math.max(1, r.requests.total)) * 100).toFixed(2)}%` });
    console.table({ "POST /api/webhooks/stripe": row(webhooks), "GET /api/billing/invoices": row(dashboard), "POST /api/usage": row(usageApi) });
    console.log(`server RSS (MB) every 10 s: ${rss.join(" → ")}`);
    await sleep(1_000);
  } finally {
    await server.stop();
  }
});
