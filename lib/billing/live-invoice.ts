// What the invoice page keeps live (status, amounts, links) and whether it can still be paid: one
// shape for the server-rendered page and its JSON polling route, and no dates, so it survives JSON.
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { overdueSince } from "@/lib/invoices/overdue";
import { paymentActionRequired } from "@/lib/invoices/payment-action";
import type { ReturnedMoney } from "@/lib/money-returned/returned-money";

export interface LiveInvoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  total: number;
  amountPaid: number;
  amountRemaining: number;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
  /** Only an open invoice with a payment page is payable: never a paid or void one. */
  payable: boolean;
  /** Stripe waits for the customer to authenticate the payment on the hosted invoice page. */
  paymentActionRequired: boolean;
  /** Stripe reported the open invoice overdue: since its due date (or since Stripe said so), ISO. */
  overdueSince: string | null;
  /** Refunds, credit notes and disputes, the net kept and the invoice's state; null when nothing went back. */
  returned: ReturnedMoney | null;
}

export function toLiveInvoice(
  invoice: Omit<LiveInvoice, "payable" | "paymentActionRequired" | "returned" | "overdueSince"> & {
    paymentActionRequiredAt: Date | null;
    returned?: ReturnedMoney | null;
    overdueAt?: Date | null;
    dueDate?: Date | null;
  },
): LiveInvoice {
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    currency: invoice.currency,
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    amountRemaining: invoice.amountRemaining,
    hostedInvoiceUrl: invoice.hostedInvoiceUrl,
    invoicePdfUrl: invoice.invoicePdfUrl,
    payable: invoice.status === "open" && invoice.hostedInvoiceUrl !== null,
    paymentActionRequired: paymentActionRequired(invoice),
    overdueSince: overdueSince({ status: invoice.status, overdueAt: invoice.overdueAt ?? null, dueDate: invoice.dueDate ?? null })?.toISOString() ?? null,
    returned: invoice.returned ?? null,
  };
}

/**
 * How often the invoice page polls its invoice, by status: often while it can still be paid or
 * change status; slower once paid, since a refund, credit note or dispute can still arrive; never once void,
 * which Stripe never moves again. (React Query also pauses polling while the tab is hidden.)
 */
export function liveInvoicePollInterval(status: InvoiceStatus): number | false {
  if (status === "void") return false;
  return status === "paid" ? 30_000 : 5_000;
}
