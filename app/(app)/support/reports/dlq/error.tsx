"use client";
// Error state of the weekly dead-letter reports: a message and a retry, never a stack trace.

export default function ReportsDlqError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h2 className="font-semibold text-red-800">We could not load the reports</h2>
      <p className="mt-1 text-sm text-red-700">This is on our side. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-red-700 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </div>
  );
}
