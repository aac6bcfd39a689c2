"use client";
// Error state of the weekly dead-letter reports: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function ReportsDlqError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load the reports" reset={reset} />;
}
