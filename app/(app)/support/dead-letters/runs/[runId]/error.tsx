"use client";
// Error state of a run and the failure it came from: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function DlqRunsRunidError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load this run" reset={reset} />;
}
