"use client";
// Error state of /billing/api-keys: a message and a retry, never a stack trace.

export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <p className="text-red-800">This page could not be loaded. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-3 rounded bg-red-700 px-3 py-1.5 text-sm text-white">Try again</button>
    </div>
  );
}
