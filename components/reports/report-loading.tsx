// Skeleton of a report page while its figures load.
export function ReportLoading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading report">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-10 animate-pulse rounded bg-slate-100" />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-20 animate-pulse rounded-lg bg-slate-100" />
        ))}
      </div>
      <div className="h-72 animate-pulse rounded-lg bg-slate-100" />
    </div>
  );
}
