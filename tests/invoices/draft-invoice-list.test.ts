// Support's draft list: the drafts whose compiled sync keeps failing come first, with how many
// pushes failed in a row and since when — the support home links here when any does, so they must
// be on the page however many drafts sort before them by period end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listDraftInvoices } from "@/lib/invoices/draft-queries";
import { draftInvoiceData } from "../billing-sync/helpers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("support's draft invoice list", () => {
  it("puts the drafts whose sync is failing first, with the failure count and since when, past the page size", async () => {
    const tenant = await db().tenant.create({ data: { slug: "draft-list", name: "Draft List" } });
    const customer = await db().customer.create({ data: { tenantId: tenant.id, stripeCustomerId: "cus_draft_list" } });
    const day = 86_400_000;
    const base = Date.UTC(2026, 0, 1);
    await db().invoice.createMany({
      data: Array.from({ length: 101 }, (_, n) => draftInvoiceData(tenant.id, customer.id, `in_draft_list_${String(n).padStart(3, "0")}`, new Date(base + n * day), 1)),
    });
    // The last by period end: beyond the first 100 in period order.
    const stuck = await db().invoice.findUniqueOrThrow({ where: { stripeInvoiceId: "in_draft_list_100" } });
    const since = new Date(Date.now() - 3_600_000);
    await db().invoiceSyncState.create({ data: { invoiceId: stuck.id, tenantId: tenant.id, lastSyncError: "Stripe refused the change: the invoice is finalized.", consecutiveSyncFailures: 4, syncFailingSince: since } });

    const drafts = await listDraftInvoices(tenant.id);
    expect(drafts).toHaveLength(100);
    expect(drafts[0]).toMatchObject({ stripeInvoiceId: "in_draft_list_100", state: { consecutiveSyncFailures: 4, syncFailingSince: since, lastSyncError: expect.stringContaining("finalized") } });
    // The rest keep their period order.
    expect(drafts.slice(1).map((d) => d.stripeInvoiceId)).toEqual(Array.from({ length: 99 }, (_, n) => `in_draft_list_${String(n).padStart(3, "0")}`));
  });
});
