/** The body of every loading.tsx: a title bar and a few rows while the page's data is read. */
export function LoadingSkeleton({ label, rows = 6 }: { label: string; rows?: number }) {
  return (
    <div className="space-y-4" aria-busy="true" aria-label={label}>
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
