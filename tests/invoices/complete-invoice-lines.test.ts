// Which invoice snapshots carry all of their lines, and the apply's refusal of one that does not.
import { describe, expect, it } from "vitest";
import { assertCompleteLines, hasIncompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { stripeInvoiceSchema } from "@/lib/stripe/schemas";

const line = (n: number) => ({ id: `il_fixture${n}`, amount: 100 + n, currency: "eur", quantity: 1 });
const lines = (count: number) => Array.from({ length: count }, (_, i) => line(i));

function snapshot(linesField: unknown) {
  return stripeInvoiceSchema.parse({
    object: "invoice",
    id: "in_fixtureLong",
    customer: "cus_fixture",
    status: "open",
    currency: "eur",
    subtotal: 0,
    total: 0,
    amount_due: 0,
    amount_paid: 0,
    amount_remaining: 0,
    period_start: 1_790_000_000,
    period_end: 1_790_000_000,
    created: 1_790_000_000,
    lines: linesField,
  });
}

const rows: Array<[name: string, linesField: unknown, incomplete: boolean]> = [
  ["no lines field (older snapshots)", undefined, false],
  ["data alone (older shape)", { data: lines(3) }, false],
  ["a whole first page", { data: lines(4), has_more: false, total_count: 4, url: "/v1/invoices/in_fixtureLong/lines" }, false],
  ["a first page of a longer list", { data: lines(10), has_more: true, total_count: 25, url: "/v1/invoices/in_fixtureLong/lines" }, true],
  ["has_more without a count", { data: lines(10), has_more: true }, true],
  ["a count beyond the page", { data: lines(10), total_count: 11 }, true],
];

describe("complete invoice lines", () => {
  it.each(rows)("%s", (_name, linesField, incomplete) => {
    const invoice = snapshot(linesField);
    expect(hasIncompleteLines(invoice)).toBe(incomplete);
    if (incomplete) expect(() => assertCompleteLines(invoice)).toThrow(/carries 10 of its lines/);
    else expect(() => assertCompleteLines(invoice)).not.toThrow();
  });

  it("keeps the list's paging fields through validation", () => {
    const invoice = snapshot({ data: lines(10), has_more: true, total_count: 25, url: "/v1/invoices/in_fixtureLong/lines" });
    expect(invoice.lines).toMatchObject({ has_more: true, total_count: 25, url: "/v1/invoices/in_fixtureLong/lines" });
  });
});
