// Not-found state of an invoice page: also what another tenant's invoice id shows.
import Link from "next/link";

export default function InvoiceNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-10 text-center">
      <h1 className="text-xl font-semibold">Invoice not found</h1>
      <p className="mt-1 text-slate-600">It does not exist, or it is not one of your invoices.</p>
      <Link href="/billing" className="mt-4 inline-block text-indigo-700 underline">
        Back to billing
      </Link>
    </div>
  );
}
