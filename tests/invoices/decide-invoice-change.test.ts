// Event ordering in the invoice apply: which Stripe snapshot may overwrite the stored invoice.
import { describe, expect, it } from "vitest";
import { decideInvoiceChange, type InvoiceChangeDecision, type StoredInvoiceState } from "@/lib/invoices/decide-invoice-change";

const T = new Date("2026-11-01T12:00:00Z");
const before = new Date(T.getTime() - 1000);
const after = new Date(T.getTime() + 1000);

function stored(status: StoredInvoiceState["status"], overrides: Partial<StoredInvoiceState> = {}): StoredInvoiceState {
  return { status, total: 1000, amountPaid: status === "paid" ? 1000 : 0, amountDue: 1000, lastEventCreatedAt: T, ...overrides };
}

function incoming(status: StoredInvoiceState["status"], overrides: Partial<{ total: number; amount_paid: number; amount_due: number }> = {}) {
  return { status, total: 1000, amount_paid: status === "paid" ? 1000 : 0, amount_due: 1000, ...overrides };
}

type Row = [name: string, existing: StoredInvoiceState, next: ReturnType<typeof incoming>, eventCreated: Date, authoritative: boolean, expected: InvoiceChangeDecision];

const rows: Row[] = [
  ["a newer event applies", stored("open"), incoming("paid"), after, false, "apply"],
  ["a newer event applies even when it moves nothing", stored("open"), incoming("open"), after, false, "apply"],
  ["an older event is stale", stored("open"), incoming("draft"), before, false, "stale"],
  ["an older event is stale even when it moves forward", stored("draft"), incoming("paid"), before, false, "stale"],
  ["the first event for a record without a marker applies", stored("draft", { lastEventCreatedAt: null }), incoming("open"), before, false, "apply"],
  ["paid never moves back, however new the event", stored("paid"), incoming("open"), after, false, "stale"],
  ["void never moves back, however new the event", stored("void"), incoming("draft"), after, false, "stale"],
  ["paid never moves back, even from an authoritative fetch", stored("paid"), incoming("open"), after, true, "stale"],
  ["an authoritative fetch applies whatever its time", stored("open"), incoming("uncollectible"), before, true, "apply"],
  ["same second, further along the lifecycle: applies", stored("open"), incoming("paid"), T, false, "apply"],
  ["same second, back along the lifecycle: stale", stored("open"), incoming("draft"), T, false, "stale"],
  ["same second, same state: applies (a duplicate)", stored("open"), incoming("open"), T, false, "apply"],
  ["same second, same status, different total: refetch", stored("draft"), incoming("draft", { total: 1500, amount_due: 1500 }), T, false, "refetch"],
  ["same second, same status, different amount paid: refetch", stored("open"), incoming("open", { amount_paid: 500 }), T, false, "refetch"],
  ["same second, paid and void rank alike: refetch", stored("paid"), incoming("void", { amount_paid: 1000 }), T, false, "refetch"],
];

describe("decideInvoiceChange", () => {
  it.each(rows)("%s", (_name, existing, next, eventCreated, authoritative, expected) => {
    expect(decideInvoiceChange(existing, next, eventCreated, authoritative)).toBe(expected);
  });
});
