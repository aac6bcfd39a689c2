// Event ingestion through inngest.send() and how events turn into runs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { APP_ID, callDriver, LOCAL_DRIVER_ORIGIN, startHarness, type Harness } from "./harness";

let h: Harness;
const seen: string[] = [];

beforeAll(async () => {
  h = await startHarness((inngest) => [
    inngest.createFunction({ id: "on-invoice", triggers: [{ event: "test/invoice.paid" }] }, async ({ event }) => {
      seen.push(`invoice:${String(event.data.n)}`);
      return event.id;
    }),
    inngest.createFunction(
      { id: "once-per-invoice", idempotency: "event.data.invoiceId", triggers: [{ event: "test/invoice.synced" }] },
      async ({ event }) => {
        seen.push(`synced:${String(event.data.invoiceId)}:${String(event.data.n)}`);
      },
    ),
    inngest.createFunction(
      { id: "large-only", triggers: [{ event: "test/payment", if: "event.data.amount >= 1000 && event.data.currency == 'eur'" }] },
      async ({ event }) => {
        seen.push(`large:${String(event.data.amount)}`);
      },
    ),
    inngest.createFunction({ id: "all-stripe", triggers: [{ event: "test-stripe/*" }] }, async ({ event }) => {
      seen.push(`stripe:${event.name}`);
    }),
  ]);
});

afterAll(async () => {
  await h?.close();
});

it("answers inngest.send() with the stored ids and passes the event to the function", async () => {
  const { ids } = await h.inngest.send({ name: "test/invoice.paid", data: { n: 1 } });
  expect(ids).toHaveLength(1);
  await h.driver.waitForIdle();
  const runs = await h.driver.listRuns({ eventId: ids[0] });
  expect(runs).toMatchObject([{ functionId: `${APP_ID}-on-invoice`, status: "completed", output: ids[0], eventName: "test/invoice.paid" }]);
});

it("starts one set of runs for an event id sent twice", async () => {
  const first = await h.inngest.send({ id: "evt_dup_1", name: "test/invoice.paid", data: { n: 2 } });
  const second = await h.inngest.send({ id: "evt_dup_1", name: "test/invoice.paid", data: { n: 3 } });
  expect(second.ids).toEqual(first.ids);
  await h.driver.waitForIdle();
  const runs = await h.driver.listRuns({ eventId: "evt_dup_1" });
  expect(runs).toMatchObject([{ status: "completed", output: "evt_dup_1", eventExternalId: "evt_dup_1" }]);
  expect(seen.filter((entry) => entry === "invoice:2" || entry === "invoice:3")).toEqual(["invoice:2"]);
});

it("stores an id repeated inside one send, and across concurrent sends, once", async () => {
  const inOneSend = await h.inngest.send([
    { id: "evt_twice_in_batch", name: "test/invoice.paid", data: { n: 40 } },
    { id: "evt_twice_in_batch", name: "test/invoice.paid", data: { n: 41 } },
  ]);
  expect(inOneSend.ids[1]).toBe(inOneSend.ids[0]);
  const concurrent = await Promise.all(Array.from({ length: 8 }, (_, i) => h.inngest.send({ id: "evt_concurrent", name: "test/invoice.paid", data: { n: 50 + i } })));
  expect(new Set(concurrent.map((result) => result.ids[0])).size).toBe(1);
  await h.driver.waitForIdle();
  expect(await h.driver.listRuns({ eventId: "evt_twice_in_batch" })).toHaveLength(1);
  expect(await h.driver.listRuns({ eventId: "evt_concurrent" })).toHaveLength(1);
  expect(seen.filter((entry) => /^invoice:(4[01]|5\d)$/.test(entry))).toHaveLength(2);
});

it("accepts an event id again once its 24 h window has passed", async () => {
  await h.inngest.send({ id: "evt_old", name: "test/invoice.paid", data: { n: 4 } });
  await h.driver.waitForIdle();
  await h.database.connection.query(`UPDATE "inngest_events" SET "received_at" = now() - interval '25 hours' WHERE "external_id" = 'evt_old'`);
  await h.inngest.send({ id: "evt_old", name: "test/invoice.paid", data: { n: 5 } });
  await h.driver.waitForIdle();
  expect(await h.driver.listRuns({ eventId: "evt_old" })).toHaveLength(2);
});

it("stores each event of an SDK retry (same x-inngest-event-id-seed) once", async () => {
  const send = () =>
    callDriver(
      h.link,
      new Request(`${LOCAL_DRIVER_ORIGIN}/e/key`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-inngest-event-id-seed": "1700000000000,c2VlZA==" },
        body: JSON.stringify([{ name: "test/invoice.paid", data: { n: 6 } }]),
      }),
    );
  const first = (await (await send()).json()) as { ids: string[]; status: number };
  const second = (await (await send()).json()) as { ids: string[]; status: number };
  expect(first.status).toBe(200);
  expect(second.ids).toEqual(first.ids);
  await h.driver.waitForIdle();
  expect(seen.filter((entry) => entry === "invoice:6")).toHaveLength(1);
});

it("refuses a malformed event with the SDK's error shape", async () => {
  const response = await callDriver(h.link, new Request(`${LOCAL_DRIVER_ORIGIN}/e/key`, { method: "POST", body: JSON.stringify([{ data: {} }]) }));
  expect(response.status).toBe(400);
  await expect(h.inngest.send({ name: "", data: {} })).rejects.toThrow();
});

it("runs a function once per idempotency key", async () => {
  await h.inngest.send([
    { name: "test/invoice.synced", data: { invoiceId: "in_1", n: 1 } },
    { name: "test/invoice.synced", data: { invoiceId: "in_1", n: 2 } },
    { name: "test/invoice.synced", data: { invoiceId: "in_2", n: 3 } },
  ]);
  await h.driver.waitForIdle();
  expect(seen.filter((entry) => entry.startsWith("synced:")).sort()).toEqual(["synced:in_1:1", "synced:in_2:3"]);
  expect(await h.driver.listRuns({ functionId: `${APP_ID}-once-per-invoice` })).toHaveLength(2);
});

it("starts a run only when the trigger's if-expression holds", async () => {
  await h.inngest.send([
    { name: "test/payment", data: { amount: 999, currency: "eur" } },
    { name: "test/payment", data: { amount: 1500, currency: "eur" } },
    { name: "test/payment", data: { amount: 5000, currency: "usd" } },
  ]);
  await h.driver.waitForIdle();
  expect(seen.filter((entry) => entry.startsWith("large:"))).toEqual(["large:1500"]);
});

it("matches wildcard triggers by prefix", async () => {
  await h.inngest.send([
    { name: "test-stripe/invoice.paid", data: {} },
    { name: "test-stripe/customer.created", data: {} },
    { name: "test-stripes/other", data: {} },
  ]);
  await h.driver.waitForIdle();
  expect(seen.filter((entry) => entry.startsWith("stripe:")).sort()).toEqual(["stripe:test-stripe/customer.created", "stripe:test-stripe/invoice.paid"]);
});
