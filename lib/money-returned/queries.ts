// Reads of what went back from a tenant's invoices, for the billing pages; scoped by tenant in
// every query.
import "server-only";
import { db } from "@/lib/db/client";
import { withMinorUnits } from "@/lib/money/minor-units";
import { summarizeReturnedMoney, type ReturnedMoney, type ReturnedRows } from "./returned-money";

/** The refunds, credit notes and disputes of some of the tenant's invoices, summarized per invoice. */
export async function getReturnedMoneyForInvoices(tenantId: string, invoices: { id: string; amountPaid: number }[]): Promise<Map<string, ReturnedMoney>> {
  const ids = invoices.map((i) => i.id);
  if (ids.length === 0) return new Map();
  const where = { tenantId, invoiceId: { in: ids } };
  const [refunds, creditNotes, disputes] = await Promise.all([
    db().refund.findMany({ where, select: { invoiceId: true, stripeRefundId: true, amount: true, status: true, reason: true, stripeCreatedAt: true } }),
    db().creditNote.findMany({
      where,
      select: { invoiceId: true, stripeCreditNoteId: true, type: true, status: true, reason: true, total: true, prePaymentAmount: true, postPaymentAmount: true, refundedAmount: true, stripeCreatedAt: true },
    }),
    db().dispute.findMany({ where, select: { invoiceId: true, stripeDisputeId: true, amount: true, status: true, reason: true, stripeCreatedAt: true } }),
  ]);
  const out = new Map<string, ReturnedMoney>();
  for (const invoice of invoices) {
    const of = <T extends { invoiceId: string }>(rows: T[]) => rows.filter((r) => r.invoiceId === invoice.id).map((r) => withMinorUnits(r));
    const rows: ReturnedRows = { refunds: of(refunds), creditNotes: of(creditNotes), disputes: of(disputes) };
    if (rows.refunds.length + rows.creditNotes.length + rows.disputes.length > 0) out.set(invoice.id, summarizeReturnedMoney(invoice.amountPaid, rows));
  }
  return out;
}

/** What went back from one invoice; null when nothing did. */
export async function getReturnedMoneyForInvoice(tenantId: string, invoice: { id: string; amountPaid: number }): Promise<ReturnedMoney | null> {
  return (await getReturnedMoneyForInvoices(tenantId, [invoice])).get(invoice.id) ?? null;
}
