"use client";
// Error state of /reports/<report>: reached only when no figures at all (not even stale ones) exist.
import { ErrorState } from "@/components/ui/error-state";

export default function ReportError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="This report could not be loaded" reset={reset} />;
}
