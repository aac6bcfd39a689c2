// The explorer's list query: every filter, search by ids and inside the payload, and keyset
// pagination that neither skips nor repeats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFailureEnvelopes } from "@/lib/dead-letters/queries";
import { parseDlqFilter, type DlqFilter } from "@/lib/dead-letters/filters";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { createTenant, invoiceEvent, seedEnvelope } from "./helpers";

let database: TestDatabase;
let acme: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  acme = await createTenant("acme");
  const base = Date.UTC(2026, 10, 10, 12);
  ids.declined = await seedEnvelope({ reason: "Card declined for cus_1111aaaa", tenantId: acme, failedAt: new Date(base), stripeEvent: invoiceEvent({ customer: "cus_findme", number: "ACME-0042", amountDue: 4200 }) });
  ids.timeout = await seedEnvelope({ jobType: "stripe-invoice-created", reason: "Stripe timed out after 30000 ms", failedAt: new Date(base + 3_600_000) });
  ids.declined2 = await seedEnvelope({ reason: "Card declined for cus_2222bbbb", failedAt: new Date(base + 86_400_000 * 2) });
  for (let i = 0; i < 7; i++) await seedEnvelope({ reason: `Filler failure ${i}`, failedAt: new Date(base + 86_400_000 * 3 + i * 1000) });
  await db().failureEnvelope.update({ where: { id: ids.timeout }, data: { status: "discarded" } });
});
afterAll(() => database.drop());

async function list(params: Record<string, string>) {
  const parsed = parseDlqFilter(params);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return (await listFailureEnvelopes(parsed.filter)).envelopes.map((e) => e.id);
}

describe("listFailureEnvelopes", () => {
  it.each<[string, Record<string, string> | (() => Record<string, string>), string[]]>([
    ["status", { status: "discarded" }, ["timeout"]],
    ["job type", { jobType: "stripe-invoice-created" }, ["timeout"]],
    ["tenant", () => ({ tenant: acme }), ["declined"]],
    ["reason words", { reason: "card declin" }, ["declined2", "declined"]],
    ["date range", { from: "2026-11-10", to: "2026-11-10" }, ["timeout", "declined"]],
    ["customer id", { q: "cus_findme" }, ["declined"]],
    ["invoice number", { q: "ACME-0042" }, ["declined"]],
    ["payload words", { text: "ACME-0042" }, ["declined"]],
    ["payload word prefixes", { text: "findm" }, ["declined"]],
    ["JSON path", { path: "$.stripeEvent.data.object.amount_due ? (@ > 4000)" }, ["declined"]],
  ])("filters by %s", async (_, params, expected) => {
    expect(await list(typeof params === "function" ? params() : params)).toEqual(expected.map((k) => ids[k]));
  });

  it("finds by Stripe event id", async () => {
    const envelope = await db().failureEnvelope.findUniqueOrThrow({ where: { id: ids.declined } });
    expect(await list({ q: envelope.stripeEventId! })).toEqual([ids.declined]);
  });

  it("groups by root cause (normalized reason and what it concerns)", async () => {
    const group = await db().failureGroup.findFirstOrThrow({ where: { reasonKey: "card declined for <id>" } });
    expect(group.occurrences).toBe(2);
    expect(await list({ group: group.id })).toEqual([ids.declined2, ids.declined]);
  });

  it("pages with a keyset cursor, newest first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listFailureEnvelopes({} as DlqFilter, after, 3);
      seen.push(...page.envelopes.map((e) => e.id));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    const all = await db().failureEnvelope.findMany({ orderBy: [{ failedAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it("rejects bad input with a clear error and no query", async () => {
    expect(parseDlqFilter({ status: "exploded" })).toMatchObject({ ok: false, errors: { status: expect.any(String) } });
    expect(parseDlqFilter({ from: "yesterday" })).toMatchObject({ ok: false, errors: { from: expect.any(String) } });
    expect(parseDlqFilter({ from: "2026-11-10", to: "2026-11-01" })).toMatchObject({ ok: false });
    await expect(listFailureEnvelopes({ path: "$.a ? (" } as DlqFilter)).rejects.toMatchObject({ code: "invalid_input" });
  });
});
