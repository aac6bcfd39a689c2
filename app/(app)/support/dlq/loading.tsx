// Loading state of the dead-letter explorer.
export default function DlqLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading failures">
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
