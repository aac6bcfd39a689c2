// Loading state of /support/backfill while recent runs are read.
export default function BackfillLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading backfills">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-24 animate-pulse rounded-lg bg-slate-100" />
      <div className="h-40 animate-pulse rounded-lg bg-slate-100" />
    </div>
  );
}
