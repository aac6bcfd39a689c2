"use client";
// Error state of /reports/<report>: reached only when no figures at all (not even stale ones) exist.

export default function ReportError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h2 className="font-semibold text-red-800">This report could not be loaded</h2>
      <p className="mt-1 text-sm text-red-700">The figures could not be computed and none were cached yet. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-red-700 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </div>
  );
}
