import type { InvoiceStatus } from "@/lib/db/generated/enums";

export const invoiceStatuses: readonly InvoiceStatus[] = ["draft", "open", "paid", "uncollectible", "void"];

export function parseInvoiceStatus(value: string | undefined): InvoiceStatus | undefined {
  return invoiceStatuses.find((s) => s === value);
}
