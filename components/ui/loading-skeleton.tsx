// Skeletons: what a page or a streamed section shows while its data is read. Each announces itself
// once (role="status" with a label); the grey bars are decoration.

function Rows({ rows }: { rows: number }) {
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
      ))}
    </div>
  );
}

/** The body of every loading.tsx: a title bar and a few rows while the page's data is read. */
export function LoadingSkeleton({ label, rows = 6 }: { label: string; rows?: number }) {
  return (
    <div className="space-y-4" role="status" aria-busy="true" aria-label={label}>
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <Rows rows={rows} />
    </div>
  );
}

/** Stands in for one streamed section of a page whose header is already on screen. */
export function SectionSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label={label}>
      <Rows rows={rows} />
    </div>
  );
}

/** Stands in for a row of figures (a definition list of cards) while they are counted. */
export function FiguresSkeleton({ label, count = 4 }: { label: string; count?: number }) {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="h-20 animate-pulse rounded-lg border border-slate-200 bg-white" />
      ))}
    </div>
  );
}
