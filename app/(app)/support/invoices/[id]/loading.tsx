// Loading state of /support/invoices/[id].
export default function Loading() {
  return <div aria-busy="true" aria-label="Loading" className="h-40 animate-pulse rounded-lg bg-slate-100" />;
}
