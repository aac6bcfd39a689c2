// Skeletons of a report page: the whole page (loading.tsx) and its figures (streamed under the
// header and tabs, which render at once).
export function ReportFiguresSkeleton({ label = "Loading the figures" }: { label?: string }) {
  return (
    <div className="space-y-5" role="status" aria-busy="true" aria-label={label}>
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

export function ReportLoading() {
  return (
    <div className="space-y-5">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <ReportFiguresSkeleton label="Loading report" />
    </div>
  );
}
