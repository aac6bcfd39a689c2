"use client";
// The live parts of /billing/invoices/[id]: poll GET /api/billing/invoices/[id] so the status, the
// amounts and Pay now follow a payment without a reload (Pay now goes away once paid or void, so
// nobody is invited to pay twice), and a refund, credit note or dispute arriving after payment
// shows too. Every part reads the same query, so the page polls once.
import { useQuery } from "@tanstack/react-query";
import { DateText } from "@/components/ui/date-text";
import { Money } from "@/components/ui/money";
import { liveInvoicePollInterval, type LiveInvoice } from "@/lib/billing/live-invoice";
import { InvoiceStatusBadge } from "./invoice-status-badge";
import { ReturnedMoneyBadge, ReturnedMoneyList } from "./returned-money";

function useLiveInvoice(initial: LiveInvoice, query: string): LiveInvoice {
  const { data } = useQuery({
    queryKey: ["billing-invoice", initial.id, query],
    queryFn: async (): Promise<LiveInvoice> => {
      const response = await fetch(`/api/billing/invoices/${encodeURIComponent(initial.id)}${query ? `?${query}` : ""}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`invoice: ${response.status}`);
      return ((await response.json()) as { invoice: LiveInvoice }).invoice;
    },
    initialData: initial,
    refetchInterval: (current) => liveInvoicePollInterval(current.state.data?.status ?? initial.status),
  });
  return data ?? initial;
}

/** Status badge, Pay now (open invoices with a payment page only), the PDF link, and the request to authenticate a payment. */
export function LiveInvoiceActions({ initial, query }: { initial: LiveInvoice; query: string }) {
  const invoice = useLiveInvoice(initial, query);
  return (
    <div className="flex flex-wrap items-center gap-3" aria-live="polite">
      {invoice.paymentActionRequired && invoice.hostedInvoiceUrl && (
        <p role="status" className="w-full rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your bank asks you to authenticate this payment.{" "}
          <a href={invoice.hostedInvoiceUrl} className="font-medium underline">
            Complete the payment
          </a>
        </p>
      )}
      {invoice.overdueSince && (
        <p role="status" className="w-full rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          Overdue since <DateText value={invoice.overdueSince} />: please pay it now.
        </p>
      )}
      <InvoiceStatusBadge status={invoice.status} />
      {invoice.payable && invoice.hostedInvoiceUrl && (
        <a href={invoice.hostedInvoiceUrl} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          Pay now
        </a>
      )}
      {invoice.invoicePdfUrl && (
        <a href={invoice.invoicePdfUrl} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          PDF
        </a>
      )}
    </div>
  );
}

/** One of the invoice's amounts, kept live. */
export function LiveInvoiceAmount({ initial, query, field }: { initial: LiveInvoice; query: string; field: "total" | "amountPaid" | "amountRemaining" }) {
  const invoice = useLiveInvoice(initial, query);
  return <Money minor={invoice[field]} currency={invoice.currency} />;
}

/** What went back from the invoice (refunds, credit notes, disputes) and the net it kept, kept live. */
export function LiveReturnedMoney({ initial, query }: { initial: LiveInvoice; query: string }) {
  const invoice = useLiveInvoice(initial, query);
  if (!invoice.returned) return null;
  return (
    <section aria-label="Refunds, credits and disputes" aria-live="polite">
      <h2 className="mb-2 text-lg font-semibold">Refunds, credits and disputes</h2>
      <ReturnedMoneyBadge returned={invoice.returned} currency={invoice.currency} />
      <ReturnedMoneyList returned={invoice.returned} currency={invoice.currency} />
    </section>
  );
}
