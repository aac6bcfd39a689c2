// Silent-failure catalog: a sync request with a foreign Host header. The serve endpoint used to
// sync unauthenticated and build the function URLs from the Host header, and the driver stored
// them unchecked: every later run was posted to the attacker's host and the pipeline stalled.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashedSigningKey } from "@ledgerline/inngest-local-driver";
import { LOCAL_DRIVER_ORIGIN, localDriverFetch } from "@/lib/runtime/inngest-client-options";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

/** A raw PUT, so the Host header is exactly what an attacker sends. */
function hostileSync(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "PUT", headers: { host: "127.0.0.1:9999", ...headers } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

async function registeredUrls(): Promise<string[]> {
  const rows = await pipeline.database.connection.query<{ url: string }>(`SELECT "url" FROM "inngest_functions" ORDER BY "id"`);
  return rows.map((row) => row.url);
}

describe("a sync with a foreign Host header", () => {
  it.each<[string, Record<string, string>]>([
    ["unauthenticated", {}],
    ["asking for an in-band sync without a signature", { "content-type": "application/json", "x-inngest-sync-kind": "in_band" }],
  ])("is refused (%s) and leaves the registration unchanged", async (_label, headers) => {
    const before = await registeredUrls();
    expect(before.length).toBeGreaterThan(0);
    for (const url of before) expect(new URL(url).origin).toBe(pipeline.host.origin);

    const answer = await hostileSync(pipeline.host.url("/api/inngest"), headers);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await registeredUrls()).toEqual(before);
    expect(before.join(" ")).not.toContain("9999");
  });

  it("is refused by the driver even when the registration itself is authorized, naming the URL", async () => {
    const before = await pipeline.database.connection.query(`SELECT "id", "url", "config" FROM "inngest_functions" ORDER BY "id"`);
    const functions = before.map((row) => {
      const config = (row as { config: { steps: { step: { runtime: { url: string } } } } }).config;
      const url = new URL(config.steps.step.runtime.url);
      url.host = "127.0.0.1:9999";
      return { ...config, steps: { step: { ...config.steps.step, runtime: { ...config.steps.step.runtime, url: url.toString() } } } };
    });
    const [signingKey] = await pipeline.database.connection.query<{ value: string }>(`SELECT "value" FROM "app_settings" WHERE "key" = 'inngest_driver.signing_key'`);
    const answer = await localDriverFetch(`${LOCAL_DRIVER_ORIGIN}/fn/register`, {
      method: "POST",
      headers: { authorization: `Bearer ${hashedSigningKey(signingKey?.value ?? "")}`, "content-type": "application/json" },
      body: JSON.stringify({ appName: "ledgerline", functions }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/URL http:\/\/127\.0\.0\.1:9999\/api\/inngest\?fnId=\S+ is not on the serve origin http:\/\/127\.0\.0\.1:\d+/);
    expect(await pipeline.database.connection.query(`SELECT "id", "url", "config" FROM "inngest_functions" ORDER BY "id"`)).toEqual(before);
  });

  it("does not stop events posted afterwards from being applied", async () => {
    await hostileSync(pipeline.host.url("/api/inngest"));
    const customer = pipeline.createCustomer("after-hostile-sync");
    const { invoice, events } = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay" });
    await pipeline.settle();
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect(stored.status).toBe("paid");
    await expectEventsAccountedFor(pipeline.database.prisma, events.map((event) => event.id));
  });
});
